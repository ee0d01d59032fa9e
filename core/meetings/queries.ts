import { isAdmin, requireStaff, requireStudent, visibleClasses } from '../actor';
import { COLLECTIONS } from '../collections';
import type { MeetingStats } from '../contracts/checkin';
import type { PageResult } from '../contracts/common';
import { AppError, forbidden } from '../errors';
import type { Ctx } from '../function/define';
import { decodeCursor, getMany, nextCursorOf } from '../paging';
import { pageOwnedByStudent } from '../roster/owned-page';
import type { Filter } from '../ports/store';
import type { AttendanceCounters, AttendeeDoc, MeetingDoc } from '../../database-schema/documents';
import { canRunCheckIn, getAttendee, getMeeting, getMeetingForStaff, isMeetingStaff } from './access';

function statsOf(m: MeetingDoc): MeetingStats {
  const expectedOf = (c: AttendanceCounters) => (m.signupRequired ? c.signedUp : c.audience);
  const absentOf = (c: AttendanceCounters) => Math.max(0, expectedOf(c) - c.checkedIn - c.leave);
  const byClass = Object.entries(m.byClass)
    .map(([classId, c]) => ({ classId, expected: expectedOf(c), checkedIn: c.checkedIn, late: c.late, leave: c.leave, absent: absentOf(c) }))
    .sort((a, b) => a.classId.localeCompare(b.classId));
  const c = m.counts;
  return { expected: expectedOf(c), checkedIn: c.checkedIn, onTime: c.onTime, late: c.late, leave: c.leave, absent: absentOf(c), signedUp: c.signedUp, byClass };
}

/** Counters, no scan. A cadre granted check-in sees the whole and their own class. */
export async function meetingStats(ctx: Ctx, input: { meetingId: string }): Promise<MeetingStats> {
  const meeting = await getMeetingForStaff(ctx, input.meetingId, true);
  const stats = statsOf(meeting);
  const visible = visibleClasses(ctx.actor, meeting.classIds, meeting.createdBy);
  if (ctx.actor.kind === 'student') return { ...stats, byClass: stats.byClass.filter((c) => visible?.includes(c.classId)) };
  return stats;
}

export interface AbsentStudent {
  studentNo: string;
  name: string;
  classId: string;
  leave: AttendeeDoc['leave'];
  leaveReason: string | null;
  signup: AttendeeDoc['signup'];
}

/** Expected but not checked in and not on approved leave, page by page, limited to visible classes. */
export async function absentStudents(ctx: Ctx, input: { meetingId: string; cursor?: string; limit: number }): Promise<PageResult<AbsentStudent>> {
  const meeting = await getMeetingForStaff(ctx, input.meetingId, true);
  const filter: Filter = { checkedInAt: null, leave: { $ne: 'approved' }, ...(meeting.signupRequired ? { signup: 'signed' } : {}) };
  const page = await pageOwnedByStudent<AttendeeDoc>(ctx, COLLECTIONS.attendees, meeting._id, filter, visibleClasses(ctx.actor, meeting.classIds, meeting.createdBy), input);
  return {
    items: page.items.map((a) => ({ studentNo: a.studentNo, name: a.name, classId: a.classId, leave: a.leave, leaveReason: a.leaveReason, signup: a.signup })),
    nextCursor: page.nextCursor,
  };
}

export interface MeetingView {
  meetingId: string;
  title: string;
  place: string | null;
  startsAt: number;
  endsAt: number;
  modes: MeetingDoc['modes'];
  geo: MeetingDoc['geo'];
  lateAfterMin: number;
  capacity: number | null;
  seatsLeft: number | null;
  signupRequired: boolean;
  signupDeadline: number | null;
  noticeId: string | null;
  /** Staff only: the code to show in the room. */
  code?: string | null;
  stats?: MeetingStats;
  /** Students only: their own record. */
  mine?: { signup: AttendeeDoc['signup']; checkedInAt: number | null; status: AttendeeDoc['status']; leave: AttendeeDoc['leave'] };
}

function view(m: MeetingDoc): MeetingView {
  return {
    meetingId: m._id,
    title: m.title,
    place: m.place,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    modes: m.modes,
    geo: m.geo,
    lateAfterMin: m.lateAfterMin,
    capacity: m.capacity,
    seatsLeft: m.capacity === null ? null : Math.max(0, m.capacity - m.counts.signedUp),
    signupRequired: m.signupRequired,
    signupDeadline: m.signupDeadline,
    noticeId: m.noticeId,
  };
}

export async function getMeetingView(ctx: Ctx, input: { meetingId: string }): Promise<MeetingView> {
  const m = await getMeeting(ctx, input.meetingId);
  if (isMeetingStaff(ctx.actor, m)) return { ...view(m), code: m.code, stats: statsOf(m) };
  const student = requireStudent(ctx.actor);
  const a = await getAttendee(ctx, m._id, student.studentNo);
  // Not addressed to you and not there answer alike.
  if (!a) throw new AppError('NOT_FOUND', '活动不存在');
  return { ...view(m), ...(canRunCheckIn(ctx.actor, m) ? { code: m.code } : {}), mine: { signup: a.signup, checkedInAt: a.checkedInAt, status: a.status, leave: a.leave } };
}

/** Newest first: a teacher's meetings (by class), or a student's (by attendance record). */
export async function listMeetings(ctx: Ctx, input: { cursor?: string; limit: number }): Promise<PageResult<MeetingView>> {
  const actor = ctx.actor;
  const after = decodeCursor(input.cursor);
  const [startsAt, id] = after ? [Number(after.split('|')[0]), after.split('|')[1] ?? ''] : [undefined, ''];
  const before: Filter | null = startsAt === undefined ? null : { $or: [{ startsAt: { $lt: startsAt } }, { startsAt, _id: { $lt: id } }] };
  const keyOf = (x: { startsAt: number; _id: string }) => `${x.startsAt}|${x._id}`;
  if (actor.kind === 'student') {
    const mine: Filter = { studentNo: actor.studentNo };
    const attendees = await ctx.store.find<AttendeeDoc>(COLLECTIONS.attendees, before ? { $and: [mine, before] } : mine, { sort: { startsAt: -1, _id: -1 }, limit: input.limit });
    const meetings = await getMany<MeetingDoc>(ctx.store, COLLECTIONS.meetings, attendees.map((a) => a.meetingId));
    const items = attendees.flatMap((a) => {
      const m = meetings.get(a.meetingId);
      return m && m.status === 'open' ? [{ ...view(m), mine: { signup: a.signup, checkedInAt: a.checkedInAt, status: a.status, leave: a.leave } }] : [];
    });
    return { items, nextCursor: nextCursorOf(attendees, input.limit, keyOf) };
  }
  const staff = requireStaff(actor);
  if (!isAdmin(staff) && staff.kind !== 'teacher') throw forbidden();
  const scope: Filter = isAdmin(staff) ? { status: 'open' } : { status: 'open', classIds: { $in: staff.kind === 'teacher' ? staff.classIds : [] } };
  const meetings = await ctx.store.find<MeetingDoc>(COLLECTIONS.meetings, before ? { $and: [scope, before] } : scope, { sort: { startsAt: -1, _id: -1 }, limit: input.limit });
  return { items: meetings.map((m) => ({ ...view(m), code: m.code, stats: statsOf(m) })), nextCursor: nextCursorOf(meetings, input.limit, keyOf) };
}
