/**
 * CloudBase's database actions as the server SDKs send them (`POST /admin`, JSON body with `action`,
 * `collectionName` and EJSON strings), answered from the local store so the production adapter can
 * run through the real wx-server-sdk offline.
 */
import { EJSON } from 'bson';
import type { LocalStore } from '../store/nedb-store';
import { toNedbFilter } from '../store/mongo-dialect';

export interface DbRequest {
  action: string;
  collectionName?: string;
  query?: string;
  order?: string;
  offset?: number;
  limit?: number;
  projection?: string;
  data?: string | string[];
  multi?: boolean;
  merge?: boolean;
  upsert?: boolean;
}

/** CloudBase's answer: `data` on success, `code` + `message` on failure. */
export type DbResponse = { data: Record<string, unknown> } | { code: string; message: string };

const parse = (text: string | undefined): Record<string, unknown> =>
  text ? (EJSON.parse(text, { relaxed: true }) as Record<string, unknown>) : {};

const dbError = (code: string, message: string): DbResponse => ({ code, message });

export async function runDatabaseAction(store: LocalStore, req: DbRequest): Promise<DbResponse> {
  if (!req.collectionName) return dbError('INVALID_PARAM', 'collectionName is required');
  let ds;
  try {
    ds = await store.collection(req.collectionName);
  } catch {
    return dbError('INVALID_PARAM', `invalid collection name: ${req.collectionName}`);
  }
  const query = toNedbFilter(parse(req.query));

  switch (req.action) {
    case 'database.getDocument': {
      const limit = Math.min(req.limit ?? 100, 1000);
      let cursor = ds.findAsync(query);
      const order = parse(req.order) as Record<string, 1 | -1>;
      if (Object.keys(order).length) cursor = cursor.sort(order);
      if (req.offset) cursor = cursor.skip(req.offset);
      cursor = cursor.limit(limit);
      const projection = parse(req.projection) as Record<string, 0 | 1>;
      if (Object.keys(projection).length) cursor = cursor.projection(projection);
      const docs = await cursor;
      return { data: { list: docs.map((d) => EJSON.stringify(d, { relaxed: false })), offset: req.offset ?? 0, limit } };
    }
    case 'database.calculateDocument':
      return { data: { total: await ds.countAsync(query) } };
    case 'database.insertDocument': {
      const docs = (Array.isArray(req.data) ? req.data : [req.data ?? '{}']).map((d) => parse(d));
      const insertedIds: string[] = [];
      // Ordered like MongoDB's insertMany: documents before a duplicate stay inserted.
      for (const doc of docs) {
        try {
          const saved = await ds.insertAsync(doc);
          insertedIds.push(String(saved._id));
        } catch (error) {
          if ((error as { errorType?: string }).errorType === 'uniqueViolated') {
            return dbError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${req.collectionName} index: _id_ dup key: { _id: "${String(doc._id)}" }`);
          }
          throw error;
        }
      }
      return { data: { insertedIds } };
    }
    case 'database.modifyDocument': {
      const data = parse(typeof req.data === 'string' ? req.data : undefined);
      if (req.merge === false) {
        // doc().set(): replace the whole document, creating it if absent.
        const id = query._id;
        const { numAffected, upsert } = await ds.updateAsync({ _id: id }, { ...data, _id: id }, { upsert: true });
        return { data: { updated: upsert ? 0 : numAffected, upsert_id: upsert ? id : null } };
      }
      const update = toOperatorUpdate(data);
      const { numAffected } = await ds.updateAsync(query, update, { multi: req.multi !== false });
      return { data: { updated: numAffected, upsert_id: null } };
    }
    case 'database.removeDocument': {
      const deleted = await ds.removeAsync(query, { multi: req.multi !== false });
      return { data: { deleted } };
    }
    default:
      return dbError('INVALID_PARAM', `unsupported action: ${req.action}`);
  }
}

/** Plain fields in a merge update mean `$set`, as they do on CloudBase. */
function toOperatorUpdate(data: Record<string, unknown>): Record<string, unknown> {
  const update: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith('$')) update[key] = { ...(update[key] ?? {}), ...(value as Record<string, unknown>) };
    else update.$set = { ...(update.$set ?? {}), [key]: value };
  }
  return update;
}
