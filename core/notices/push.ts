import { requireStaff } from '../actor';
import { COLLECTIONS } from '../collections';
import type { Audience, PushNoticeEvent } from '../contracts/notices';
import { invalid } from '../errors';
import type { Ctx } from '../function/define';
import { deterministicId } from '../identity/secrets';
import { isStoreConflict } from '../ports/store';
import type { DeliveryJobDoc, NoticeDoc, ReceiptDoc } from '../../database-schema/documents';
import { resolveAudience, type Recipient } from './audience';
import { inboxKey } from './inbox-key';

// Large batches: each is one append locally (CloudBase adapter splits by 100 anyway); a resumed
// push re-checks one batch id by id.
const RECEIPT_BATCH = 5_000;

type CreateInput = Extract<PushNoticeEvent, { action: 'create' }>;

/**
 * Publishes a notice: one receipt per recipient (`<noticeId>:<studentNo>`), then one delivery job
 * that the `deliver` worker fans out into WeChat sends. A retry with the same `requestId` resumes
 * where the first attempt stopped and publishes the notice once.
 */
export async function createNotice(ctx: Ctx, input: CreateInput): Promise<{ noticeId: string; recipientCount: number }> {
  const actor = requireStaff(ctx.actor);
  const authorOpenid = actor.kind === 'system' ? 'system' : actor.openid;
  const noticeId = input.requestId ? deterministicId('n', authorOpenid, input.requestId) : ctx.ids.random();

  const existing = await ctx.store.get<NoticeDoc>(COLLECTIONS.notices, noticeId);
  if (existing?.status === 'published') return { noticeId, recipientCount: existing.recipients };

  const recipients = await resolveAudience(ctx, actor, input.audience);
  if (recipients.length === 0) throw invalid('所选范围内没有学生');
  const now = ctx.clock.now();
  const publishedAt = existing?.createdAt ?? now;

  if (!existing) {
    try {
      await ctx.store.insert(COLLECTIONS.notices, draftNotice(input, noticeId, authorOpenid, actor.kind === 'teacher' ? actor.name : '管理员', now));
    } catch (error) {
      if (!isStoreConflict(error)) throw error; // a concurrent retry created it: carry on with it
    }
  }
  for (let i = 0; i < recipients.length; i += RECEIPT_BATCH) {
    const batch = recipients.slice(i, i + RECEIPT_BATCH).map((r) => receipt(noticeId, r, input.urgency === 'urgent', publishedAt, now));
    await ctx.store.insertMany(COLLECTIONS.receipts, batch);
  }
  const job: DeliveryJobDoc = { _id: `${noticeId}:subscribe`, noticeId, channel: 'subscribe', cursor: '', done: false, claim: null, leaseUntil: 0, createdAt: now };
  await ctx.store.insertMany(COLLECTIONS.deliveryJobs, [job]);

  // Counters are set from the recipient list, not incremented, so a resumed push sets them once.
  const byClass: NoticeDoc['byClass'] = {};
  for (const r of recipients) (byClass[r.classId] ??= { recipients: 0, read: 0 }).recipients++;
  const reachable = recipients.filter((r) => r.openid !== null).length;
  await ctx.store.update(COLLECTIONS.notices, { _id: noticeId }, {
    $set: {
      status: 'published',
      publishedAt,
      recipients: recipients.length,
      classIds: Object.keys(byClass),
      byClass,
      delivery: { pending: reachable, sent: 0, failed: 0 },
    },
  });
  await ctx.tasks.kick('deliver', { action: 'drain' });
  return { noticeId, recipientCount: recipients.length };
}

function draftNotice(input: CreateInput, noticeId: string, authorOpenid: string, authorName: string, now: number): NoticeDoc {
  const audience: Audience = input.audience;
  return {
    _id: noticeId,
    title: input.title,
    body: input.body,
    category: input.category,
    urgency: input.urgency,
    authorOpenid,
    authorName,
    audience: { classIds: audience.classIds ?? [], studentNos: audience.studentNos ?? [], all: audience.all ?? false },
    classIds: [],
    status: 'publishing',
    createdAt: now,
    publishedAt: null,
    recipients: 0,
    read: 0,
    delivery: { pending: 0, sent: 0, failed: 0 },
    byClass: {},
  };
}

function receipt(noticeId: string, r: Recipient, urgent: boolean, publishedAt: number, now: number): ReceiptDoc {
  return {
    _id: `${noticeId}:${r.studentNo}`,
    noticeId,
    studentNo: r.studentNo,
    classId: r.classId,
    openid: r.openid,
    readAt: null,
    inboxKey: inboxKey({ urgent, read: false, publishedAt, noticeId }),
    createdAt: now,
  };
}
