/**
 * The delivery queue against the fake WeChat API: retries of -1 and 45009, final failures with their
 * errcode, and a worker stopped at any point and started again — or two at once — that neither lose
 * nor repeat a send.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../core/collections';
import type { NoticeStats } from '../core/contracts/notices';
import { expandJobs } from '../core/delivery/expand';
import { drain, type DrainOptions } from '../core/delivery/worker';
import type { Ctx } from '../core/function/define';
import type { DeliveryDoc } from '../database-schema/documents';
import { rosterRows, schoolWithClass, startHarness, type Harness } from './support/harness';

const TEACHER = 'teacher-delivery';
const openidOf = (i: number) => `delivery-student-${String(i).padStart(4, '0')}`;
const FAST = { baseBackoffMs: 20, maxBackoffMs: 200, rateLimitPauseMs: 20 };

describe('delivery queue', () => {
  let h: Harness;
  let classId: string;

  beforeAll(async () => {
    h = await startHarness();
    ({ classId } = await schoolWithClass(h, TEACHER, 'D', 120));
    const rows = rosterRows('D', 120);
    for (const [i, row] of rows.entries()) await h.ok('bind', { action: 'student', ...row }, openidOf(i + 1));
  });
  afterAll(() => h.close());
  afterEach(() => h.emulator.wechat.configure({ rules: [], latencyMs: 0, rateLimit: null }));

  /** The worker as the deliver function runs it, but with shortened waits and no automatic kick. */
  const ctx = (): Ctx => ({ ...h.emulator.ports, tasks: { kick: async () => {} }, actor: { kind: 'system' }, requestId: 'test' });
  const run = (options: Partial<DrainOptions> = {}) => drain(ctx(), { deadline: Date.now() + 30_000, policy: FAST, ...options });

  async function pushQuietly(title: string): Promise<string> {
    // Pushed straight through the service context so no background drain races the test's own.
    const { createNotice } = await import('../core/notices/push');
    const teacher = await import('../core/actor').then((m) => m.resolveActor(h.emulator.ports, { openid: TEACHER }));
    const { noticeId } = await createNotice({ ...ctx(), actor: teacher }, { action: 'create', title, body: '正文', category: '学业', urgency: 'normal', audience: { classIds: [classId] } });
    return noticeId;
  }

  const sendsOf = (noticeTitle: string) =>
    h.emulator.wechat.outbox({ limit: 100_000, api: 'subscribeMessage.send' }).filter((e) => (e.payload as { data?: { thing1?: { value: string } } }).data?.thing1?.value === noticeTitle);
  const stats = (noticeId: string) => h.ok<NoticeStats>('stats', { action: 'notice', noticeId }, TEACHER);

  it('retries -1 and 45009 with backoff, and records final refusals with their errcode', async () => {
    h.emulator.wechat.configure({
      rules: [
        { match: { touser: openidOf(1) }, errcode: -1, times: 2 },
        { match: { touser: openidOf(2) }, errcode: 45009, times: 1 },
        { match: { touser: openidOf(3) }, errcode: 43101 },
        { match: { touser: openidOf(4) }, errcode: -1 },
      ],
    });
    const noticeId = await pushQuietly('重试测试');
    const report = await run();
    expect(report).toMatchObject({ sent: 118, failed: 2 });
    expect(report.retried).toBeGreaterThanOrEqual(3 + 5);
    const deliveries = await h.emulator.store.find<DeliveryDoc>(COLLECTIONS.deliveries, { sourceId: noticeId, openid: { $in: [openidOf(1), openidOf(2), openidOf(3), openidOf(4)] } }, { limit: 10, sort: { openid: 1 } });
    expect(deliveries[0]!.msgid).toMatch(/^\d{19}$/);
    expect(deliveries.map((d) => [d.status, d.errcode, d.attempts])).toEqual([
      ['sent', 0, 3],
      ['sent', 0, 2],
      ['failed', 43101, 1],
      ['failed', -1, 6],
    ]);
    expect(await stats(noticeId)).toMatchObject({ delivered: 118, failed: 2, pending: 0 });
    expect(sendsOf('重试测试').filter((e) => e.result.errcode === 0)).toHaveLength(118);
  });

  it('backs off from a rate-limit storm and still delivers everything once', async () => {
    h.emulator.wechat.configure({ rateLimit: { limit: 30, windowMs: 200 }, latencyMs: 5 });
    const noticeId = await pushQuietly('限流测试');
    await run();
    const accepted = sendsOf('限流测试').filter((e) => e.result.errcode === 0);
    expect(accepted).toHaveLength(120);
    expect(new Set(accepted.map((e) => e.touser)).size).toBe(120);
    expect(sendsOf('限流测试').some((e) => e.result.errcode === 45009)).toBe(true);
    expect(await stats(noticeId)).toMatchObject({ delivered: 120, failed: 0, pending: 0 });
  });

  it('stopped mid-way and started again, it neither loses nor repeats a send', async () => {
    h.emulator.wechat.configure({ latencyMs: 15 });
    const noticeId = await pushQuietly('中断测试');
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 60);
    const first = await run({ signal: stop.signal });
    expect(first.stoppedBy).toBe('aborted');
    expect(first.sent).toBeGreaterThan(0);
    expect(first.sent).toBeLessThan(120);
    const midway = await stats(noticeId);
    expect(midway.delivered + midway.pending).toBe(120);
    await run();
    const accepted = sendsOf('中断测试').filter((e) => e.result.errcode === 0);
    expect(accepted).toHaveLength(120);
    expect(new Set(accepted.map((e) => e.touser)).size).toBe(120);
    expect(await stats(noticeId)).toMatchObject({ delivered: 120, pending: 0 });
  });

  it('two workers at once share the queue without sending anything twice', async () => {
    h.emulator.wechat.configure({ latencyMs: 5 });
    const noticeId = await pushQuietly('并发测试');
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.sent + b.sent).toBe(120);
    const accepted = sendsOf('并发测试').filter((e) => e.result.errcode === 0);
    expect(new Set(accepted.map((e) => e.touser)).size).toBe(120);
    expect(accepted).toHaveLength(120);
    expect(await stats(noticeId)).toMatchObject({ delivered: 120, pending: 0 });
    const recount = await h.ok<{ corrected: boolean }>('stats', { action: 'recount', noticeId }, TEACHER);
    expect(recount.corrected).toBe(false);
  });

  it('takes back deliveries whose worker died, once their lease has run out', async () => {
    const noticeId = await pushQuietly('接管测试');
    // A worker that fanned the notice out, claimed a batch and died: its claims stay under a spent lease.
    await expandJobs(ctx(), 'dead-worker', 10);
    const { store } = h.emulator;
    const some = await store.find<DeliveryDoc>(COLLECTIONS.deliveries, { sourceId: noticeId }, { limit: 10 });
    expect(some.length).toBeGreaterThan(0);
    await store.update(COLLECTIONS.deliveries, { _id: { $in: some.map((d) => d._id) } }, { $set: { status: 'sending', claim: 'dead-worker', leaseUntil: Date.now() - 1 } });
    const report = await run();
    expect(report.recovered).toBe(some.length);
    expect(await stats(noticeId)).toMatchObject({ delivered: 120, pending: 0 });
    expect(sendsOf('接管测试').filter((e) => e.result.errcode === 0)).toHaveLength(120);
  });
});
