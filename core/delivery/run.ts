import { AppError } from '../errors';
import type { Ctx } from '../function/define';
import { drain, type DrainReport } from './worker';

/** Stays well inside the function's 60 s timeout (cloudfunctions/deliver/config.json). */
export const DRAIN_BUDGET_MS = 50_000;

/** The timer, the platform after a push, or staff may work the queue; students may not. */
export async function runDelivery(ctx: Ctx): Promise<DrainReport> {
  const kind = ctx.actor.kind;
  if (kind !== 'system' && kind !== 'teacher' && kind !== 'admin') {
    throw new AppError(kind === 'anonymous' || kind === 'unbound' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  }
  return drain(ctx, { deadline: ctx.clock.now() + DRAIN_BUDGET_MS, signal: ctx.shutdown });
}
