import { COLLECTIONS } from '../collections';
import type { AttendanceRecord } from '../contracts/checkin';
import { notFound } from '../errors';
import type { Ctx } from '../function/define';
import { countCheckIn, getAttendee, getMeetingForStaff } from './access';
import { record } from './submit';

/** A teacher (or a cadre granted check-in) marks a student present by hand, recorded as such. */
export async function markPresent(ctx: Ctx, input: { meetingId: string; studentNo: string; status?: 'on_time' | 'late' }): Promise<AttendanceRecord> {
  const meeting = await getMeetingForStaff(ctx, input.meetingId, true);
  const attendee = await getAttendee(ctx, meeting._id, input.studentNo);
  if (!attendee) throw notFound('该学生不在本次活动范围内');
  if (attendee.checkedInAt !== null) return record(attendee, true);
  const status = input.status ?? 'on_time';
  const by = ctx.actor.kind === 'system' || ctx.actor.kind === 'anonymous' ? 'system' : ctx.actor.openid;
  const first = await ctx.store.update(COLLECTIONS.attendees, { _id: attendee._id, checkedInAt: null }, {
    $set: { checkedInAt: ctx.clock.now(), status, method: 'manual', markedBy: by },
  });
  const saved = (await getAttendee(ctx, meeting._id, input.studentNo))!;
  if (first === 1) {
    await countCheckIn(ctx, meeting._id, attendee.classId, status, attendee.leave === 'approved');
  }
  return record(saved, first === 0);
}
