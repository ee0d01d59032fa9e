/**
 * WeChat's content rules for subscribe-message keyword values. A template keyword is named
 * `<type><n>` (thing1, time3, character_string2 …) and WeChat checks each value against the rule
 * of its type, answering 47003 and naming the offending field. Checking the same rules locally
 * means a notice that would bounce in production bounces in the emulator too.
 *
 * Limits follow WeChat's documented table (订阅消息参数值内容限制说明). Where the table is vague
 * (spaces in character_string, date-only values in `time`) the rule is lenient, so the emulator
 * never refuses what production accepts.
 */

const HAN = /\p{Script=Han}/u;
const ONLY_HAN = /^\p{Script=Han}+$/u;
const DIGIT = /\d/;

/** Length as WeChat counts it: one per character, Chinese or not. */
function chars(value: string): number {
  return [...value].length;
}

const DATE = String.raw`(?:\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})`;
const CLOCK = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const POINT = String.raw`(?:${DATE}(?:\s*${CLOCK})?|${CLOCK})`;
// Ranges use the half-width "~" only; the full-width "～" a Chinese IME produces is refused by WeChat.
const TIME_OR_RANGE = new RegExp(String.raw`^${POINT}(?:\s*~\s*${POINT})?$`);

function plausibleDates(value: string): boolean {
  for (const m of value.matchAll(/(?:(\d{4})[年\-/.])?(\d{1,2})[月\-/.](\d{1,2})/g)) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  }
  return true;
}

const isTime = (v: string) => TIME_OR_RANGE.test(v) && plausibleDates(v);

/** Rules by keyword type; `true` when the (non-empty) value is acceptable. */
const RULES: Record<string, (value: string) => boolean> = {
  thing: (v) => chars(v) <= 20,
  short_thing: (v) => chars(v) <= 5,
  number: (v) => v.length <= 32 && /^-?\d+(?:\.\d+)?$/.test(v),
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => chars(v) <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(v),
  character_string: (v) => /^[\x20-\x7E]{1,32}$/.test(v),
  time: isTime,
  date: isTime,
  // One currency sign, at most 10 integer digits, optional decimals, optional trailing 元.
  amount: (v) => /^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => v.length <= 17 && /^[\d+\-() ]+$/.test(v) && DIGIT.test(v),
  car_number: (v) => {
    const cs = [...v];
    if (cs.length < 2 || cs.length > 8) return false;
    return cs.every((c, i) => /[A-Za-z0-9]/.test(c) || ((i === 0 || i === cs.length - 1) && HAN.test(c)));
  },
  // Any Chinese makes it a Chinese name (≤ 10 characters); otherwise letters and symbols, ≤ 20.
  // Digits are neither Chinese, letters nor symbols, so a name may not contain them.
  name: (v) => !DIGIT.test(v) && chars(v) <= (HAN.test(v) ? 10 : 20),
  phrase: (v) => chars(v) <= 5 && ONLY_HAN.test(v),
  // Enumerations are checked against the template's list, which the emulator does not have.
  enum: () => true,
};

/** The keyword's type: `character_string12` → `character_string`; `undefined` for other names. */
export function keywordType(key: string): string | undefined {
  const m = /^([a-z_]+?)(\d+)$/.exec(key);
  return m?.[1];
}

export type DataProblem = { field: string; problem: 'is empty' | 'invalid' };

/**
 * Checks one template's `data` the way WeChat does and returns the first problem, or null.
 * `requiredKeys` (the template's keywords, when known) must all be present.
 */
export function checkSubscribeData(data: unknown, requiredKeys: readonly string[] = []): DataProblem | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { field: 'data', problem: 'is empty' };
  const entries = data as Record<string, unknown>;
  for (const key of requiredKeys) {
    if (!(key in entries)) return { field: `data.${key}.value`, problem: 'is empty' };
  }
  for (const [key, entry] of Object.entries(entries)) {
    const field = `data.${key}.value`;
    const raw = entry !== null && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
    // WeChat takes numbers as their decimal text; anything else that is not a string is malformed.
    const value = typeof raw === 'number' ? String(raw) : raw;
    if (value === undefined || value === null || value === '') return { field, problem: 'is empty' };
    if (typeof value !== 'string') return { field, problem: 'invalid' };
    if (value.trim() === '') return { field, problem: 'is empty' };
    const rule = RULES[keywordType(key) ?? ''];
    if (rule && !rule(value)) return { field, problem: 'invalid' };
  }
  return null;
}

/** WeChat's errmsg for a data problem, e.g. `argument invalid! data.thing1.value is empty`. */
export function dataProblemErrmsg(p: DataProblem): string {
  return `argument invalid! ${p.field} ${p.problem}`;
}
