/**
 * CloudBase timer-trigger cron expressions: parse, match, and find the next fire time.
 *
 * CloudBase uses seven space-separated fields —
 *   second minute hour day-of-month month day-of-week year
 * — and evaluates them in China time (UTC+8). China has observed no DST since 1991, so
 * a fixed +8 h shift gives the right wall clock for any time a trigger will actually
 * run, and keeps the emulator independent of the machine's TZ setting.
 */

/** UTC+8: CloudBase documents "触发器规则的时区为 UTC+8". */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Symbolic names; names[i] stands for the value min + i. */
  readonly names?: readonly string[];
}

// Order matches the order of fields in an expression.
const FIELD_SPECS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  // 0 = Sunday, as CloudBase documents (not Quartz's 1 = Sunday).
  { name: 'day-of-week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2099 },
];

export interface CronSchedule {
  /** The expression as written, for messages and listings. */
  readonly expression: string;
  // Each list holds the allowed values of its field, ascending and without duplicates.
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  readonly months: readonly number[];
  readonly daysOfWeek: readonly number[];
  readonly years: readonly number[];
  /**
   * Whether day-of-month / day-of-week were written as something other than `*`.
   * When both are, a day matches if EITHER matches (the classic cron rule that
   * CloudBase documents: 两者为"或"关系); otherwise the `*` one allows every day and
   * the other decides alone.
   */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

/** Parse a 7-field CloudBase cron expression; throws an Error naming the bad field. */
export function parseCron(expr: string): CronSchedule {
  if (typeof expr !== 'string') {
    throw new Error(`Invalid cron expression: expected a string, got ${typeof expr}`);
  }
  const texts = expr.trim().split(/\s+/).filter((t) => t !== '');
  if (texts.length !== FIELD_SPECS.length) {
    throw new Error(
      `Invalid cron expression "${expr}": expected 7 fields ` +
        `(second minute hour day-of-month month day-of-week year), got ${texts.length}`,
    );
  }
  const values = FIELD_SPECS.map((spec, i) => {
    const text = texts[i] as string;
    try {
      return parseField(text, spec);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`Invalid cron expression "${expr}": ${spec.name} field "${text}": ${reason}`);
    }
  });
  const [seconds, minutes, hours, daysOfMonth, months, daysOfWeek, years] = values as [
    number[], number[], number[], number[], number[], number[], number[],
  ];
  return Object.freeze({
    expression: expr,
    seconds,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    years,
    dayOfMonthRestricted: texts[3] !== '*',
    dayOfWeekRestricted: texts[5] !== '*',
  });
}

/** Whether the whole second containing epochMs matches the schedule (China time). */
export function cronMatches(schedule: CronSchedule, epochMs: number): boolean {
  assertFiniteTime(epochMs);
  const t = chinaParts(epochMs);
  return (
    schedule.years.includes(t.year) &&
    schedule.months.includes(t.month) &&
    dayMatches(schedule, t.day, t.weekday) &&
    schedule.hours.includes(t.hour) &&
    schedule.minutes.includes(t.minute) &&
    schedule.seconds.includes(t.second)
  );
}

/**
 * The first whole second strictly after epochMs that matches, or null if there is
 * none before 2100 (the year field's limit).
 *
 * Walks from the largest field to the smallest: when a field does not match, it jumps
 * straight to that field's next allowed value with every smaller field reset to its
 * start, so a yearly schedule costs a handful of steps, not millions of seconds.
 */
