/**
 * The local Store: one nedb datafile per collection under `<dir>/db/`. nedb appends every write to
 * its file before the call resolves (without fsync): data survives `kill -9` of the process, not a
 * power cut. One process owns a data folder at a time.
 */
import Datastore from '@seald-io/nedb';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { INDEXES } from '../../../database-schema/indexes';
import { assertPageLimit, StoreConflictError, type Doc, type Filter, type FindOptions, type Store, type Update } from '../../../core/ports/store';
import { closeAppendHandles, installAppendHandles } from './append-handles';
import { IncCombiner } from './inc-combiner';
import { toNedbFilter, toNedbUpdate } from './mongo-dialect';

const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const COMPACT_EVERY_MS = 10 * 60_000;

type NedbDatastore = Datastore<Record<string, unknown>>;

export interface LocalStore extends Store {
  /** Rewrites every datafile without superseded lines. */
  compact(): Promise<void>;
  close(): Promise<void>;
  /** The raw datastore, for the CloudBase database endpoint that serves the SDK. */
  collection(name: string): Promise<NedbDatastore>;
}

export function createLocalStore(dataDir: string): LocalStore {
  installAppendHandles();
  const dbDir = join(dataDir, 'db');
  mkdirSync(dbDir, { recursive: true });
  const open = new Map<string, Promise<NedbDatastore>>();
  const counters = new IncCombiner(async (name, id, $inc) => (await (await collection(name)).updateAsync({ _id: id }, { $inc }, {})).numAffected);

  function collection(name: string): Promise<NedbDatastore> {
    if (!COLLECTION_NAME.test(name)) return Promise.reject(new Error(`invalid collection name: ${name}`));
    let ds = open.get(name);
    if (!ds) {
      ds = (async () => {
        const store = new Datastore<Record<string, unknown>>({ filename: join(dbDir, `${name}.db`) });
        await store.loadDatabaseAsync();
        for (const fieldName of INDEXES[name] ?? []) await store.ensureIndexAsync({ fieldName });
        store.setAutocompactionInterval(COMPACT_EVERY_MS);
        return store;
      })();
      open.set(name, ds);
    }
    return ds;
  }

  return {
    collection,
    async get<T extends Doc>(name: string, id: string) {
      return ((await (await collection(name)).findOneAsync({ _id: id })) as T | null) ?? null;
    },
    async find<T extends Doc>(name: string, filter: Filter, options: FindOptions) {
      assertPageLimit(options.limit);
      let cursor = (await collection(name)).findAsync(toNedbFilter(filter));
      if (options.sort) cursor = cursor.sort(options.sort);
      if (options.skip) cursor = cursor.skip(options.skip);
      cursor = cursor.limit(options.limit);
      if (options.fields) cursor = cursor.projection(Object.fromEntries(options.fields.map((f) => [f, 1])));
      return (await cursor) as T[];
    },
    async count(name, filter) {
      return (await collection(name)).countAsync(toNedbFilter(filter));
    },
    async insert(name, doc) {
      try {
        await (await collection(name)).insertAsync(doc);
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreConflictError(name, doc._id);
        throw error;
      }
    },
    async insertMany(name, docs) {
      if (docs.length === 0) return;
      const ds = await collection(name);
      try {
        // nedb inserts an array all or nothing: the fast path for fresh ids.
        await ds.insertAsync(docs);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        for (const doc of docs) {
          try {
            await ds.insertAsync(doc);
          } catch (inner) {
            if (!isUniqueViolation(inner)) throw inner;
          }
        }
      }
    },
    async update(name, filter, update: Update) {
      const nedbUpdate = toNedbUpdate(update);
      if (Object.keys(nedbUpdate).length === 0) return 0;
      if (isCounterBump(filter, update)) return counters.inc(name, filter._id as string, update.$inc!);
      const { numAffected } = await (await collection(name)).updateAsync(toNedbFilter(filter), nedbUpdate, { multi: true });
      return numAffected;
    },
    async set(name, doc) {
      await (await collection(name)).updateAsync({ _id: doc._id }, doc, { upsert: true });
    },
    async remove(name, filter) {
      return (await collection(name)).removeAsync(toNedbFilter(filter), { multi: true });
    },
    async compact() {
      for (const ds of open.values()) await (await ds).compactDatafileAsync();
    },
    async close() {
      for (const ds of open.values()) (await ds).stopAutocompaction();
      open.clear();
      await closeAppendHandles(dbDir);
    },
  };
}

/** Only `{_id}` with nothing but `$inc`: the updates that commute and may be combined. */
function isCounterBump(filter: Filter, update: Update): boolean {
  return Object.keys(filter).length === 1 && typeof filter._id === 'string' && Object.keys(update).length === 1 && update.$inc !== undefined;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errorType?: string }).errorType === 'uniqueViolated';
}
