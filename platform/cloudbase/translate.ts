/**
 * The port's Mongo-style filters and updates, spelled with wx-server-sdk's `db.command` so the SDK
 * serialises them exactly as CloudBase expects.
 */
import type { Filter, Update } from '../../core/ports/store';

/** The part of `db.command` used here (typed loosely: the SDK ships no usable types for it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DbCommand = any;

const OPERATORS: Record<string, string> = {
  $eq: 'eq',
  $ne: 'neq',
  $gt: 'gt',
  $gte: 'gte',
  $lt: 'lt',
  $lte: 'lte',
  $in: 'in',
  $nin: 'nin',
  $exists: 'exists',
};

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));

/** Returns what `collection.where()` takes: a plain object, or a logic command for `$and`/`$or`. */
export function toWhere(filter: Filter, _: DbCommand): unknown {
  const fields: Record<string, unknown> = {};
  const logic: unknown[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') logic.push(_.and((value as Filter[]).map((f) => toWhere(f, _))));
    else if (key === '$or') logic.push(_.or((value as Filter[]).map((f) => toWhere(f, _))));
    else if (isOperatorObject(value)) fields[key] = toFieldCommand(key, value, _);
    else fields[key] = value;
  }
  if (logic.length === 0) return fields;
  if (Object.keys(fields).length === 0 && logic.length === 1) return logic[0];
  return _.and([...(Object.keys(fields).length ? [fields] : []), ...logic]);
}

function toFieldCommand(field: string, ops: Record<string, unknown>, _: DbCommand): unknown {
  const commands = Object.entries(ops).map(([op, arg]) => {
    const name = OPERATORS[op];
    if (!name) throw new Error(`unsupported operator ${op} on ${field}`);
    return _[name](arg);
  });
  return commands.length === 1 ? commands[0] : _.and(commands);
}

/** Builds the `data` of `update()`: every key a field path, every value a command. */
export function toUpdateData(update: Update, _: DbCommand): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(update.$set ?? {})) data[k] = _.set(v);
  for (const [k, v] of Object.entries(update.$inc ?? {})) data[k] = _.inc(v);
  for (const [k, v] of Object.entries(update.$push ?? {})) data[k] = _.push(v);
  for (const [k, v] of Object.entries(update.$addToSet ?? {})) data[k] = _.addToSet({ $each: v });
  for (const k of Object.keys(update.$unset ?? {})) data[k] = _.remove();
  return data;
}
