import type { Doc, Filter, Store } from './ports/store';
import { MAX_PAGE } from './ports/store';
import { invalid } from './errors';

/**
 * The documents whose id is `<prefix>:…` — a notice's receipts, a meeting's attendees — as an `_id`
 * range, which the `_id` index serves on both stores (';' is the character after ':').
 */
export const idRange = (prefix: string) => ({ $gt: `${prefix}:`, $lt: `${prefix};` });

/** Cursors are opaque to callers: the last sort key of a page, base64url-encoded. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key || encodeCursor(key) !== cursor) throw invalid('翻页参数无效，请从第一页重新加载');
  return key;
}

/** The next cursor when the page is full (there may be more), else none. */
export function nextCursorOf<T>(items: T[], limit: number, keyOf: (item: T) => string): string | undefined {
  const last = items[items.length - 1];
  return items.length === limit && last !== undefined ? encodeCursor(keyOf(last)) : undefined;
}

/**
 * Every document matching `filter`, page by page in `_id` order. Pages by `_id > last` rather than
 * by skip, so each page costs the same however deep it is.
 */
export async function* scanById<T extends Doc>(store: Store, collection: string, filter: Filter, after?: string): AsyncGenerator<T[]> {
  let last = after;
  for (;;) {
    const page = await store.find<T>(collection, idAfter(filter, last), { sort: { _id: 1 }, limit: MAX_PAGE });
    if (page.length > 0) yield page;
    if (page.length < MAX_PAGE) return;
    last = page[page.length - 1]!._id;
  }
}

/** `filter` and `_id > last`, at the top level where an index can serve both. */
function idAfter(filter: Filter, last: string | undefined): Filter {
  if (last === undefined) return filter;
  const range = filter._id;
  if (range === undefined) return { ...filter, _id: { $gt: last } };
  // An `_id` range narrows: every id returned is inside it, so `last` is a tighter lower bound.
  if (typeof range === 'object' && range !== null && Object.keys(range).every((op) => ['$gt', '$gte', '$lt', '$lte'].includes(op))) {
    const { $gt: _gt, $gte: _gte, ...upper } = range as Record<string, unknown>;
    return { ...filter, _id: { ...upper, $gt: last } };
  }
  return { $and: [filter, { _id: { $gt: last } }] };
}

/** Loads documents by id in pages of at most 100, as `$in` lists must be on CloudBase. */
export async function getMany<T extends Doc>(store: Store, collection: string, ids: string[]): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += MAX_PAGE) {
    const chunk = unique.slice(i, i + MAX_PAGE);
    for (const doc of await store.find<T>(collection, { _id: { $in: chunk } }, { limit: MAX_PAGE })) found.set(doc._id, doc);
  }
  return found;
}
