import { COLLECTIONS } from '../collections';
import type { Ctx } from '../function/define';
import { idRange } from '../paging';
import { MAX_PAGE } from '../ports/store';
import type { DeliveryJobDoc, NoticeDoc, ReceiptDoc } from '../../database-schema/documents';
import { newDelivery } from './new-delivery';
import { DELIVERY_POLICY } from './policy';

/**
 * Fans delivery jobs out into deliveries, one page of receipts at a time. Delivery ids are
 * deterministic and the cursor moves only after a page is written, so a worker that dies mid-page
 * is followed by one that rewrites the same page harmlessly.
 * Returns how many deliveries were written and whether a job still has pages to expand.
 */
export async function expandJobs(ctx: Ctx, claim: string, maxPages: number): Promise<{ written: number; more: boolean }> {
  const jobs = await ctx.store.find<DeliveryJobDoc>(COLLECTIONS.deliveryJobs, { done: false }, { limit: 10 });
  let written = 0;
  let pages = 0;
  for (const job of jobs) {
    const now = ctx.clock.now();
    const claimed = await ctx.store.update(
      COLLECTIONS.deliveryJobs,
      { _id: job._id, done: false, $or: [{ claim: null }, { claim }, { leaseUntil: { $lt: now } }] },
      { $set: { claim, leaseUntil: now + DELIVERY_POLICY.leaseMs } },
    );
    if (claimed === 0) continue;
    const notice = await ctx.store.get<NoticeDoc>(COLLECTIONS.notices, job.noticeId);
    // A push that has not finished publishing fans out later; a notice that is gone, never.
    if (!notice) {
      await ctx.store.update(COLLECTIONS.deliveryJobs, { _id: job._id }, { $set: { done: true, claim: null } });
      continue;
    }
    if (notice.status !== 'published') {
      await ctx.store.update(COLLECTIONS.deliveryJobs, { _id: job._id, claim }, { $set: { claim: null, leaseUntil: 0 } });
      continue;
    }
    let cursor = job.cursor;
    while (pages < maxPages) {
      // This notice's receipts after the cursor: an `_id` range, however many notices exist.
      const range = idRange(job.noticeId);
      const receipts = await ctx.store.find<ReceiptDoc>(
        COLLECTIONS.receipts,
        { _id: { ...range, $gt: cursor || range.$gt }, openid: { $ne: null } },
        { sort: { _id: 1 }, limit: MAX_PAGE },
      );
      pages++;
      const deliveries = receipts.map((r) => newDelivery({ kind: 'notice', sourceId: r.noticeId, purpose: 'subscribe', studentNo: r.studentNo, openid: r.openid! }, now));
      await ctx.store.insertMany(COLLECTIONS.deliveries, deliveries);
      written += deliveries.length;
      const done = receipts.length < MAX_PAGE;
      cursor = receipts[receipts.length - 1]?._id ?? cursor;
      await ctx.store.update(COLLECTIONS.deliveryJobs, { _id: job._id, claim }, { $set: { cursor, done, ...(done ? { claim: null } : {}) } });
      if (done) break;
    }
    if (pages >= maxPages) return { written, more: true };
  }
  return { written, more: false };
}
