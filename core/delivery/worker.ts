import { COLLECTIONS } from '../collections';
import type { Ctx } from '../function/define';
import { RETRYABLE_ERRCODES, type WeChatResult } from '../ports/wechat';
import type { Doc } from '../ports/store';
import type { DeliveryDoc } from '../../database-schema/documents';
import { DELIVERY_KINDS } from './kinds';
import { expandJobs } from './expand';
import { backoffMs, DELIVERY_POLICY, type DeliveryPolicy } from './policy';

export interface DrainOptions {
  /** Epoch ms after which no new batch is claimed (a function's time budget). */
  deadline: number;
  /** Stops claiming; in-flight sends finish and are recorded, claimed-but-unsent ones are released. */
  signal?: AbortSignal;
  /** Overrides of the delivery policy (tests and benchmarks shorten the waits). */
  policy?: Partial<DeliveryPolicy>;
}

export interface DrainReport {
  expanded: number;
  sent: number;
  failed: number;
  retried: number;
  /** Deliveries taken back from a worker whose lease ran out. */
  recovered: number;
  stoppedBy: 'empty' | 'deadline' | 'aborted';
}

/**
 * Works the delivery queue until it is empty, the deadline passes or the signal aborts. Every send
 * is claimed under a lease and recorded conditionally on that claim, so any number of workers, and
 * a worker stopped at any point, neither lose nor repeat a recorded send.
 */
