import { requireStaff } from '../actor';
import { COLLECTIONS } from '../collections';
import { conflict, notFound } from '../errors';
import type { Ctx } from '../function/define';
import { getAttendee, getMeetingForStaff, moveCounts } from './access';
import { ownAttendee } from './signup';

/** A student asks for leave (请假) before the meeting starts; asking again replaces the reason. */
export async function requestLeave(ctx: Ctx, input: { meetingId: string; reason: string }): Promise<{ leave: 'pending' }> {
  const { meeting, attendee } = await ownAttendee(ctx, input.meetingId);
  if (ctx.clock.now() >= meeting.startsAt) throw conflict('活动已开始，请直接联系老师', { reason: 'STARTED' });
  if (attendee.checkedInAt !== null) throw conflict('已签到，无需请假');
  if (attendee.leave === 'approved') throw conflict('请假已批准');
  await ctx.store.update(COLLECTIONS.attendees, { _id: attendee._id }, { $set: { leave: 'pending', leaveReason: input.reason, leaveComment: null } });
  return { leave: 'pending' };
}

/** The teacher approves or rejects; approved leave is counted apart from absence. */
export async function reviewLeave(ctx: Ctx, input: { meetingId: string; studentNo: string; approve: boolean; comment?: string }): Promise<{ leave: 'approved' | 'rejected' }> {
  requireStaff(ctx.actor);
  const meeting = await getMeetingForStaff(ctx, input.meetingId);
  const attendee = await getAttendee(ctx, meeting._id, input.studentNo);
  if (!attendee || attendee.leave === 'none') throw notFound('没有这条请假申请');
  const next = input.approve ? 'approved' : 'rejected';
  if (attendee.leave === next) return { leave: next };
  const changed = await ctx.store.update(COLLECTIONS.attendees, { _id: attendee._id, leave: attendee.leave }, { $set: { leave: next, leaveComment: input.comment ?? null } });
  // Leave counts only those not checked in: a student who came anyway is present.
  if (changed === 1 && attendee.checkedInAt === null) {
    if (next === 'approved') await moveCounts(ctx, meeting._id, attendee.classId, { leave: 1 });
    else if (attendee.leave === 'approved') await moveCounts(ctx, meeting._id, attendee.classId, { leave: -1 });
  }
  return { leave: next };
}
