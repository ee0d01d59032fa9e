import { emptyFields, type FieldValue, type Fields } from './fields';

/**
 * Reads the JSON form of a push (mini-program 消息推送 in JSON mode). JSON.parse would turn
 * `"MsgId": 6054768590064713728` into 6054768590064714000, so every number is quoted before
 * parsing and arrives as the exact text WeChat sent, like in the XML form.
 */

export type JsonFailure = 'malformed_json' | 'not_object';

export type JsonResult = { ok: true; fields: Fields } | { ok: false; reason: JsonFailure };

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Wraps number tokens outside strings in quotes; anything malformed is left for JSON.parse to reject. */
function quoteNumbers(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)?.[0] ?? char;
      out += token === char && char === '-' ? char : `"${token}"`;
      i += token.length;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

/** null has no text form and WeChat never means anything by it, so such keys are dropped. */
function toFieldValue(value: unknown): FieldValue | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(toFieldValue).filter((item): item is FieldValue => item !== undefined);
  if (typeof value === 'object' && value !== null) {
    const fields = emptyFields();
    for (const [key, inner] of Object.entries(value)) {
      const converted = toFieldValue(inner);
      if (converted !== undefined) fields[key] = converted;
    }
    return fields;
  }
  return undefined;
}

export function parseWeChatJson(text: string): JsonResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(quoteNumbers(text));
  } catch {
    return { ok: false, reason: 'malformed_json' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reason: 'not_object' };
  return { ok: true, fields: toFieldValue(parsed) as Fields };
}
