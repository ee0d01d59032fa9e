import { requireStudent } from '../actor';
import { COLLECTIONS } from '../collections';
import type { AttendanceRecord } from '../contracts/checkin';
import { AppError, forbidden } from '../errors';
import type { Ctx } from '../function/define';
import type { AttendeeDoc, MeetingDoc } from '../../database-schema/documents';
import { getAttendee, getMeeting, moveCounts } from './access';
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
 * A student checks in. Everything that can refuse is checked before anything is written except
 * the wrong-credential counter; the record itself is one conditional update, so a second check-in
 * (or a concurrent one) returns the first record unchanged.
 */
export async function submitCheckIn(ctx: Ctx, input: SubmitInput): Promise<AttendanceRecord> {
  const student = requireStudent(ctx.actor);
  // Two collections, two queues: read both at once.
  const [meeting, attendee] = await Promise.all([getMeeting(ctx, input.meetingId), getAttendee(ctx, input.meetingId, student.studentNo)]);
  if (!attendee) throw forbidden('你不在本次活动的范围内');
  if (attendee.checkedInAt !== null) return record(attendee, true);
  if (meeting.signupRequired && attendee.signup !== 'signed') throw forbidden('本活动需要先报名');

  const now = ctx.clock.now();
  if (now < meeting.startsAt - OPENS_BEFORE_MS) throw new AppError('FORBIDDEN', '签到尚未开始', { reason: 'NOT_OPEN', opensAt: meeting.startsAt - OPENS_BEFORE_MS });
  if (now > meeting.endsAt) throw new AppError('FORBIDDEN', '签到已结束', { reason: 'CLOSED' });
  if (attendee.failedAttempts >= MAX_WRONG_ATTEMPTS) throw new AppError('RATE_LIMITED', '错误次数过多，请联系老师现场签到');

  const method = await checkCredential(ctx, meeting, attendee, input, now);
  const location = checkFence(meeting, input.location);

  const status = now <= meeting.startsAt + meeting.lateAfterMin * 60_000 ? 'on_time' : 'late';
  const checkIn = { checkedInAt: now, status, method, location, markedBy: null } as const;
  const first = await ctx.store.update(COLLECTIONS.attendees, { _id: attendee._id, checkedInAt: null }, { $set: checkIn });
  // A concurrent check-in of the same student won: answer with its record.
  if (first === 0) return record((await getAttendee(ctx, meeting._id, student.studentNo))!, true);
  await moveCounts(ctx, meeting._id, attendee.classId, {
    checkedIn: 1,
    [status === 'on_time' ? 'onTime' : 'late']: 1,
    // Approved leave no longer counts once the student came after all.
    ...(attendee.leave === 'approved' ? { leave: -1 } : {}),
  });
  return record({ ...attendee, ...checkIn }, false);
}

/** qr and code are alternatives (either proves presence); a wrong one counts toward the limit. */
async function checkCredential(ctx: Ctx, m: MeetingDoc, a: AttendeeDoc, input: SubmitInput, now: number): Promise<'qr' | 'code' | 'geo'> {
  const wantsQr = m.modes.includes('qr');
  const wantsCode = m.modes.includes('code');
  if (!wantsQr && !wantsCode) return 'geo';
  if (wantsQr && input.token && verifyToken(m.secret, m._id, input.token, now)) return 'qr';
  if (wantsCode && input.code && m.code === input.code) return 'code';
  if (!input.token && !input.code) throw new AppError('INVALID_INPUT', wantsQr ? '请扫描现场二维码签到' : '请输入现场签到码');
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
