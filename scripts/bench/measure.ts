/** Timing helpers for the benchmarks: wall time and percentiles, in milliseconds. */
import { performance } from 'node:perf_hooks';

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

/**
 * The p-th percentile as the median of its value over rounds of `round` samples each: one garbage
 * collection landing in a microsecond-scale measurement moves one round, not the estimate.
 */
export function robustPercentile(samples: number[], p: number, round = 500): number {
  const rounds: number[] = [];
  for (let i = 0; i + round <= samples.length; i += round) rounds.push(percentile(samples.slice(i, i + round), p));
  return percentile(rounds, 50);
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * Runs each of `works` `n` times, taking turns (after `warmup` unmeasured rounds), and answers each
 * one's run times: compared cases then share the same machine conditions.
 */
export async function sampleInterleaved(n: number, works: (() => Promise<unknown>)[], warmup = 50): Promise<number[][]> {
  for (let i = 0; i < warmup; i++) for (const work of works) await work();
  const samples: number[][] = works.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const [k, work] of works.entries()) samples[k]!.push((await timed(work)).ms);
  }
  return samples;
}

export interface BenchResult {
  case: string;
  /** What was measured, in `unit`. */
  value: number;
  unit: string;
  /** The reference measured in the same run, in the same unit. */
  baseline: number;
  ratio: number;
  /** e.g. "ratio <= 2" */
  target: string;
  pass: boolean;
  details?: Record<string, unknown>;
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/**
 * A call's p95 against one read by id, sampled in turns: the shape of every "stays O(1)" case
 * (statistics kept as counters must cost a small multiple of a single read, however big the set).
 */
export async function p95AgainstRead(name: string, call: () => Promise<unknown>, readById: () => Promise<unknown>, maxRatio = 3): Promise<BenchResult> {
  const [subject = [], baseline = []] = await sampleInterleaved(10_000, [call, readById], 500);
  const p95 = robustPercentile(subject, 95);
  const base = robustPercentile(baseline, 95);
  return {
    case: name,
    value: round(p95),
    unit: 'ms',
    baseline: round(base),
    ratio: round(p95 / base),
    target: `ratio <= ${maxRatio}`,
    pass: p95 / base <= maxRatio,
    details: { p50: round(percentile(subject, 50)), readByIdP50: round(percentile(baseline, 50)) },
  };
}
