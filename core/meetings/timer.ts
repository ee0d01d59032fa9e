import { AppError } from '../errors';
import type { Ctx } from '../function/define';
import { queueReminders } from './reminders';

/** The checkIn timer (every minute) and staff may queue due reminders; nobody else. */
export async function runReminders(ctx: Ctx): Promise<{ meetings: number; queued: number }> {
  const kind = ctx.actor.kind;
  if (kind !== 'system' && kind !== 'teacher' && kind !== 'admin') {
    throw new AppError(kind === 'anonymous' || kind === 'unbound' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  }
  return queueReminders(ctx);
}
