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
export function robustPercentile(samples: number[], p: number, round = 200): number {
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
