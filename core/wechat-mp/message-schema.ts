import { z } from 'zod';
import { textField, type Fields } from './fields';

/**
 * Building blocks shared by the official-account and mini-program pushes: both carry the same
 * header and pick their shape by MsgType (and Event for events).
 */

/** Ids and times stay text: MsgId is a 64-bit integer and JavaScript numbers stop at 2^53. */
export const digits = z.string().regex(/^\d+$/);
/** Coordinates keep WeChat's text ("30.195360") so no precision is invented or lost. */
export const decimal = z.string().regex(/^-?\d+(?:\.\d+)?$/);

export const HEADER = {
  ToUserName: z.string().min(1),
  FromUserName: z.string().min(1),
  CreateTime: digits,
  MsgType: z.string().min(1),
};

const headerSchema = z.object(HEADER);

export type Header = { ToUserName: string; FromUserName: string; CreateTime: string; MsgType: string };

/** A single XML element reads as a value and a repeated one as a list; callers always get a list. */
export const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (Array.isArray(value) ? value : value === undefined ? value : [value]), z.array(item).min(1));

/** One variant of the union: the header plus its own fields, tagged with `kind`. */
export function variant<K extends string, S extends z.ZodRawShape>(kind: K, shape: S) {
  // extend (not a spread) so a variant's `MsgType: z.literal('text')` replaces the header's string in the type too.
  return headerSchema.extend(shape).transform((fields) => ({ kind, ...fields }));
}

/** A push whose type this code does not know yet: kept whole so nothing is lost, never an error. */
export interface UnknownPush extends Header {
  kind: 'unknown';
  Event?: string;
  MsgId?: string;
  fields: Fields;
}

export type MessageResult<M> = { ok: true; message: M } | { ok: false; reason: 'invalid_message'; detail: string };

/** `MsgType` for messages, `event:<Event>` for events: the key a variant is registered under. */
export function variantKey(fields: Fields): string | undefined {
  const msgType = textField(fields, 'MsgType');
  if (msgType !== 'event') return msgType;
  const event = textField(fields, 'Event');
  return event === undefined ? undefined : `event:${event}`;
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Known types must be complete (a text message without Content is a broken push and is refused);
 * unknown types only need a valid header.
 */
export function parseWithVariants<M>(fields: Fields, variants: ReadonlyMap<string, z.ZodType<M>>): MessageResult<M | UnknownPush> {
  const key = variantKey(fields);
  const schema = key === undefined ? undefined : variants.get(key);
  if (schema) {
    const parsed = schema.safeParse(fields);
    return parsed.success ? { ok: true, message: parsed.data } : { ok: false, reason: 'invalid_message', detail: describe(parsed.error) };
  }
  const header = headerSchema.safeParse(fields);
  if (!header.success) return { ok: false, reason: 'invalid_message', detail: describe(header.error) };
  const event = textField(fields, 'Event');
  const msgId = textField(fields, 'MsgId');
  return {
    ok: true,
    message: { kind: 'unknown', ...header.data, ...(event === undefined ? {} : { Event: event }), ...(msgId === undefined ? {} : { MsgId: msgId }), fields },
  };
}

