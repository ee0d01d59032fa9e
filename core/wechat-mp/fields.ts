/**
 * What a WeChat push body is once read, whether it came as XML or as JSON: every leaf is the
 * text WeChat sent, never a number, because ids such as MsgId exceed 2^53 and would be rounded.
 * A repeated element (or a JSON array) is a list; a nested element is another record.
 */
export type FieldValue = string | Fields | FieldValue[];

export interface Fields {
  [name: string]: FieldValue;
}

/**
 * Records are created without a prototype so that a pushed field named `constructor` or
 * `toString` is just data and never reaches Object.prototype.
 */
export function emptyFields(): Fields {
  return Object.create(null) as Fields;
}

export const isFields = (value: FieldValue | undefined): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The text of a top-level field, or undefined when it is missing, nested or repeated. */
export function textField(fields: Fields, name: string): string | undefined {
  const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}
