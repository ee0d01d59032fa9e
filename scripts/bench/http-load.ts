/** Drives the emulator's gateway over HTTP with a fixed number of requests in flight. */
import { performance } from 'node:perf_hooks';
import { keepAliveFetch } from '../../platform/local/wechat/keep-alive-fetch';

export interface LoadResult {
  perSecond: number;
  ms: number;
  errors: number;
  latencies: number[];
}

export async function load(url: string, requests: { fn: string; openid?: string; event: object }[], concurrency: number): Promise<LoadResult> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        const t = performance.now();
        const res = await keepAliveFetch(`${url}/api/fn/${r.fn}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(r.openid ? { 'x-fudao-openid': r.openid } : {}) },
          body: JSON.stringify(r.event),
        });
        const body = JSON.parse(await res.text()) as { ok: boolean };
        if (!body.ok) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const ms = performance.now() - start;
  return { perSecond: (requests.length / ms) * 1000, ms, errors, latencies };
}