export function nextFireAfter(schedule: CronSchedule, epochMs: number): number | null {
  assertFiniteTime(epochMs);
  let t = Math.floor(epochMs / 1000) * 1000 + 1000;
  // Every step moves t forward, and the year check ends the walk after 2099.
  for (;;) {
    const p = chinaParts(t);
    if (p.year > MAX_YEAR) return null;

    if (!schedule.years.includes(p.year)) {
      const year = nextAllowed(schedule.years, p.year);
      if (year === undefined) return null;
      t = chinaToEpoch(year, 1, 1, 0, 0, 0);
      continue;
    }
    if (!schedule.months.includes(p.month)) {
      const month = nextAllowed(schedule.months, p.month);
      t = month === undefined ? chinaToEpoch(p.year + 1, 1, 1, 0, 0, 0) : chinaToEpoch(p.year, month, 1, 0, 0, 0);
      continue;
    }
    // Days go one at a time: the OR rule and month lengths make "next allowed day"
    // awkward to compute, and it is at most 31 steps per allowed month.
    if (!dayMatches(schedule, p.day, p.weekday)) {
      t = chinaToEpoch(p.year, p.month, p.day + 1, 0, 0, 0);
      continue;
    }
    // Date.UTC normalises overflow (day 32, hour 24, ...), which carries into the
    // next larger field for free.
    if (!schedule.hours.includes(p.hour)) {
      const hour = nextAllowed(schedule.hours, p.hour);
      t = hour === undefined
        ? chinaToEpoch(p.year, p.month, p.day + 1, 0, 0, 0)
        : chinaToEpoch(p.year, p.month, p.day, hour, 0, 0);
      continue;
    }
    if (!schedule.minutes.includes(p.minute)) {
      const minute = nextAllowed(schedule.minutes, p.minute);
      t = minute === undefined
        ? chinaToEpoch(p.year, p.month, p.day, p.hour + 1, 0, 0)
        : chinaToEpoch(p.year, p.month, p.day, p.hour, minute, 0);
      continue;
    }
    if (!schedule.seconds.includes(p.second)) {
      const second = nextAllowed(schedule.seconds, p.second);
      t = second === undefined
        ? chinaToEpoch(p.year, p.month, p.day, p.hour, p.minute + 1, 0)
        : chinaToEpoch(p.year, p.month, p.day, p.hour, p.minute, second);
      continue;
    }
    return t;
  }
}

const MAX_YEAR = 2099;

function parseField(text: string, spec: FieldSpec): number[] {
  const allowed = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') throw new Error('empty list item');
    const slash = item.split('/');
    if (slash.length > 2) throw new Error(`"${item}" has more than one "/"`);
    const [base = '', stepText] = slash;

    let from: number;
    let to: number;
    if (base === '*') {
      from = spec.min;
      to = spec.max;
    } else if (base.includes('-')) {
      const bounds = base.split('-');
      if (bounds.length !== 2) throw new Error(`"${base}" is not a range a-b`);
      from = parseValue(bounds[0] ?? '', spec);
      to = parseValue(bounds[1] ?? '', spec);
      // Wrap-around ranges (FRI-MON) are not documented by CloudBase; refuse them
      // rather than guess.
      if (from > to) throw new Error(`range "${base}" runs backwards`);
    } else {
      from = parseValue(base, spec);
      // "a/n" means "from a, every n, to the end of the field" (CloudBase's 1/10 example).
      to = stepText === undefined ? from : spec.max;
    }

    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
        throw new Error(`step "${stepText}" must be a positive integer`);
      }
      step = Number(stepText);
    }
    for (let v = from; v <= to; v += step) allowed.add(v);
  }
  return [...allowed].sort((a, b) => a - b);
}

function parseValue(text: string, spec: FieldSpec): number {
  let value: number;
  if (/^\d+$/.test(text)) {
    value = Number(text);
  } else {
    const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
    if (index < 0) {
      const hint = spec.names ? ` (use ${spec.min}-${spec.max} or ${spec.names.join(',')})` : '';
      throw new Error(`"${text}" is not a valid value${hint}`);
    }
    value = spec.min + index;
  }
  if (value < spec.min || value > spec.max) {
    throw new Error(`${value} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

function dayMatches(schedule: CronSchedule, day: number, weekday: number): boolean {
  const byDate = schedule.daysOfMonth.includes(day);
  const byWeekday = schedule.daysOfWeek.includes(weekday);
  // An unrestricted (`*`) field allows every value, so AND reduces to the other field.
  return schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted ? byDate || byWeekday : byDate && byWeekday;
}

/** Smallest allowed value >= from, or undefined when the field has to carry over. */
function nextAllowed(sorted: readonly number[], from: number): number | undefined {
  return sorted.find((v) => v >= from);
}

interface ChinaParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

function chinaParts(epochMs: number): ChinaParts {
  // Shifting by +8 h and reading the UTC fields gives China wall-clock fields
  // without touching the process time zone.
  const d = new Date(epochMs + CHINA_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

function chinaToEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) - CHINA_OFFSET_MS;
}

function assertFiniteTime(epochMs: number): void {
  if (!Number.isFinite(epochMs)) throw new Error(`Invalid time: ${epochMs}`);
}
