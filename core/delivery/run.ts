import { requireStaff } from '../actor';
import type { Ctx } from '../function/define';
import { drain, type DrainReport } from './worker';

/** Stays well inside the function's 60 s timeout (cloudfunctions/deliver/config.json). */
export const DRAIN_BUDGET_MS = 50_000;

/** The timer, the platform after a push, or staff may work the queue; students may not. */
export async function runDelivery(ctx: Ctx): Promise<DrainReport> {
  requireStaff(ctx.actor);
  return drain(ctx, { deadline: ctx.clock.now() + DRAIN_BUDGET_MS, signal: ctx.shutdown });
}
