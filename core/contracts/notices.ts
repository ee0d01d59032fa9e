import { z } from 'zod';
import { Id, Page, StudentNo, TimerAction } from './common';

export const URGENCIES = ['urgent', 'important', 'normal'] as const;
export const URGENCY_LABELS: Record<(typeof URGENCIES)[number], string> = { urgent: '紧急', important: '重要', normal: '普通' };
export const DEFAULT_CATEGORIES = ['学业', '奖助', '活动', '安全', '就业', '生活', '其他'] as const;

export const Audience = z
  .object({
    classIds: z.array(Id).max(200).optional(),
    studentNos: z.array(StudentNo).max(5000).optional(),
    all: z.boolean().optional(),
  })
  .refine((a) => a.all || (a.classIds?.length ?? 0) > 0 || (a.studentNos?.length ?? 0) > 0, '请至少选择一个班级、学生或全部');
export type Audience = z.infer<typeof Audience>;

export const PushNoticeEvent = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('create'),
    title: z.string().trim().min(1, '标题不能为空').max(100, '标题最多 100 个字'),
    body: z.string().trim().min(1, '正文不能为空').max(20000, '正文最多 20000 个字'),
    category: z.string().trim().min(1).max(16),
    urgency: z.enum(URGENCIES),
    audience: Audience,
    /** Optional idempotency key: the same key from the same teacher makes the same notice once. */
    requestId: Id.optional(),
  }),
]);
export type PushNoticeEvent = z.infer<typeof PushNoticeEvent>;

export const NoticesEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal('inbox'), ...Page }),
  z.object({ action: z.literal('read'), noticeId: Id }),
]);
export type NoticesEvent = z.infer<typeof NoticesEvent>;

export interface InboxItem {
  noticeId: string;
  title: string;
  category: string;
  urgency: (typeof URGENCIES)[number];
  publishedAt: number;
  read: boolean;
}

export interface NoticeView {
  noticeId: string;
  title: string;
  body: string;
  category: string;
  urgency: (typeof URGENCIES)[number];
  authorName: string;
  publishedAt: number;
  /** When the caller (a student) first read it. */
  readAt: number | null;
}

export const StatsEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal('notice'), noticeId: Id }),
  z.object({ action: z.literal('unread'), noticeId: Id, ...Page }),
  z.object({ action: z.literal('recount'), noticeId: Id }),
]);
export type StatsEvent = z.infer<typeof StatsEvent>;

export interface NoticeStats {
  recipients: number;
  read: number;
  unread: number;
  delivered: number;
  failed: number;
  pending: number;
  byClass: { classId: string; recipients: number; read: number }[];
}

export const DeliverEvent = z.discriminatedUnion('action', [z.object({ action: z.literal('drain') }), TimerAction]);
export type DeliverEvent = z.infer<typeof DeliverEvent>;