export async function drain(ctx: Ctx, options: DrainOptions): Promise<DrainReport> {
  const claim = ctx.ids.random();
  const report: DrainReport = { expanded: 0, sent: 0, failed: 0, retried: 0, recovered: 0, stoppedBy: 'empty' };
  const sources = new Map<string, Doc | null>();
  const policy: DeliveryPolicy = { ...DELIVERY_POLICY, ...options.policy };
  let pauseUntil = 0;
  const writes = new Set<Promise<void>>();

  report.recovered = await ctx.store.update(
    COLLECTIONS.deliveries,
    { status: 'sending', leaseUntil: { $lt: ctx.clock.now() } },
    { $set: { status: 'pending', claim: null } },
  );

  const stopReason = (): DrainReport['stoppedBy'] | null =>
    options.signal?.aborted ? 'aborted' : ctx.clock.now() >= options.deadline ? 'deadline' : null;

  async function source(d: DeliveryDoc): Promise<Doc | null> {
    const key = `${d.kind}:${d.sourceId}`;
    if (!sources.has(key)) sources.set(key, await ctx.store.get(DELIVERY_KINDS[d.kind].collection, d.sourceId));
    return sources.get(key)!;
  }

  async function sendOne(d: DeliveryDoc): Promise<void> {
    while (ctx.clock.now() < pauseUntil && !options.signal?.aborted) await ctx.clock.sleep(pauseUntil - ctx.clock.now(), options.signal);
    if (options.signal?.aborted) {
      await ctx.store.update(COLLECTIONS.deliveries, { _id: d._id, claim: d.claim }, { $set: { status: 'pending', claim: null } });
      return;
    }
    const src = await source(d);
    const result: WeChatResult = src
      ? await ctx.wechat.sendSubscribeMessage(DELIVERY_KINDS[d.kind].message(src as never, d.openid, ctx.config))
      : { errcode: 404, errmsg: `${d.kind} removed` };
    // Every sender backs off together from WeChat's rate limit.
    if (result.errcode === 45009) pauseUntil = Math.max(pauseUntil, ctx.clock.now() + policy.rateLimitPauseMs);
    // Recorded without holding the sender: the next send starts while the store writes.
    const write = record(d, result).finally(() => writes.delete(write));
    writes.add(write);
  }

  async function record(d: DeliveryDoc, result: WeChatResult): Promise<void> {
    const now = ctx.clock.now();
    const attempts = d.attempts + 1;
    const outcome = result.errcode === 0 ? 'sent' : RETRYABLE_ERRCODES.has(result.errcode) && attempts < policy.maxAttempts ? 'retry' : 'failed';
    const recorded = await ctx.store.update(COLLECTIONS.deliveries, { _id: d._id, claim: d.claim }, {
      $set: {
        status: outcome === 'retry' ? 'pending' : outcome,
        attempts,
        errcode: result.errcode,
        errmsg: result.errmsg,
        claim: null,
        ...(outcome === 'retry' ? { nextAttemptAt: now + backoffMs(attempts, policy) } : {}),
        ...(outcome === 'sent' ? { sentAt: now, ...(result.msgid ? { msgid: result.msgid } : {}) } : {}),
      },
    });
    if (recorded === 0) return; // the lease ran out and another worker owns it now
    if (outcome === 'retry') {
      report.retried++;
      return;
    }
    report[outcome === 'sent' ? 'sent' : 'failed']++;
    await ctx.store.update(DELIVERY_KINDS[d.kind].collection, { _id: d.sourceId }, { $inc: { 'delivery.pending': -1, [`delivery.${outcome}`]: 1 } });
  }

  // Senders pull from a local queue that is refilled while they work, so the pipe to WeChat never
  // drains between batches.
  const queue: DeliveryDoc[] = [];
  let refilling: Promise<boolean> | null = null;
  let moreToClaim = true;
  let batches = 0;

  async function refill(): Promise<boolean> {
    const expansion = await expandJobs(ctx, claim, 20);
    report.expanded += expansion.written;
    // Each batch has its own claim, so finding "what I just claimed" never returns what is in flight.
    const batch = await claimBatch(ctx, `${claim}.${++batches}`, policy);
    queue.push(...batch);
    return batch.length > 0 || expansion.more;
  }

  async function sender(): Promise<void> {
    for (;;) {
      if (stopReason()) return;
      if (moreToClaim && !refilling && queue.length < policy.concurrency) {
        refilling = refill().then((more) => {
          moreToClaim = more;
          refilling = null;
          return more;
        });
      }
      const next = queue.shift();
      if (next) {
        await sendOne(next);
      } else if (refilling) {
        await refilling;
      } else {
        return;
      }
    }
  }

  for (;;) {
    await Promise.all(Array.from({ length: policy.concurrency }, sender));
    await Promise.all(writes);
    const stop = stopReason();
    if (stop) {
      report.stoppedBy = stop;
      break;
    }
    // Nothing due now: wait for the next retry if it falls within the budget, else finish.
    const [next] = await ctx.store.find<DeliveryDoc>(COLLECTIONS.deliveries, { status: 'pending' }, { sort: { nextAttemptAt: 1 }, limit: 1 });
    if (!next || next.nextAttemptAt >= options.deadline) break;
    await ctx.clock.sleep(Math.max(0, next.nextAttemptAt - ctx.clock.now()), options.signal);
    moreToClaim = true;
  }
  // Claimed but never sent (a stop): back to the queue for the next worker.
  if (queue.length > 0) {
    for (const d of queue) await ctx.store.update(COLLECTIONS.deliveries, { _id: d._id, claim: d.claim }, { $set: { status: 'pending', claim: null } });
  }
  return report;
}

async function claimBatch(ctx: Ctx, claim: string, policy: DeliveryPolicy): Promise<DeliveryDoc[]> {
  const now = ctx.clock.now();
  const due = await ctx.store.find<DeliveryDoc>(
    COLLECTIONS.deliveries,
    { status: 'pending', nextAttemptAt: { $lte: now } },
    { limit: policy.batchSize, fields: ['_id'] },
  );
  if (due.length === 0) return [];
  await ctx.store.update(
    COLLECTIONS.deliveries,
    { _id: { $in: due.map((d) => d._id) }, status: 'pending' },
    { $set: { status: 'sending', claim, leaseUntil: now + policy.leaseMs } },
  );
  // Only what this worker won: another worker may have claimed some of the same ids first.
  return ctx.store.find<DeliveryDoc>(COLLECTIONS.deliveries, { claim, status: 'sending' }, { limit: policy.batchSize });
}
