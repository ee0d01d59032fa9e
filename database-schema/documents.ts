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
  z.object({
    _id: z.string(),
    role: z.literal('student'),
    studentNo: z.string(),
    classId: z.string(),
    name: z.string(),
    rights: z.array(z.enum(['stats', 'remind', 'checkin'])).optional(),
    boundAt: epochMs,
  }),
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
  /** Rights a counselor granted this student as a class cadre (班干部). */
  rights: z.array(z.enum(['stats', 'remind', 'checkin'])).optional(),
  /** The latest location the student reported, visible to their teachers only. */
  lastLocation: z.object({ lat: z.number(), lng: z.number(), address: z.string().nullable(), at: epochMs }).optional(),
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

/** What a delivery is about: decides its message and whose counters it moves. */
export const DeliveryKind = z.enum(['notice', 'meeting']);
export type DeliveryKind = z.infer<typeof DeliveryKind>;

export const DeliveryDoc = z.object({
  _id: z.string(), // `<noticeId>:<openid>:subscribe`, `<meetingId>:<openid>:reminder`
  kind: DeliveryKind,
  /** The notice or meeting, whose `delivery` counters this delivery moves. */
  sourceId: z.string(),
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
  /** WeChat's id for an accepted send: its later send-result event names it. */
  msgid: z.string().optional(),
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

export const CheckInMode = z.enum(['qr', 'code', 'geo']);
export type CheckInMode = z.infer<typeof CheckInMode>;

const AttendanceCounters = z.object({
  audience: z.number().int(),
  signedUp: z.number().int(),
  checkedIn: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  leave: z.number().int(),
});

export const MeetingDoc = z.object({
  _id: z.string(),
  title: z.string(),
  place: z.string().nullable(),
  startsAt: epochMs,
  endsAt: epochMs,
  audience: z.object({ classIds: z.array(z.string()), studentNos: z.array(z.string()), all: z.boolean() }),
  classIds: z.array(z.string()),
  modes: z.array(CheckInMode),
  geo: z.object({ lat: z.number(), lng: z.number(), radiusM: z.number() }).nullable(),
  lateAfterMin: z.number().int(),
  capacity: z.number().int().nullable(),
  signupRequired: z.boolean(),
  signupDeadline: epochMs.nullable(),
  /** The code shown in the room (mode `code`); never sent to students. */
  code: z.string().nullable(),
  /** Keys the rotating QR tokens; never leaves the server. */
  secret: z.string(),
  noticeId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: epochMs,
  status: z.enum(['preparing', 'open']),
  reminderSent: z.boolean(),
  /** Counters kept in step with the attendees they count. */
  counts: AttendanceCounters,
  byClass: z.record(z.string(), AttendanceCounters),
  delivery: DeliveryCounters,
});
export type MeetingDoc = z.infer<typeof MeetingDoc>;
export type AttendanceCounters = z.infer<typeof AttendanceCounters>;

export const AttendeeDoc = z.object({
  _id: z.string(), // `<meetingId>:<studentNo>`: the check-in record
  meetingId: z.string(),
  studentNo: z.string(),
  classId: z.string(),
  openid: z.string().nullable(),
  /** The meeting's start, copied so a student's meetings sort without a join. */
  startsAt: epochMs,
  signup: z.enum(['none', 'signed', 'cancelled']),
  signedAt: epochMs.nullable(),
  checkedInAt: epochMs.nullable(),
  status: z.enum(['on_time', 'late']).nullable(),
  method: z.enum(['qr', 'code', 'geo', 'manual']).nullable(),
  markedBy: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number(), accuracy: z.number(), distanceM: z.number().nullable() }).nullable(),
  leave: z.enum(['none', 'pending', 'approved', 'rejected']),
  leaveReason: z.string().nullable(),
  leaveComment: z.string().nullable(),
  failedAttempts: z.number().int(),
});
export type AttendeeDoc = z.infer<typeof AttendeeDoc>;

export const LocationReportDoc = z.object({
  _id: z.string(),
  title: z.string(),
  classIds: z.array(z.string()),
  deadline: epochMs.nullable(),
  createdBy: z.string(),
  createdAt: epochMs,
  expected: z.number().int(),
  reported: z.number().int(),
});
export type LocationReportDoc = z.infer<typeof LocationReportDoc>;

export const LocationEntryDoc = z.object({
  _id: z.string(), // `<reportId>:<studentNo>`
  reportId: z.string(),
  studentNo: z.string(),
  classId: z.string(),
  reportedAt: epochMs.nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  accuracy: z.number().nullable(),
  address: z.string().nullable(),
  note: z.string().nullable(),
});
export type LocationEntryDoc = z.infer<typeof LocationEntryDoc>;
