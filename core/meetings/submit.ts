import { requireStudent } from '../actor';
import { COLLECTIONS } from '../collections';
import type { AttendanceRecord } from '../contracts/checkin';
import { AppError, forbidden } from '../errors';
import type { Ctx } from '../function/define';
import type { AttendeeDoc, MeetingDoc } from '../../database-schema/documents';
import { attendeeId, countCheckIn, getAttendee, getMeeting } from './access';
import { distanceM } from './geo';
import { verifyToken } from './qr-token';

/** Check-in opens this long before the start (people arrive early) and closes at the end. */
export const OPENS_BEFORE_MS = 30 * 60_000;
export const MAX_WRONG_ATTEMPTS = 5;

interface SubmitInput {
  meetingId: string;
  token?: string;
  code?: string;
  location?: { lat: number; lng: number; accuracy: number };
}

/**
 * A student checks in. The meeting decides the window and the credential; then one conditional
 * update records the check-in when everything about the student is as expected (in the audience,
 * not yet checked in, signed up if required, not locked out, not on approved leave, same class) —
 * no read of their record on the way, which is what a lecture hall of students at once needs. Only
 * when that update matches nothing is the record read, to answer why: a repeat returns the first
 * check-in, anything else its refusal.
 */
export async function submitCheckIn(ctx: Ctx, input: SubmitInput): Promise<AttendanceRecord> {
  const student = requireStudent(ctx.actor);
  const meeting = await getMeeting(ctx, input.meetingId);
  const id = attendeeId(meeting._id, student.studentNo);
  const now = ctx.clock.now();
  const credential = credentialOf(meeting, input, now);
  const fence = attempt(() => checkFence(meeting, input.location));
  const status = now <= meeting.startsAt + meeting.lateAfterMin * 60_000 ? 'on_time' : 'late';
  const checkIn = { checkedInAt: now, status, method: credential.method, location: fence.ok ? fence.value : null, markedBy: null } as const;

  if (credential.ok && fence.ok && windowRefusal(meeting, now) === null) {
    const recorded = await ctx.store.update(COLLECTIONS.attendees, {
      _id: id,
      classId: student.classId,
      checkedInAt: null,
      failedAttempts: { $lt: MAX_WRONG_ATTEMPTS },
      leave: { $ne: 'approved' },
      ...(meeting.signupRequired ? { signup: 'signed' } : {}),
    }, { $set: checkIn });
    if (recorded === 1) {
      await countCheckIn(ctx, meeting._id, student.classId, status, false);
      return { meetingId: meeting._id, studentNo: student.studentNo, ...checkIn, repeated: false };
    }
  }
  return slowPath(ctx, meeting, student.studentNo, credential, checkIn, input);
}

type Credential = { ok: true; method: 'qr' | 'code' | 'geo' } | { ok: false; method: 'qr' | 'code'; missing: boolean };

/** The record explains what the fast path could not: refusals in a fixed order, or the rare cases. */
async function slowPath(ctx: Ctx, meeting: MeetingDoc, studentNo: string, credential: Credential, checkIn: Pick<AttendeeDoc, 'checkedInAt' | 'status' | 'method' | 'location' | 'markedBy'>, input: SubmitInput): Promise<AttendanceRecord> {
  const attendee = await getAttendee(ctx, meeting._id, studentNo);
  if (!attendee) throw forbidden('你不在本次活动的范围内');
  if (attendee.checkedInAt !== null) return record(attendee, true);
  if (meeting.signupRequired && attendee.signup !== 'signed') throw forbidden('本活动需要先报名');
  const refusal = windowRefusal(meeting, ctx.clock.now());
  if (refusal) throw refusal;
  if (attendee.failedAttempts >= MAX_WRONG_ATTEMPTS) throw new AppError('RATE_LIMITED', '错误次数过多，请联系老师现场签到');
  if (!credential.ok) await refuseCredential(ctx, meeting, attendee, credential, input);
  checkFence(meeting, input.location);
  // In the audience, allowed, and not recorded: on approved leave, or moved to another class.
  const first = await ctx.store.update(COLLECTIONS.attendees, { _id: attendee._id, checkedInAt: null }, { $set: checkIn });
  if (first === 0) return record((await getAttendee(ctx, meeting._id, studentNo))!, true);
  // Approved leave no longer counts once the student came after all.
  await countCheckIn(ctx, meeting._id, attendee.classId, checkIn.status!, attendee.leave === 'approved');
  return record({ ...attendee, ...checkIn }, false);
}

