/**
 * One contract for every Store adapter: the local store runs it directly, the CloudBase adapter
 * runs it through the real wx-server-sdk against the emulator's database endpoint.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { isStoreConflict, type Doc, type Store } from '../core/ports/store';

export function describeStoreContract(name: string, getStore: () => Store): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let coll: string;
    let n = 0;
    beforeEach(() => {
      store = getStore();
      coll = `contract_${Date.now().toString(36)}_${n++}`;
    });

    const people: Doc[] = [
      { _id: 'p1', name: '张三', age: 18, cls: 'a', tags: ['党员'], score: { math: 90 }, bound: null, at: 1764028800123 },
      { _id: 'p2', name: '李四', age: 20, cls: 'a', tags: [], score: { math: 70 }, bound: 'o2', at: 1764028800456 },
      { _id: 'p3', name: '王五', age: 22, cls: 'b', tags: ['走读'], score: { math: 80 }, bound: 'o3', at: 1764028800789 },
      { _id: 'p4', name: '赵六', age: 19, cls: 'c', tags: ['党员', '走读'], score: { math: 60 }, bound: null, at: 1764028800999 },
    ];
    const ids = (docs: Doc[]) => docs.map((d) => d._id);

    it('inserts, gets by id, and answers null for a missing id', async () => {
      await store.insert(coll, people[0]!);
      expect(await store.get(coll, 'p1')).toEqual(people[0]);
      expect(await store.get(coll, 'nope')).toBeNull();
    });

    it('refuses a second document with the same _id as a conflict', async () => {
      await store.insert(coll, people[0]!);
      const error = await store.insert(coll, { _id: 'p1', name: 'other' }).catch((e: unknown) => e);
      expect(isStoreConflict(error)).toBe(true);
      expect((await store.get(coll, 'p1'))?.name).toBe('张三');
    });

    it('insertMany skips ids that exist and keeps their content', async () => {
      await store.insert(coll, { _id: 'p2', name: 'kept' });
      await store.insertMany(coll, people);
      expect(await store.count(coll, {})).toBe(4);
      expect((await store.get(coll, 'p2'))?.name).toBe('kept');
      await store.insertMany(coll, people); // a full retry changes nothing
      expect(await store.count(coll, {})).toBe(4);
    });

    it('filters with equality, null, $in, $nin, ranges, $ne, $exists, dotted paths, $or and $and', async () => {
      await store.insertMany(coll, people);
      const find = async (filter: Record<string, unknown>) =>
        ids(await store.find(coll, filter, { limit: 100, sort: { _id: 1 } }));
      expect(await find({ cls: 'a' })).toEqual(['p1', 'p2']);
      expect(await find({ bound: null })).toEqual(['p1', 'p4']);
      expect(await find({ cls: { $in: ['b', 'c'] } })).toEqual(['p3', 'p4']);
      expect(await find({ cls: { $nin: ['a'] } })).toEqual(['p3', 'p4']);
      expect(await find({ age: { $gte: 19, $lt: 22 } })).toEqual(['p2', 'p4']);
      expect(await find({ age: { $eq: 20 } })).toEqual(['p2']);
      expect(await find({ cls: { $ne: 'a' } })).toEqual(['p3', 'p4']);
      expect(await find({ 'score.math': { $gt: 75 } })).toEqual(['p1', 'p3']);
      expect(await find({ tags: '党员' })).toEqual(['p1', 'p4']);
      expect(await find({ score: { $exists: true }, nothing: { $exists: false } })).toEqual(['p1', 'p2', 'p3', 'p4']);
      expect(await find({ $or: [{ cls: 'b' }, { age: 18 }] })).toEqual(['p1', 'p3']);
      expect(await find({ cls: 'a', $or: [{ age: 20 }, { age: 22 }] })).toEqual(['p2']);
      expect(await find({ $and: [{ age: { $gt: 18 } }, { age: { $lt: 22 } }] })).toEqual(['p2', 'p4']);
      expect(await find({ _id: { $gt: 'p2' } })).toEqual(['p3', 'p4']);
    });

    it('sorts, skips, limits and projects', async () => {
      await store.insertMany(coll, people);
      expect(ids(await store.find(coll, {}, { sort: { age: -1 }, limit: 2 }))).toEqual(['p3', 'p2']);
      expect(ids(await store.find(coll, {}, { sort: { age: 1 }, skip: 1, limit: 2 }))).toEqual(['p4', 'p2']);
      expect(ids(await store.find(coll, {}, { sort: { cls: 1, age: -1 }, limit: 10 }))).toEqual(['p2', 'p1', 'p3', 'p4']);
      const [projected] = await store.find(coll, { _id: 'p3' }, { limit: 1, fields: ['name'] });
      expect(projected).toEqual({ _id: 'p3', name: '王五' });
    });

    it('refuses a page larger than CloudBase serves', async () => {
      await expect(store.find(coll, {}, { limit: 101 })).rejects.toThrow(/limit/);
      await expect(store.find(coll, {}, { limit: 0 })).rejects.toThrow(/limit/);
    });

    it('counts matching documents', async () => {
      await store.insertMany(coll, people);
      expect(await store.count(coll, {})).toBe(4);
      expect(await store.count(coll, { tags: '走读', age: { $gt: 20 } })).toBe(1);
    });

    it('updates with $set, $inc (dotted, creating), $push, $addToSet and $unset', async () => {
      await store.insertMany(coll, people);
      const updated = await store.update(coll, { _id: 'p1' }, {
        $set: { name: '张三丰', 'score.math': 95 },
        $inc: { age: 2, 'byClass.c1.read': 1 },
        $push: { log: ['a', 'b'] },
        $addToSet: { tags: ['党员', '班长'] },
        $unset: { bound: true },
      });
      expect(updated).toBe(1);
      const doc = await store.get(coll, 'p1');
      expect(doc).toMatchObject({ name: '张三丰', age: 20, score: { math: 95 }, byClass: { c1: { read: 1 } }, log: ['a', 'b'], tags: ['党员', '班长'] });
      expect(doc && 'bound' in doc).toBe(false);
    });

    it('counts a conditional transition once', async () => {
      await store.insert(coll, { _id: 'r1', readAt: null });
      expect(await store.update(coll, { _id: 'r1', readAt: null }, { $set: { readAt: 5 } })).toBe(1);
      expect(await store.update(coll, { _id: 'r1', readAt: null }, { $set: { readAt: 6 } })).toBe(0);
      expect((await store.get(coll, 'r1'))?.readAt).toBe(5);
    });

    it('updates many documents at once', async () => {
      await store.insertMany(coll, people);
      expect(await store.update(coll, { cls: 'a' }, { $set: { flagged: true } })).toBe(2);
      expect(await store.count(coll, { flagged: true })).toBe(2);
    });

    it('keeps every concurrent increment', async () => {
      await store.insert(coll, { _id: 'n', count: 0 });
      await Promise.all(Array.from({ length: 40 }, () => store.update(coll, { _id: 'n' }, { $inc: { count: 1 } })));
      expect((await store.get(coll, 'n'))?.count).toBe(40);
    });

    it('set replaces a whole document or creates it', async () => {
      await store.insert(coll, { _id: 's', a: 1, b: 2 });
      await store.set(coll, { _id: 's', a: 3 });
      expect(await store.get(coll, 's')).toEqual({ _id: 's', a: 3 });
      await store.set(coll, { _id: 'new', z: '新' });
      expect(await store.get(coll, 'new')).toEqual({ _id: 'new', z: '新' });
    });

    it('removes matching documents and says how many', async () => {
      await store.insertMany(coll, people);
      expect(await store.remove(coll, { cls: 'a' })).toBe(2);
      expect(ids(await store.find(coll, {}, { limit: 10, sort: { _id: 1 } }))).toEqual(['p3', 'p4']);
    });

    it('round-trips epoch milliseconds and Chinese text exactly', async () => {
      await store.insert(coll, { _id: 't', at: 1764028800123, text: '关于2026年国家奖学金评审的通知', neg: -1.5 });
      expect(await store.get(coll, 't')).toEqual({ _id: 't', at: 1764028800123, text: '关于2026年国家奖学金评审的通知', neg: -1.5 });
    });
  });
}
