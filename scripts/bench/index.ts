/**
 * `npm run bench`: performance targets as ratios measured in one run, one JSON line per case.
 * Not part of `npm test`: timings belong here, not in unit tests. Run it on an otherwise idle
 * machine: the emulator, its fake WeChat API and the load all share the same cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../platform/local/emulator';
import { benchCheckIn } from './checkin';
import { benchDeliver, benchPush, benchStats } from './core-loop';
import type { BenchResult } from './measure';
import { BENCH_ADMIN } from './school';

const results: BenchResult[] = [];
const report = (r: BenchResult) => {
  results.push(r);
  console.log(JSON.stringify(r));
};

/** Each group of cases gets a fresh emulator over a fresh data folder. */
async function withEmulator(run: (emulator: Emulator) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fudao-bench-'));
  const emulator = await startEmulator({ port: 0, dataDir, timers: false, env: { FUDAO_ADMIN_OPENIDS: BENCH_ADMIN, FUDAO_SECRET: 'bench' } });
  try {
    await run(emulator);
  } finally {
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await withEmulator(async (emulator) => {
  const { result, noticeId, classIds } = await benchPush(emulator);
  report(result);
  report(await benchStats(emulator, noticeId));
  report(await benchDeliver(emulator, classIds));
});
await withEmulator(async (emulator) => {
  for (const r of await benchCheckIn(emulator)) report(r);
});

const failed = results.filter((r) => !r.pass);
if (failed.length > 0) {
  console.error(`${failed.length} of ${results.length} benchmark targets missed: ${failed.map((r) => r.case).join('; ')}`);
  process.exitCode = 1;
}
