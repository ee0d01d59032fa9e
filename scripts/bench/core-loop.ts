/** Benchmarks of the core loop (issue: foundation): push, stats and deliver. */
import { COLLECTIONS } from '../../core/collections';
import { drain } from '../../core/delivery/worker';
import type { Ctx } from '../../core/function/define';
import type { Emulator } from '../../platform/local/emulator';
import { p95AgainstRead, round, timed, type BenchResult } from './measure';
import { BENCH_ADMIN, BENCH_TEACHER, bigSchool, bindStudents } from './school';

const push = (emulator: Emulator, title: string, audience: object, openid = BENCH_ADMIN) =>
  emulator.call('pushNotice', { action: 'create', title, body: '压测正文', category: '学业', urgency: 'normal', audience }, { openid });

export async function benchPush(emulator: Emulator, recipients = 20_000): Promise<{ result: BenchResult; noticeId: string; classIds: string[] }> {
  const { classIds } = await bigSchool(emulator, recipients);
  // Without a drain racing it: this measures the push itself.
  emulator.ports.tasks.kick = async () => {};
  const pushed = await timed(() => push(emulator, '压测通知', { all: true }));
  if (!pushed.result.ok) throw new Error(JSON.stringify(pushed.result));
  // The same documents a push writes, into the same indexed collection, in one call.
  const docs = Array.from({ length: recipients }, (_, i) => ({ _id: `baseline:${i}`, noticeId: 'baseline', studentNo: `s${i}`, classId: 'c', openid: null, readAt: null, inboxKey: `k${i}`, createdAt: 0 }));
  const bulk = await timed(() => emulator.store.insertMany(COLLECTIONS.receipts, docs));
  await emulator.store.remove(COLLECTIONS.receipts, { noticeId: 'baseline' });
  const ratio = pushed.ms / bulk.ms;
  return {
    noticeId: (pushed.result.data as { noticeId: string }).noticeId,
    classIds,
    result: {
      case: 'push to 20,000 recipients vs bulk insert of 20,000 documents',
      value: round(pushed.ms, 1),
      unit: 'ms',
      baseline: round(bulk.ms, 1),
      ratio: round(ratio),
      target: 'ratio <= 2',
      pass: ratio <= 2,
    },
  };
}

export function benchStats(emulator: Emulator, noticeId: string): Promise<BenchResult> {
  return p95AgainstRead(
    'stats notice p95 at 20,000 recipients vs one read by id',
    async () => {
      const res = await emulator.call('stats', { action: 'notice', noticeId }, { openid: BENCH_TEACHER });
      if (!res.ok) throw new Error(JSON.stringify(res));
    },
    () => emulator.store.get(COLLECTIONS.notices, noticeId),
  );
}

export async function benchDeliver(emulator: Emulator, classIds: string[], sends = 4_000): Promise<BenchResult> {
  await bindStudents(emulator, classIds, sends);
  const pushed = await push(emulator, '投递压测', { classIds }, BENCH_TEACHER);
  if (!pushed.ok) throw new Error(JSON.stringify(pushed));
  const latencyMs = 50;
  const concurrency = 20;
  emulator.wechat.configure({ latencyMs, jitterMs: 0, rules: [], rateLimit: null });
  emulator.wechat.clearOutbox();
  const ctx: Ctx = { ...emulator.ports, actor: { kind: 'system' }, requestId: 'bench' };
  const run = await timed(() => drain(ctx, { deadline: Date.now() + 10 * 60_000, policy: { concurrency } }));
  const perSecond = (run.result.sent / run.ms) * 1000;
  const limit = concurrency / (latencyMs / 1000);
  return {
    case: 'deliver throughput at 50 ms latency, concurrency 20 vs the 400/s limit',
    value: round(perSecond, 1),
    unit: 'sends/s',
    baseline: limit,
    ratio: round(perSecond / limit),
    target: 'ratio >= 0.8',
    pass: perSecond / limit >= 0.8 && run.result.sent === sends,
    details: { sent: run.result.sent, failed: run.result.failed, seconds: round(run.ms / 1000, 2) },
  };
}
