import { randomBytes, randomInt } from 'node:crypto';
import { requireStaff } from '../actor';
import { COLLECTIONS } from '../collections';
import type { CreateMeetingInput } from '../contracts/checkin';
import { invalid } from '../errors';
import type { Ctx } from '../function/define';
import { deterministicId } from '../identity/secrets';
import { resolveAudience } from '../notices/audience';
import { createNotice } from '../notices/push';
import { shanghaiTime } from '../delivery/message';
import { isStoreConflict } from '../ports/store';
import type { AttendanceCounters, AttendeeDoc, MeetingDoc } from '../../database-schema/documents';
import { attendeeId } from './access';

const ATTENDEE_BATCH = 500;
const zero = (): AttendanceCounters => ({ audience: 0, signedUp: 0, checkedIn: 0, onTime: 0, late: 0, leave: 0 });

/**
 * Creates a meeting: one attendee record per audience member (`<meetingId>:<studentNo>`, which is
 * also the check-in record), counters set from that list, and optionally a notice to the audience.
 * A retry with the same `requestId` completes the first attempt instead of making a second meeting.
 */
export async function createMeeting(ctx: Ctx, input: CreateMeetingInput): Promise<{ meetingId: string; code?: string; noticeId?: string }> {
  const actor = requireStaff(ctx.actor);
  const creator = actor.kind === 'system' ? 'system' : actor.openid;
  if (input.signupDeadline !== undefined && input.signupDeadline > input.startsAt) throw invalid('报名截止时间不能晚于开始时间');
  const meetingId = input.requestId ? deterministicId('m', creator, input.requestId) : ctx.ids.random();
  const existing = await ctx.store.get<MeetingDoc>(COLLECTIONS.meetings, meetingId);
  if (existing?.status === 'open') return answer(existing);

  const recipients = await resolveAudience(ctx, actor, input.audience);
  if (recipients.length === 0) throw invalid('所选范围内没有学生');
  const now = ctx.clock.now();
  const draft: MeetingDoc = existing ?? {
    _id: meetingId,
    title: input.title,
    place: input.place ?? null,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    audience: { classIds: input.audience.classIds ?? [], studentNos: input.audience.studentNos ?? [], all: input.audience.all ?? false },
    classIds: [],
    modes: input.modes,
    geo: input.geo ?? null,
    lateAfterMin: input.lateAfterMin ?? 0,
    capacity: input.capacity ?? null,
    signupRequired: input.signupRequired ?? false,
    signupDeadline: input.signupDeadline ?? null,
    code: input.modes.includes('code') ? String(randomInt(0, 10_000)).padStart(4, '0') : null,
    secret: randomBytes(32).toString('base64url'),
    noticeId: null,
    createdBy: creator,
    createdAt: now,
    status: 'preparing',
    reminderSent: false,
    counts: zero(),
    byClass: {},
    delivery: { pending: 0, sent: 0, failed: 0 },
  };
  if (!existing) {
    try {
      await ctx.store.insert(COLLECTIONS.meetings, draft);
    } catch (error) {
      if (!isStoreConflict(error)) throw error;
    }
  }
  for (let i = 0; i < recipients.length; i += ATTENDEE_BATCH) {
    const batch: AttendeeDoc[] = recipients.slice(i, i + ATTENDEE_BATCH).map((r) => ({
      _id: attendeeId(meetingId, r.studentNo),
      meetingId,
      studentNo: r.studentNo,
      classId: r.classId,
      openid: r.openid,
      startsAt: draft.startsAt,
      signup: 'none',
      signedAt: null,
      checkedInAt: null,
      status: null,
      method: null,
      markedBy: null,
      location: null,
      leave: 'none',
      leaveReason: null,
      leaveComment: null,
      failedAttempts: 0,
    }));
    await ctx.store.insertMany(COLLECTIONS.attendees, batch);
  }
  const byClass: MeetingDoc['byClass'] = {};
  for (const r of recipients) (byClass[r.classId] ??= zero()).audience++;
  let noticeId: string | null = draft.noticeId;
  if (input.notify && !noticeId) {
    const pushed = await createNotice(ctx, {
      action: 'create',
      title: `活动通知：${draft.title}`,
      body: [`时间：${shanghaiTime(draft.startsAt)} 至 ${shanghaiTime(draft.endsAt, 'HH:mm')}`, draft.place ? `地点：${draft.place}` : '', draft.signupRequired ? '本活动需要报名，请在小程序中报名。' : '']
        .filter(Boolean)
        .join('\n'),
      category: '活动',
      urgency: 'normal',
      audience: input.audience,
      requestId: `m${meetingId}`.slice(0, 64),
    });
    noticeId = pushed.noticeId;
  }
  const counts = { ...zero(), audience: recipients.length };
  await ctx.store.update(COLLECTIONS.meetings, { _id: meetingId }, { $set: { status: 'open', classIds: Object.keys(byClass), byClass, counts, noticeId } });
  return answer({ ...draft, noticeId });
}

function answer(m: MeetingDoc): { meetingId: string; code?: string; noticeId?: string } {
  return { meetingId: m._id, ...(m.code ? { code: m.code } : {}), ...(m.noticeId ? { noticeId: m.noticeId } : {}) };
}
