/** Benchmarks of meetings and check-in (issue: meetings, activities and check-in). */
import { COLLECTIONS } from '../../core/collections';
import type { Emulator } from '../../platform/local/emulator';
import type { StudentDoc, UserDoc } from '../../database-schema/documents';
import { load } from './http-load';
import { p95AgainstRead, percentile, round, type BenchResult } from './measure';
import { BENCH_ADMIN, bigSchool } from './school';

const ATTENDEES = 3_000;

/** 3,000 students with bound WeChat (setup, written straight to the store: binding is not measured). */
async function boundSchool(emulator: Emulator): Promise<{ classIds: string[]; openids: string[] }> {
  const { classIds } = await bigSchool(emulator, ATTENDEES, 375);
  const openids: string[] = [];
  for (const classId of classIds) {
    const students = [];
    let after = '';
    for (;;) {
      const page = await emulator.store.find<StudentDoc>(COLLECTIONS.students, { classId, _id: { $gt: after } }, { sort: { _id: 1 }, limit: 100 });
      students.push(...page);
      if (page.length < 100) break;
      after = page[page.length - 1]!._id;
    }
    const users: UserDoc[] = students.map((s) => ({ _id: `cb-${s._id}`, role: 'student', studentNo: s._id, classId, name: s.name, boundAt: 0 }));
    await emulator.store.insertMany(COLLECTIONS.users, users);
    for (const s of students) await emulator.store.update(COLLECTIONS.students, { _id: s._id }, { $set: { openid: `cb-${s._id}` } });
    openids.push(...users.map((u) => u._id));
  }
  return { classIds, openids };
}

export async function benchCheckIn(emulator: Emulator): Promise<BenchResult[]> {
  const { classIds, openids } = await boundSchool(emulator);
  const created = await emulator.call('checkIn', {
    action: 'create', title: '压测大会', startsAt: Date.now() + 10 * 60_000, endsAt: Date.now() + 3_600_000, audience: { classIds }, modes: ['code'],
  }, { openid: BENCH_ADMIN });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const { meetingId, code } = created.data as { meetingId: string; code: string };

  const concurrency = 50;
  // Both paths warmed up first (JIT, sockets), on a meeting of their own.
  const warm = await emulator.call('checkIn', { action: 'create', title: '热身', startsAt: Date.now() + 600_000, endsAt: Date.now() + 3_600_000, audience: { classIds }, modes: ['code'] }, { openid: BENCH_ADMIN });
  if (!warm.ok) throw new Error(JSON.stringify(warm));
  const warmMeeting = warm.data as { meetingId: string; code: string };
  await load(emulator.url, openids.slice(0, 1000).map((openid) => ({ fn: 'ping', openid, event: {} })), concurrency);
  await load(emulator.url, openids.slice(0, 1000).map((openid) => ({ fn: 'checkIn', openid, event: { action: 'submit', ...warmMeeting } })), concurrency);

  const ping = await load(emulator.url, openids.map((openid) => ({ fn: 'ping', openid, event: {} })), concurrency);
  const checkins = await load(emulator.url, openids.map((openid) => ({ fn: 'checkIn', openid, event: { action: 'submit', meetingId, code } })), concurrency);
  const ratio = checkins.perSecond / ping.perSecond;
  const throughput: BenchResult = {
    case: '3,000 check-ins over HTTP at concurrency 50 vs a no-op function through the same gateway',
    value: round(checkins.perSecond, 1),
    unit: 'requests/s',
    baseline: round(ping.perSecond, 1),
    ratio: round(ratio),
    target: 'ratio >= 0.5',
    pass: ratio >= 0.5 && checkins.errors === 0 && ping.errors === 0,
    details: { checkInP95Ms: round(percentile(checkins.latencies, 95)), pingP95Ms: round(percentile(ping.latencies, 95)), errors: checkins.errors },
  };

  const statsResult = await p95AgainstRead(
    'checkIn stats p95 at 3,000 attendees vs one read by id',
    async () => {
      const res = await emulator.call('checkIn', { action: 'stats', meetingId }, { openid: BENCH_ADMIN });
      if (!res.ok) throw new Error(JSON.stringify(res));
    },
    () => emulator.store.get(COLLECTIONS.meetings, meetingId),
  );
  return [throughput, statsResult];
}
