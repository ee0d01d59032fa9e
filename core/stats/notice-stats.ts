import { requireStaff, visibleClasses } from '../actor';
import { COLLECTIONS } from '../collections';
import type { PageResult } from '../contracts/common';
import type { NoticeStats } from '../contracts/notices';
import type { Ctx } from '../function/define';
import { idRange } from '../paging';
import { pageOwnedByStudent } from '../roster/owned-page';
import type { Filter } from '../ports/store';
import type { NoticeDoc, ReceiptDoc } from '../../database-schema/documents';
import { getNoticeForStaff } from '../notices/access';

/** Read and delivery figures of a notice, straight from its counters: no scan, whatever its size. */
export async function noticeStats(ctx: Ctx, input: { noticeId: string }): Promise<NoticeStats> {
  requireStaff(ctx.actor);
  return statsOf(await getNoticeForStaff(ctx, input.noticeId));
}

export function statsOf(n: NoticeDoc): NoticeStats {
  return {
    recipients: n.recipients,
    read: n.read,
    unread: n.recipients - n.read,
    delivered: n.delivery.sent,
    failed: n.delivery.failed,
    pending: n.delivery.pending,
    byClass: Object.entries(n.byClass)
      .map(([classId, c]) => ({ classId, recipients: c.recipients, read: c.read }))
      .sort((a, b) => a.classId.localeCompare(b.classId)),
  };
}

export interface UnreadStudent {
  studentNo: string;
  name: string;
  classId: string;
  /** Whether WeChat could reach the student when the notice went out. */
  reachable: boolean;
}

/**
 * The students who have not read a notice. The author and administrators see everyone; a teacher
 * of some of its classes sees only the students of their own classes.
 */
export async function unreadStudents(ctx: Ctx, input: { noticeId: string; cursor?: string; limit: number }): Promise<PageResult<UnreadStudent>> {
  requireStaff(ctx.actor);
  const notice = await getNoticeForStaff(ctx, input.noticeId);
  const page = await pageOwnedByStudent<ReceiptDoc>(ctx, COLLECTIONS.receipts, notice._id, { readAt: null }, visibleClasses(ctx.actor, notice.classIds, notice.authorOpenid), input);
  return {
    items: page.items.map((r) => ({ studentNo: r.studentNo, name: r.name, classId: r.classId, reachable: r.openid !== null })),
    nextCursor: page.nextCursor,
  };
}

/**
 * Recounts a notice's counters from the receipts and deliveries they count, corrects any drift
 * (a crash between a record and its counter) and reports what it found.
 */
export async function recountNotice(ctx: Ctx, input: { noticeId: string }): Promise<{ before: NoticeStats; after: NoticeStats; corrected: boolean }> {
  requireStaff(ctx.actor);
  const notice = await getNoticeForStaff(ctx, input.noticeId);
  const { store } = ctx;
  // Receipts and deliveries of a notice both have ids `<noticeId>:…`.
  const count = (coll: string, filter: Filter) => store.count(coll, { _id: idRange(notice._id), ...filter });
  const byClass: NoticeDoc['byClass'] = {};
  for (const classId of notice.classIds) {
    byClass[classId] = { recipients: await count(COLLECTIONS.receipts, { classId }), read: await count(COLLECTIONS.receipts, { classId, readAt: { $ne: null } }) };
  }
  const reachable = await count(COLLECTIONS.receipts, { openid: { $ne: null } });
  const sent = await count(COLLECTIONS.deliveries, { status: 'sent' });
  const failed = await count(COLLECTIONS.deliveries, { status: 'failed' });
  const counted: NoticeDoc = {
    ...notice,
    recipients: await count(COLLECTIONS.receipts, {}),
    read: await count(COLLECTIONS.receipts, { readAt: { $ne: null } }),
    byClass,
    // Every reachable recipient gets one delivery, expanded or not yet: what is not final is pending.
    delivery: { pending: reachable - sent - failed, sent, failed },
  };
  const before = statsOf(notice);
  const after = statsOf(counted);
  const corrected = JSON.stringify(before) !== JSON.stringify(after);
  if (corrected) {
    await store.update(COLLECTIONS.notices, { _id: notice._id }, { $set: { recipients: counted.recipients, read: counted.read, byClass, delivery: counted.delivery } });
  }
  return { before, after, corrected };
}
