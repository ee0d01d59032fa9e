import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../../store-contract';
import { createLocalStore } from './nedb-store';

const dir = mkdtempSync(join(tmpdir(), 'fudao-store-'));
const store = createLocalStore(dir);
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('local (nedb)', () => store);

describe('local store persistence', () => {
  it('reads back what an earlier instance wrote', async () => {
    const first = createLocalStore(dir);
    await first.insert('persist_check', { _id: 'x', n: 1 });
    await first.update('persist_check', { _id: 'x' }, { $inc: { n: 1 } });
    await first.close();
    const second = createLocalStore(dir);
    expect(await second.get('persist_check', 'x')).toEqual({ _id: 'x', n: 2 });
    await second.close();
  });

  it('keeps writes made before and after a compaction', async () => {
    const first = createLocalStore(dir);
    await first.insert('compact_check', { _id: 'a', n: 1 });
    await first.update('compact_check', { _id: 'a' }, { $inc: { n: 1 } });
    await first.compact();
    await first.update('compact_check', { _id: 'a' }, { $inc: { n: 1 } });
    await first.insert('compact_check', { _id: 'b', n: 9 });
    await first.close();
    const second = createLocalStore(dir);
    expect(await second.find('compact_check', {}, { limit: 10, sort: { _id: 1 } })).toEqual([{ _id: 'a', n: 3 }, { _id: 'b', n: 9 }]);
    await second.close();
  });

  it('refuses collection names that could escape the data folder', async () => {
    await expect(store.get('../evil', 'x')).rejects.toThrow(/invalid collection/);
  });
});