function attempt<T>(check: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: check() };
  } catch {
    return { ok: false };
  }
}

function windowRefusal(m: MeetingDoc, now: number): AppError | null {
  if (now < m.startsAt - OPENS_BEFORE_MS) return new AppError('FORBIDDEN', '签到尚未开始', { reason: 'NOT_OPEN', opensAt: m.startsAt - OPENS_BEFORE_MS });
  if (now > m.endsAt) return new AppError('FORBIDDEN', '签到已结束', { reason: 'CLOSED' });
  return null;
}

/** qr and code are alternatives (either proves presence); geo alone needs no credential. */
function credentialOf(m: MeetingDoc, input: SubmitInput, now: number): Credential {
  const wantsQr = m.modes.includes('qr');
  const wantsCode = m.modes.includes('code');
  if (!wantsQr && !wantsCode) return { ok: true, method: 'geo' };
  if (wantsQr && input.token && verifyToken(m.secret, m._id, input.token, now)) return { ok: true, method: 'qr' };
  if (wantsCode && input.code && m.code === input.code) return { ok: true, method: 'code' };
  return { ok: false, method: input.token || !wantsCode ? 'qr' : 'code', missing: !input.token && !input.code };
}

/** A wrong credential counts toward the limit; a missing one is just bad input. */
async function refuseCredential(ctx: Ctx, m: MeetingDoc, a: AttendeeDoc, credential: Extract<Credential, { ok: false }>, input: SubmitInput): Promise<never> {
  if (credential.missing) throw new AppError('INVALID_INPUT', m.modes.includes('qr') ? '请扫描现场二维码签到' : '请输入现场签到码');
  await ctx.store.update(COLLECTIONS.attendees, { _id: a._id }, { $inc: { failedAttempts: 1 } });
  const attemptsLeft = Math.max(0, MAX_WRONG_ATTEMPTS - a.failedAttempts - 1);
  const what = input.token ? '二维码已过期或无效，请重新扫描' : '签到码错误';
  throw new AppError('FORBIDDEN', `${what}，还可尝试 ${attemptsLeft} 次`, { reason: 'WRONG_CREDENTIAL', attemptsLeft });
}

function checkFence(m: MeetingDoc, location: SubmitInput['location']): AttendeeDoc['location'] {
  if (!m.modes.includes('geo') || !m.geo) return location ? { ...location, distanceM: null } : null;
  if (!location) throw new AppError('INVALID_INPUT', '本活动需要位置签到，请允许获取位置');
  if (location.accuracy > m.geo.radiusM) {
    throw new AppError('FORBIDDEN', `定位精度不足（误差约 ${Math.round(location.accuracy)} 米），请到开阔处重试`, { reason: 'INACCURATE', accuracyM: Math.round(location.accuracy) });
  }
  const distance = Math.round(distanceM(location, m.geo));
  if (distance > m.geo.radiusM) {
    throw new AppError('FORBIDDEN', `不在签到范围内：距签到点约 ${distance} 米（范围 ${m.geo.radiusM} 米）`, { reason: 'OUTSIDE_FENCE', distanceM: distance, radiusM: m.geo.radiusM });
  }
  return { ...location, distanceM: distance };
}

export function record(a: AttendeeDoc, repeated: boolean): AttendanceRecord {
  return { meetingId: a.meetingId, studentNo: a.studentNo, status: a.status!, checkedInAt: a.checkedInAt!, method: a.method!, repeated };
}
