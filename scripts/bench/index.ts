/**
 * `npm run bench`: performance targets as ratios measured in one run, one JSON line per case.
 * Not part of `npm test`: timings belong here, not in unit tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../platform/local/emulator';
import { benchDeliver, benchPush, benchStats } from './core-loop';
import type { BenchResult } from './measure';
import { BENCH_ADMIN } from './school';

const dataDir = mkdtempSync(join(tmpdir(), 'fudao-bench-'));
const emulator = await startEmulator({ port: 0, dataDir, timers: false, env: { FUDAO_ADMIN_OPENIDS: BENCH_ADMIN, FUDAO_SECRET: 'bench' } });
const results: BenchResult[] = [];
const report = (r: BenchResult) => {
  results.push(r);
  console.log(JSON.stringify(r));
};

try {
  const { result, noticeId, classIds } = await benchPush(emulator);
  report(result);
  report(await benchStats(emulator, noticeId));
  report(await benchDeliver(emulator, classIds));
} finally {
  await emulator.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
const failed = results.filter((r) => !r.pass);
if (failed.length > 0) {
  console.error(`${failed.length} of ${results.length} benchmark targets missed: ${failed.map((r) => r.case).join('; ')}`);
  process.exitCode = 1;
}
