import { describe, expect, it } from 'vitest';
import { IncCombiner } from './inc-combiner';

describe('IncCombiner', () => {
  it('merges increments that wait behind a write, applying each exactly once', async () => {
    const writes: Record<string, number>[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const combiner = new IncCombiner(async (_c, _id, $inc) => {
      writes.push({ ...$inc });
      if (writes.length === 1) await gate;
      return 1;
    });
    const first = combiner.inc('m', 'x', { a: 1 });
    // A batch stays open for one turn of the event loop, then its write starts.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([{ a: 1 }]);
    // The first write is in flight; these three join one batch.
    const rest = [combiner.inc('m', 'x', { a: 1 }), combiner.inc('m', 'x', { a: 2, b: 1 }), combiner.inc('m', 'x', { b: -1 })];
    release();
    expect(await Promise.all([first, ...rest])).toEqual([1, 1, 1, 1]);
    expect(writes).toEqual([{ a: 1 }, { a: 3, b: 0 }]);
  });

  it('keeps documents apart and reports a failed write to every caller of its batch', async () => {
    const combiner = new IncCombiner(async (_c, id) => {
      if (id === 'bad') throw new Error('disk full');
      return 1;
    });
    const bad = [combiner.inc('m', 'bad', { a: 1 }), combiner.inc('m', 'bad', { a: 1 })];
    await expect(Promise.all(bad)).rejects.toThrow('disk full');
    expect(await combiner.inc('m', 'good', { a: 1 })).toBe(1);
    // A failure does not wedge the document: the next increment is written.
    await expect(combiner.inc('m', 'bad', { a: 1 })).rejects.toThrow('disk full');
  });
});
