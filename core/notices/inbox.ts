import { requireStudent } from '../actor';
import { COLLECTIONS } from '../collections';
import type { PageResult } from '../contracts/common';
import type { InboxItem, NoticeView } from '../contracts/notices';
import { AppError, notFound } from '../errors';
import type { Ctx } from '../function/define';
import { decodeCursor, getMany, nextCursorOf } from '../paging';
import type { Filter } from '../ports/store';
import type { NoticeDoc, ReceiptDoc } from '../../database-schema/documents';
import { getPublishedNotice, isNoticeStaff } from './access';
import { inboxKey } from './inbox-key';

/** A student's notices: unread urgent first, then newest first. */
export async function inbox(ctx: Ctx, input: { cursor?: string; limit: number }): Promise<PageResult<InboxItem>> {
  const student = requireStudent(ctx.actor);
  const after = decodeCursor(input.cursor);
  const filter: Filter = after === undefined ? { studentNo: student.studentNo } : { studentNo: student.studentNo, inboxKey: { $gt: after } };
  const receipts = await ctx.store.find<ReceiptDoc>(COLLECTIONS.receipts, filter, { sort: { inboxKey: 1 }, limit: input.limit });
  const notices = await getMany<NoticeDoc>(ctx.store, COLLECTIONS.notices, receipts.map((r) => r.noticeId));
  const items: InboxItem[] = [];
  for (const r of receipts) {
    const n = notices.get(r.noticeId);
    if (!n || n.status !== 'published' || n.publishedAt === null) continue;
    items.push({ noticeId: n._id, title: n.title, category: n.category, urgency: n.urgency, publishedAt: n.publishedAt, read: r.readAt !== null });
  }
  return { items, nextCursor: nextCursorOf(receipts, input.limit, (r) => r.inboxKey) };
}

/**
 * Opens a notice. For a student it records the first read (a repeat read changes nothing) and keeps
 * the notice's read counters in step; teachers of the notice may open it without a receipt.
 */
export async function readNotice(ctx: Ctx, input: { noticeId: string }): Promise<NoticeView> {
  const actor = ctx.actor;
  if (actor.kind === 'anonymous' || actor.kind === 'unbound') throw new AppError('UNAUTHENTICATED');
  const notice = await getPublishedNotice(ctx, input.noticeId);
  if (actor.kind !== 'student') {
    // Not addressed to you and not there answer alike.
    if (!isNoticeStaff(actor, notice)) throw notFound('通知不存在或已撤回');
    return view(notice, null);
  }
  const receiptId = `${notice._id}:${actor.studentNo}`;
  const receipt = await ctx.store.get<ReceiptDoc>(COLLECTIONS.receipts, receiptId);
  if (!receipt) throw notFound('通知不存在或已撤回');
  if (receipt.readAt !== null) return view(notice, receipt.readAt);

  const now = ctx.clock.now();
  const key = inboxKey({ urgent: notice.urgency === 'urgent', read: true, publishedAt: notice.publishedAt ?? now, noticeId: notice._id });
  const first = await ctx.store.update(COLLECTIONS.receipts, { _id: receiptId, readAt: null }, { $set: { readAt: now, inboxKey: key } });
  if (first === 0) {
    // A concurrent open recorded it first; show its time.
    return view(notice, (await ctx.store.get<ReceiptDoc>(COLLECTIONS.receipts, receiptId))?.readAt ?? now);
  }
  await ctx.store.update(COLLECTIONS.notices, { _id: notice._id }, { $inc: { read: 1, [`byClass.${receipt.classId}.read`]: 1 } });
  return view(notice, now);
}

function view(n: NoticeDoc, readAt: number | null): NoticeView {
  return {
    noticeId: n._id,
    title: n.title,
    body: n.body,
    category: n.category,
    urgency: n.urgency,
    authorName: n.authorName,
    publishedAt: n.publishedAt ?? n.createdAt,
    readAt,
  };
}
