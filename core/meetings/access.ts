import { hasCadreRight, isAdmin, type Actor } from '../actor';
import { COLLECTIONS } from '../collections';
import { forbidden, notFound } from '../errors';
import type { Ctx } from '../function/define';
import type { AttendanceCounters, AttendeeDoc, MeetingDoc } from '../../database-schema/documents';

export const attendeeId = (meetingId: string, studentNo: string) => `${meetingId}:${studentNo}`;

/** Its creator, teachers of a class it reaches, administrators. */
export function isMeetingStaff(actor: Actor, m: MeetingDoc): boolean {
  if (isAdmin(actor)) return true;
  return actor.kind === 'teacher' && (m.createdBy === actor.openid || m.classIds.some((id) => actor.classIds.includes(id)));
}

/** Staff, or a cadre granted `checkin` whose class the meeting reaches. */
export function canRunCheckIn(actor: Actor, m: MeetingDoc): boolean {
  return isMeetingStaff(actor, m) || m.classIds.some((id) => hasCadreRight(actor, 'checkin', id));
}

export async function getMeeting(ctx: Ctx, meetingId: string): Promise<MeetingDoc> {
  const m = await ctx.store.get<MeetingDoc>(COLLECTIONS.meetings, meetingId);
  if (!m || m.status !== 'open') throw notFound('活动不存在');
  return m;
}

export async function getMeetingForStaff(ctx: Ctx, meetingId: string, allowCadre = false): Promise<MeetingDoc> {
  const m = await getMeeting(ctx, meetingId);
  if (!(allowCadre ? canRunCheckIn(ctx.actor, m) : isMeetingStaff(ctx.actor, m))) throw forbidden('只有活动的老师或授权的班干部可以操作');
  return m;
}

export async function getAttendee(ctx: Ctx, meetingId: string, studentNo: string): Promise<AttendeeDoc | null> {
  return ctx.store.get<AttendeeDoc>(COLLECTIONS.attendees, attendeeId(meetingId, studentNo));
}

/** Moves the meeting's counters and its class's together. */
export async function moveCounts(ctx: Ctx, meetingId: string, classId: string, delta: Partial<AttendanceCounters>): Promise<void> {
  const $inc: Record<string, number> = {};
  for (const [key, n] of Object.entries(delta)) {
    if (!n) continue;
    $inc[`counts.${key}`] = n;
    $inc[`byClass.${classId}.${key}`] = n;
  }
  if (Object.keys($inc).length > 0) await ctx.store.update(COLLECTIONS.meetings, { _id: meetingId }, { $inc });
}

/** A check-in counted: present, on time or late — and no longer on leave if leave was approved. */
export function countCheckIn(ctx: Ctx, meetingId: string, classId: string, status: 'on_time' | 'late', wasOnLeave: boolean): Promise<void> {
  return moveCounts(ctx, meetingId, classId, { checkedIn: 1, [status === 'on_time' ? 'onTime' : 'late']: 1, ...(wasOnLeave ? { leave: -1 } : {}) });
}
