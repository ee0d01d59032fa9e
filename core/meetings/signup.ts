import { requireStudent } from '../actor';
import { COLLECTIONS } from '../collections';
import { AppError, conflict, forbidden } from '../errors';
import type { Ctx } from '../function/define';
import type { AttendeeDoc, MeetingDoc } from '../../database-schema/documents';
import { getAttendee, getMeeting, moveCounts } from './access';

/** The caller's own attendee record of a meeting; outside the audience is refused. */
export async function ownAttendee(ctx: Ctx, meetingId: string): Promise<{ meeting: MeetingDoc; attendee: AttendeeDoc }> {
  const student = requireStudent(ctx.actor);
  const meeting = await getMeeting(ctx, meetingId);
  const attendee = await getAttendee(ctx, meetingId, student.studentNo);
  if (!attendee) throw forbidden('你不在本次活动的范围内');
  return { meeting, attendee };
}

function assertSignupOpen(ctx: Ctx, m: MeetingDoc): void {
  const deadline = m.signupDeadline ?? m.startsAt;
  if (ctx.clock.now() > deadline) throw new AppError('CONFLICT', '报名已截止', { reason: 'SIGNUP_CLOSED' });
}

/**
 * Signs the caller up. A seat is taken first with a conditional increment (`signedUp < capacity`),
 * which the store applies atomically per document, so concurrent sign-ups never exceed capacity;
 * a repeat sign-up gives its seat back.
 */
export async function signUp(ctx: Ctx, input: { meetingId: string }): Promise<{ signedUp: true; seatsLeft: number | null }> {
  const { meeting, attendee } = await ownAttendee(ctx, input.meetingId);
  if (attendee.signup === 'signed') return { signedUp: true, seatsLeft: seatsLeft(meeting) };
  assertSignupOpen(ctx, meeting);
  if (meeting.capacity !== null) {
    const seat = await ctx.store.update(COLLECTIONS.meetings, { _id: meeting._id, 'counts.signedUp': { $lt: meeting.capacity } }, { $inc: { 'counts.signedUp': 1, [`byClass.${attendee.classId}.signedUp`]: 1 } });
    if (seat === 0) throw conflict('名额已满', { reason: 'FULL' });
  }
  const marked = await ctx.store.update(COLLECTIONS.attendees, { _id: attendee._id, signup: { $ne: 'signed' } }, { $set: { signup: 'signed', signedAt: ctx.clock.now() } });
  if (marked === 0) {
    // A concurrent request of the same student signed up first: this seat goes back.
    if (meeting.capacity !== null) await moveCounts(ctx, meeting._id, attendee.classId, { signedUp: -1 });
  } else if (meeting.capacity === null) {
    await moveCounts(ctx, meeting._id, attendee.classId, { signedUp: 1 });
  }
  const fresh = await getMeeting(ctx, meeting._id);
  return { signedUp: true, seatsLeft: seatsLeft(fresh) };
}

export async function cancelSignUp(ctx: Ctx, input: { meetingId: string }): Promise<{ signedUp: false }> {
  const { meeting, attendee } = await ownAttendee(ctx, input.meetingId);
  if (attendee.signup !== 'signed') return { signedUp: false };
  assertSignupOpen(ctx, meeting);
  if (attendee.checkedInAt !== null) throw conflict('已签到，不能取消报名');
  const cancelled = await ctx.store.update(COLLECTIONS.attendees, { _id: attendee._id, signup: 'signed', checkedInAt: null }, { $set: { signup: 'cancelled', signedAt: null } });
  if (cancelled === 1) await moveCounts(ctx, meeting._id, attendee.classId, { signedUp: -1 });
  return { signedUp: false };
}

const seatsLeft = (m: MeetingDoc): number | null => (m.capacity === null ? null : Math.max(0, m.capacity - m.counts.signedUp));

