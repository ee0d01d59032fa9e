/** The Store port over the CloudBase document database, through wx-server-sdk. */
import { assertPageLimit, StoreConflictError, type Doc, type Filter, type FindOptions, type Store } from '../../core/ports/store';
import { toUpdateData, toWhere, type DbCommand } from './translate';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Database = any;

/** CloudBase takes at most this many documents in one `add`. */
const INSERT_BATCH = 100;

export function createCloudbaseStore(db: Database): Store {
  const _: DbCommand = db.command;
  const where = (collection: string, filter: Filter) => db.collection(collection).where(toWhere(filter, _));

  async function insertOne(collection: string, doc: Doc): Promise<void> {
    try {
      await db.collection(collection).add({ data: doc });
    } catch (error) {
      if (isDuplicateKey(error)) throw new StoreConflictError(collection, doc._id);
      throw error;
    }
  }

  return {
    async get<T extends Doc>(collection: string, id: string) {
      // where() rather than doc().get(): the latter throws for a missing document.
      const { data } = await db.collection(collection).where({ _id: id }).limit(1).get();
      return ((data as T[])[0] ?? null) as T | null;
    },
    async find<T extends Doc>(collection: string, filter: Filter, options: FindOptions) {
      assertPageLimit(options.limit);
      let query = where(collection, filter);
      for (const [field, dir] of Object.entries(options.sort ?? {})) query = query.orderBy(field, dir === -1 ? 'desc' : 'asc');
      if (options.skip) query = query.skip(options.skip);
      query = query.limit(options.limit);
      if (options.fields) query = query.field(Object.fromEntries([...options.fields, '_id'].map((f) => [f, true])));
      const { data } = await query.get();
      return data as T[];
    },
    async count(collection, filter) {
      const { total } = await where(collection, filter).count();
      return total as number;
    },
    insert: insertOne,
    async insertMany(collection, docs) {
      for (let i = 0; i < docs.length; i += INSERT_BATCH) {
        const batch = docs.slice(i, i + INSERT_BATCH);
        try {
          await db.collection(collection).add({ data: batch });
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          // A retried batch: insert one by one and skip the ids already there.
          for (const doc of batch) {
            try {
              await insertOne(collection, doc);
            } catch (inner) {
              if (!(inner instanceof StoreConflictError)) throw inner;
            }
          }
        }
      }
    },
    async update(collection, filter, update) {
      const data = toUpdateData(update, _);
      if (Object.keys(data).length === 0) return 0;
      const result = await where(collection, filter).update({ data });
      return (result.stats?.updated as number) ?? 0;
    },
    async set(collection, doc) {
      const { _id, ...rest } = doc;
      await db.collection(collection).doc(_id).set({ data: rest });
    },
    async remove(collection, filter) {
      const result = await where(collection, filter).remove();
      return (result.stats?.removed as number) ?? 0;
    },
  };
}

/** CloudBase reports a taken `_id` through MongoDB's E11000 message inside the SDK's errMsg. */
function isDuplicateKey(error: unknown): boolean {
  const text = `${(error as { errMsg?: string })?.errMsg ?? ''} ${(error as Error)?.message ?? ''}`;
  return /E11000|duplicate key|DUPLICATE_WRITE/i.test(text);
}
