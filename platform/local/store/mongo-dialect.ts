/**
 * nedb speaks Mongo's query and update language minus a few spellings; these turn the port's
 * (and CloudBase's wire) forms into nedb's, in one place for the local store and the SDK endpoint.
 */
import type { Filter, Update } from '../../../core/ports/store';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp);

/** nedb has no `$eq`: `{a: {$eq: 1, $lt: 5}}` becomes `{$and: [{a: 1}, {a: {$lt: 5}}]}`. */
export function toNedbFilter(filter: Filter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const extra: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      out[key] = (value as Filter[]).map(toNedbFilter);
    } else if (isPlainObject(value) && '$eq' in value) {
      const { $eq, ...rest } = value;
      if (Object.keys(rest).length === 0) out[key] = $eq;
      else {
        extra.push({ [key]: $eq });
        out[key] = rest;
      }
    } else {
      out[key] = value;
    }
  }
  if (extra.length === 0) return out;
  return { $and: [out, ...extra] };
}

/** The port lists values for $push/$addToSet; Mongo and nedb take them as `{$each: [...]}`. */
export function toNedbUpdate(update: Update): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [op, fields] of Object.entries(update)) {
    if (!fields || Object.keys(fields).length === 0) continue;
    if (op === '$push' || op === '$addToSet') {
      out[op] = Object.fromEntries(Object.entries(fields as Record<string, unknown[]>).map(([k, v]) => [k, { $each: v }]));
    } else {
      out[op] = fields;
    }
  }
  return out;
}
