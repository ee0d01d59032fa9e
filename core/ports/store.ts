/**
 * The document store port: the subset of CloudBase's document database that Fudao relies on,
 * expressed with Mongo-style filters and update operators so both adapters can honour it exactly.
 */

export type Doc = { _id: string } & Record<string, unknown>;

/** Comparison operators understood by every adapter. */
export interface FieldOps {
  $eq?: unknown;
  $ne?: unknown;
  $gt?: unknown;
  $gte?: unknown;
  $lt?: unknown;
  $lte?: unknown;
  $in?: unknown[];
  $nin?: unknown[];
  $exists?: boolean;
}

/** A filter: field (dotted paths allowed) → value or operators; `$and` / `$or` combine filters. */
export type Filter = {
  $and?: Filter[];
  $or?: Filter[];
  [field: string]: unknown;
};

export interface Update {
  $set?: Record<string, unknown>;
  $inc?: Record<string, number>;
  /** Appends every value of the array. */
  $push?: Record<string, unknown[]>;
  /** Adds every value of the array that is not there yet. */
  $addToSet?: Record<string, unknown[]>;
  $unset?: Record<string, true>;
}

export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  /** 1..MAX_PAGE: CloudBase returns at most 100 records per server-side get, so every listing pages. */
  limit: number;
  /** Field names to return (`_id` always comes back). */
  fields?: string[];
}

export const MAX_PAGE = 100;

export interface Store {
  get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null>;
  find<T extends Doc = Doc>(collection: string, filter: Filter, options: FindOptions): Promise<T[]>;
  count(collection: string, filter: Filter): Promise<number>;
  /** Inserts one document; throws StoreConflictError when `_id` is taken. */
  insert(collection: string, doc: Doc): Promise<void>;
  /**
   * Inserts many documents; an `_id` that already exists is skipped, not an error, which makes a
   * retried batch of deterministic ids safe.
   */
  insertMany(collection: string, docs: Doc[]): Promise<void>;
  /**
   * Updates every matching document and returns how many were updated. CloudBase counts only
   * documents the update changed, so callers rely on the count only for transitions that always
   * change what they match (e.g. `{readAt: null}` → `{readAt: now}`).
   */
  update(collection: string, filter: Filter, update: Update): Promise<number>;
  /** Replaces (or creates) the whole document with this `_id`. */
  set(collection: string, doc: Doc): Promise<void>;
  /** Removes every matching document; returns how many were removed. */
  remove(collection: string, filter: Filter): Promise<number>;
}

/** Thrown by `insert` when a document with the same `_id` exists. */
export class StoreConflictError extends Error {
  readonly storeConflict = true;
  constructor(collection: string, id: string) {
    super(`duplicate _id ${id} in ${collection}`);
  }
}

export function isStoreConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { storeConflict?: boolean }).storeConflict === true;
}

export function assertPageLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new RangeError(`limit must be an integer in 1..${MAX_PAGE}, got ${limit}`);
  }
}
