import { z } from 'zod';
import { Id, Page, StudentNo, TimerAction } from './common';
import { Audience } from './notices';

const EpochMs = z.number().int().min(0).max(9_999_999_999_999);
const Lat = z.number().min(-90).max(90);
const Lng = z.number().min(-180).max(180);
const Note = z.string().trim().max(200, '最多 200 个字');

export const CHECK_IN_MODES = ['qr', 'code', 'geo'] as const;
export const ATTENDANCE_LABELS = { on_time: '准时', late: '迟到', leave: '请假', absent: '缺勤' } as const;

export const CreateMeeting = z
  .object({
    action: z.literal('create'),
    title: z.string().trim().min(1, '标题不能为空').max(60, '标题最多 60 个字'),
    place: z.string().trim().max(60).optional(),
    startsAt: EpochMs,
    endsAt: EpochMs,
    audience: Audience,
    modes: z.array(z.enum(CHECK_IN_MODES)).min(1, '至少选择一种签到方式').max(3),
    geo: z.object({ lat: Lat, lng: Lng, radiusM: z.number().min(10).max(5000) }).optional(),
    lateAfterMin: z.number().int().min(0).max(600).optional(),
    capacity: z.number().int().min(1).max(100_000).optional(),
    signupRequired: z.boolean().optional(),
    signupDeadline: EpochMs.optional(),
    /** Also push a notice about it to the audience. */
    notify: z.boolean().optional(),
    requestId: Id.optional(),
  })
  .refine((m) => m.endsAt > m.startsAt, { message: '结束时间必须晚于开始时间', path: ['endsAt'] })
  .refine((m) => !m.modes.includes('geo') || m.geo, { message: '位置签到需要设置地点和半径', path: ['geo'] })
  .refine((m) => new Set(m.modes).size === m.modes.length, { message: '签到方式重复', path: ['modes'] });

export const CheckInEvent = z.discriminatedUnion('action', [
  CreateMeeting,
  z.object({ action: z.literal('list'), ...Page }),
  z.object({ action: z.literal('get'), meetingId: Id }),
  z.object({ action: z.literal('token'), meetingId: Id }),
  z.object({
    action: z.literal('submit'),
    meetingId: Id,
    token: z.string().trim().max(64).optional(),
    code: z.string().trim().regex(/^\d{4,6}$/, '签到码为 4–6 位数字').optional(),
    location: z.object({ lat: Lat, lng: Lng, accuracy: z.number().min(0).max(100_000) }).optional(),
  }),
  z.object({ action: z.literal('signup'), meetingId: Id }),
  z.object({ action: z.literal('cancelSignup'), meetingId: Id }),
  z.object({ action: z.literal('leave'), meetingId: Id, reason: z.string().trim().min(1, '请填写请假事由').max(200) }),
  z.object({ action: z.literal('reviewLeave'), meetingId: Id, studentNo: StudentNo, approve: z.boolean(), comment: Note.optional() }),
  z.object({ action: z.literal('markPresent'), meetingId: Id, studentNo: StudentNo, status: z.enum(['on_time', 'late']).optional() }),
  z.object({ action: z.literal('stats'), meetingId: Id }),
  z.object({ action: z.literal('absent'), meetingId: Id, ...Page }),
  z.object({ action: z.literal('export'), meetingId: Id }),
  z.object({ action: z.literal('remind') }),
  TimerAction,
  z.object({ action: z.literal('openReport'), title: z.string().trim().min(1).max(60), audience: Audience, deadline: EpochMs.optional() }),
  z.object({ action: z.literal('location'), reportId: Id.optional(), lat: Lat, lng: Lng, accuracy: z.number().min(0).max(100_000).optional(), address: z.string().trim().max(120).optional(), note: Note.optional() }),
  z.object({ action: z.literal('reportStatus'), reportId: Id, reported: z.boolean().optional(), ...Page }),
  z.object({ action: z.literal('studentLocation'), studentNo: StudentNo }),
]);
export type CheckInEvent = z.infer<typeof CheckInEvent>;
export type CreateMeetingInput = z.infer<typeof CreateMeeting>;

export interface AttendanceRecord {
  meetingId: string;
  studentNo: string;
  status: 'on_time' | 'late';
  checkedInAt: number;
  method: 'qr' | 'code' | 'geo' | 'manual';
  /** True when this answer is the earlier check-in (a repeat changes nothing). */
  repeated: boolean;
}

export interface MeetingStats {
  expected: number;
  checkedIn: number;
  onTime: number;
  late: number;
  leave: number;
  absent: number;
  signedUp: number;
  byClass: { classId: string; expected: number; checkedIn: number; late: number; leave: number; absent: number }[];
}
