import { COLLECTIONS } from '../collections';
import { AppError } from '../errors';
import type { Ctx } from '../function/define';
import { isStoreConflict } from '../ports/store';
import type { BindAttemptDoc } from '../../database-schema/documents';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 3600_000;

/** Refuses an OPENID with five failed binding attempts in the last hour, until the oldest ages out. */
export async function assertNotLocked(ctx: Ctx, openid: string): Promise<void> {
  const doc = await ctx.store.get<BindAttemptDoc>(COLLECTIONS.bindAttempts, openid);
  const recent = recentFailures(doc, ctx.clock.now());
  if (recent.length >= MAX_FAILURES) {
    const retryAfterMs = recent[recent.length - MAX_FAILURES]! + WINDOW_MS - ctx.clock.now();
    throw new AppError('RATE_LIMITED', `验证失败次数过多，请 ${Math.ceil(retryAfterMs / 60_000)} 分钟后再试`, { retryAfterMs });
  }
}

/**
 * Records a failure and answers how many attempts are left in the window. `$push` keeps concurrent
 * failures; the list stays short because a locked OPENID records no more.
 */
export async function recordFailure(ctx: Ctx, openid: string): Promise<number> {
  const now = ctx.clock.now();
  const push = () => ctx.store.update(COLLECTIONS.bindAttempts, { _id: openid }, { $push: { failures: [now] } });
  if ((await push()) === 0) {
    try {
      await ctx.store.insert(COLLECTIONS.bindAttempts, { _id: openid, failures: [now] });
    } catch (error) {
      if (!isStoreConflict(error)) throw error;
      await push();
    }
  }
  const doc = await ctx.store.get<BindAttemptDoc>(COLLECTIONS.bindAttempts, openid);
  return Math.max(0, MAX_FAILURES - recentFailures(doc, now).length);
}

function recentFailures(doc: BindAttemptDoc | null, now: number): number[] {
  return (doc?.failures ?? []).filter((t) => now - t < WINDOW_MS).sort((a, b) => a - b);
}
