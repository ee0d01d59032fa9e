/**
 * The stored shape of every collection, as zod schemas with their inferred types.
 * Times are epoch milliseconds; ids are strings of [A-Za-z0-9_-] so they compose into
 * deterministic ids with ':' (a receipt is `<noticeId>:<studentNo>`).
 */
import { z } from 'zod';

const epochMs = z.number().int().nonnegative();

/**
 * Who an OPENID is, with what every call needs to decide access, so resolving a caller is one read.
 * The student and teacher records stay the truth; roster changes update this copy with them
 * (core/identity/user-sync.ts), and unbinding or removing a record removes it.
 */
export const UserDoc = z.discriminatedUnion('role', [
  z.object({ _id: z.string(), role: z.literal('student'), studentNo: z.string(), classId: z.string(), name: z.string(), boundAt: epochMs }),
  z.object({ _id: z.string(), role: z.literal('teacher'), teacherId: z.string(), classIds: z.array(z.string()), name: z.string(), boundAt: epochMs }),
]);
export type UserDoc = z.infer<typeof UserDoc>;

export const StudentDoc = z.object({
  _id: z.string(), // the student number
  name: z.string(),
  classId: z.string(),
  gender: z.enum(['male', 'female', 'unknown']),
  phone: z.string().nullable(),
  /** scrypt(idTail, salt + server secret): the ID number itself is never stored. */
  idTailHash: z.string(),
  idTailSalt: z.string(),
  openid: z.string().nullable(),
  boundAt: epochMs.nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
});
export type StudentDoc = z.infer<typeof StudentDoc>;

export const TeacherDoc = z.object({
  _id: z.string(),
  name: z.string(),
  classIds: z.array(z.string()),
  openid: z.string().nullable(),
  createdAt: epochMs,
});
export type TeacherDoc = z.infer<typeof TeacherDoc>;

export const ClassDoc = z.object({
  _id: z.string(),
  name: z.string(),
  grade: z.string(),
  major: z.string(),
  studentCount: z.number().int(),
  createdBy: z.string(),
  createdAt: epochMs,
});
export type ClassDoc = z.infer<typeof ClassDoc>;

export const InviteDoc = z.object({
  _id: z.string(), // the invite code
  name: z.string(),
  classIds: z.array(z.string()),
  createdBy: z.string(),
  createdAt: epochMs,
  expiresAt: epochMs,
  usedBy: z.string().nullable(),
  usedAt: epochMs.nullable(),
});
export type InviteDoc = z.infer<typeof InviteDoc>;

export const BindAttemptDoc = z.object({
  _id: z.string(), // the OPENID
  failures: z.array(epochMs),
});
export type BindAttemptDoc = z.infer<typeof BindAttemptDoc>;

export const Urgency = z.enum(['urgent', 'important', 'normal']);
export type Urgency = z.infer<typeof Urgency>;

export const DeliveryCounters = z.object({
  pending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
});
export type DeliveryCounters = z.infer<typeof DeliveryCounters>;

export const NoticeDoc = z.object({
  _id: z.string(),
  title: z.string(),
  body: z.string(),
  category: z.string(),
  urgency: Urgency,
  authorOpenid: z.string(),
  authorName: z.string(),
  audience: z.object({
    classIds: z.array(z.string()),
    studentNos: z.array(z.string()),
    all: z.boolean(),
  }),
  /** Every class that has a recipient: decides which teachers may see the statistics. */
  classIds: z.array(z.string()),
  status: z.enum(['publishing', 'published']),
  createdAt: epochMs,
  publishedAt: epochMs.nullable(),
  /** Counters kept in step with the receipts and deliveries they count (see `stats recount`). */
  recipients: z.number().int(),
  read: z.number().int(),
  delivery: DeliveryCounters,
  byClass: z.record(z.string(), z.object({ recipients: z.number().int(), read: z.number().int() })),
});
export type NoticeDoc = z.infer<typeof NoticeDoc>;

export const ReceiptDoc = z.object({
  _id: z.string(), // `<noticeId>:<studentNo>`
  noticeId: z.string(),
  studentNo: z.string(),
  classId: z.string(),
  /** The OPENID the student had bound when the notice was pushed (null: not reachable on WeChat). */
  openid: z.string().nullable(),
  readAt: epochMs.nullable(),
  /** Sorts the inbox ascending: unread urgent first, then newest; see core/notices/inbox-key.ts. */
  inboxKey: z.string(),
  createdAt: epochMs,
});
export type ReceiptDoc = z.infer<typeof ReceiptDoc>;

export const DeliveryStatus = z.enum(['pending', 'sending', 'sent', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const DeliveryDoc = z.object({
  _id: z.string(), // `<noticeId>:<openid>:<channel>`
  noticeId: z.string(),
  studentNo: z.string(),
  openid: z.string(),
  channel: z.literal('subscribe'),
  status: DeliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: epochMs,
  /** A claimed delivery belongs to one worker until the lease ends (then a crash is recovered). */
  claim: z.string().nullable(),
  leaseUntil: epochMs,
  errcode: z.number().int().nullable(),
  errmsg: z.string().nullable(),
  sentAt: epochMs.nullable(),
  createdAt: epochMs,
});
export type DeliveryDoc = z.infer<typeof DeliveryDoc>;

/** Fans a notice out into deliveries batch by batch, so a push writes receipts only. */
export const DeliveryJobDoc = z.object({
  _id: z.string(), // `<noticeId>:<channel>`
  noticeId: z.string(),
  channel: z.literal('subscribe'),
  /** The last receipt id expanded; expansion resumes after it. */
  cursor: z.string(),
  done: z.boolean(),
  claim: z.string().nullable(),
  leaseUntil: epochMs,
  createdAt: epochMs,
});
export type DeliveryJobDoc = z.infer<typeof DeliveryJobDoc>;
