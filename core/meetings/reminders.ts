import { requireStaff } from '../actor';
import { COLLECTIONS } from '../collections';
import type { Ctx } from '../function/define';
import { newDelivery } from '../delivery/new-delivery';
import type { MeetingDoc } from '../../database-schema/documents';
import { attendeesOf } from './attendees';

export const REMIND_BEFORE_MS = 10 * 60_000;

/**
 * Ten minutes before a meeting, queues a WeChat reminder to everyone expected (signed up, when
 * sign-up is required) who has not checked in. Each meeting is claimed once (`reminderSent`), and
 * reminder ids are deterministic, so a timer that runs twice or dies half-way sends nothing twice.
 */
export async function queueReminders(ctx: Ctx): Promise<{ meetings: number; queued: number }> {
  const now = ctx.clock.now();
  const due = await ctx.store.find<MeetingDoc>(
    COLLECTIONS.meetings,
    { status: 'open', reminderSent: false, startsAt: { $gt: now, $lte: now + REMIND_BEFORE_MS } },
    { sort: { startsAt: 1 }, limit: 20 },
  );
  let queued = 0;
  for (const meeting of due) {
    const claimed = await ctx.store.update(COLLECTIONS.meetings, { _id: meeting._id, reminderSent: false }, { $set: { reminderSent: true } });
    if (claimed === 0) continue;
    const expected = { checkedInAt: null, openid: { $ne: null }, leave: { $ne: 'approved' } };
    const filter = meeting.signupRequired ? { ...expected, signup: 'signed' } : expected;
    for await (const page of attendeesOf(ctx, meeting._id, filter)) {
      const deliveries = page.map((a) => newDelivery({ kind: 'meeting', sourceId: meeting._id, purpose: 'reminder', studentNo: a.studentNo, openid: a.openid! }, now));
      await ctx.store.insertMany(COLLECTIONS.deliveries, deliveries);
      await ctx.store.update(COLLECTIONS.meetings, { _id: meeting._id }, { $inc: { 'delivery.pending': deliveries.length } });
      queued += deliveries.length;
    }
  }
  if (queued > 0) await ctx.tasks.kick('deliver', { action: 'drain' });
  return { meetings: due.length, queued };
}

/** The checkIn timer (every minute) and staff may queue due reminders; nobody else. */
export async function runReminders(ctx: Ctx): Promise<{ meetings: number; queued: number }> {
  requireStaff(ctx.actor);
  return queueReminders(ctx);
}
