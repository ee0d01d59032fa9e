import { afterEach, describe, expect, it } from 'vitest';

import { cronMatches, nextFireAfter, parseCron } from './cron.js';

/** Epoch ms of a China (UTC+8) wall-clock time. */
function china(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) - 8 * 60 * 60 * 1000;
}

/** The next n fire times after `from`, as ISO strings (UTC) for readable failures. */
function nextN(expr: string, from: number, n: number): string[] {
  const schedule = parseCron(expr);
  const out: string[] = [];
  let t = from;
  for (let i = 0; i < n; i++) {
    const next = nextFireAfter(schedule, t);
    if (next === null) break;
    out.push(new Date(next).toISOString());
    t = next;
  }
  return out;
}

describe('parseCron syntax', () => {
  it('expands * to the whole field', () => {
    const s = parseCron('* * * * * * *');
    expect(s.seconds).toHaveLength(60);
    expect(s.hours).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(s.daysOfMonth[0]).toBe(1);
    expect(s.daysOfMonth.at(-1)).toBe(31);
    expect(s.daysOfWeek).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(s.years[0]).toBe(1970);
    expect(s.years.at(-1)).toBe(2099);
  });

  it('parses single numbers, ranges and lists', () => {
    const s = parseCron('5 10-12 1,3,2 * * * *');
    expect(s.seconds).toEqual([5]);
    expect(s.minutes).toEqual([10, 11, 12]);
    expect(s.hours).toEqual([1, 2, 3]);
  });

  it('parses */n, a-b/n and a/n steps', () => {
    const s = parseCron('*/15 10-30/10 5/6 * * * *');
    expect(s.seconds).toEqual([0, 15, 30, 45]);
    expect(s.minutes).toEqual([10, 20, 30]);
    expect(s.hours).toEqual([5, 11, 17, 23]);
  });

  it('combines list items with ranges and steps, without duplicates', () => {
    expect(parseCron('0,*/20,40-41 * * * * * *').seconds).toEqual([0, 20, 40, 41]);
  });

  it('accepts month and weekday names in any case', () => {
    const s = parseCron('0 0 0 * jan,Mar-MAY sun,Mon-fri *');
    expect(s.months).toEqual([1, 3, 4, 5]);
    expect(s.daysOfWeek).toEqual([0, 1, 2, 3, 4, 5]);
    expect(parseCron('0 0 0 * DEC SAT *').months).toEqual([12]);
    expect(parseCron('0 0 0 * DEC SAT *').daysOfWeek).toEqual([6]);
  });

  it('tolerates surrounding and repeated whitespace', () => {
    expect(parseCron('  0   0\t8 * * * *  ').hours).toEqual([8]);
  });

  it('records whether day-of-month and day-of-week were restricted', () => {
    expect(parseCron('0 0 0 * * * *')).toMatchObject({ dayOfMonthRestricted: false, dayOfWeekRestricted: false });
    expect(parseCron('0 0 0 1 * * *')).toMatchObject({ dayOfMonthRestricted: true, dayOfWeekRestricted: false });
    expect(parseCron('0 0 0 * * MON *')).toMatchObject({ dayOfMonthRestricted: false, dayOfWeekRestricted: true });
  });
});

describe('parseCron errors', () => {
  it.each([
    ['', /expected 7 fields.*got 0/],
    ['0 * * * * *', /expected 7 fields.*got 6/],
    ['0 * * * * * * *', /expected 7 fields.*got 8/],
  ])('rejects the wrong number of fields: %j', (expr, message) => {
    expect(() => parseCron(expr)).toThrow(message);
  });

  it.each([
    ['60 * * * * * *', 'second', /60 is out of range 0-59/],
    ['* 60 * * * * *', 'minute', /out of range/],
    ['* * 24 * * * *', 'hour', /24 is out of range 0-23/],
    ['* * * 0 * * *', 'day-of-month', /0 is out of range 1-31/],
    ['* * * 32 * * *', 'day-of-month', /out of range/],
    ['* * * * 13 * *', 'month', /13 is out of range 1-12/],
    ['* * * * 0 * *', 'month', /out of range/],
    ['* * * * * 7 *', 'day-of-week', /7 is out of range 0-6/],
    ['* * * * * * 1969', 'year', /1969 is out of range 1970-2099/],
    ['* * * * * * 2100', 'year', /out of range/],
    ['abc * * * * * *', 'second', /"abc" is not a valid value/],
    ['* * * * * JAN *', 'day-of-week', /"JAN" is not a valid value/],
    ['* * * * MON * *', 'month', /"MON" is not a valid value/],
    ['* * * * * * ?', 'year', /not a valid value/],
    ['*/0 * * * * * *', 'second', /step "0" must be a positive integer/],
    ['*/x * * * * * *', 'second', /step "x"/],
    ['1//2 * * * * * *', 'second', /more than one "\/"/],
    ['* 5-1 * * * * *', 'minute', /runs backwards/],
    ['* * 1- * * * *', 'hour', /not a valid value/],
    ['* * 1-2-3 * * * *', 'hour', /not a range/],
    ['* * * 1,,2 * * *', 'day-of-month', /empty list item/],
    ['* * * * * *-5 *', 'day-of-week', /not a valid value/],
    ['1.5 * * * * * *', 'second', /not a valid value/],
  ])('rejects %j, naming the %s field', (expr, field, reason) => {
    let error: unknown;
    try {
      parseCron(expr);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`${field} field`);
    expect(message).toMatch(reason);
  });
});

describe('cronMatches', () => {
  it('matches every minute at second 0', () => {
    const s = parseCron('0 * * * * * *');
    expect(cronMatches(s, china(2026, 11, 25, 13, 7, 0))).toBe(true);
    expect(cronMatches(s, china(2026, 11, 25, 13, 7, 1))).toBe(false);
  });

  it('has second resolution: any millisecond inside a matching second matches', () => {
    const s = parseCron('0 * * * * * *');
    expect(cronMatches(s, china(2026, 11, 25, 13, 7, 0) + 999)).toBe(true);
    expect(cronMatches(s, china(2026, 11, 25, 13, 7, 0) - 1)).toBe(false);
  });

  it('evaluates in China time (UTC+8)', () => {
    const s = parseCron('0 0 8 * * * *');
    expect(cronMatches(s, Date.parse('2026-11-25T00:00:00Z'))).toBe(true);
    expect(cronMatches(s, Date.parse('2026-11-25T08:00:00Z'))).toBe(false);
  });

  it('uses China day boundaries for day-of-month and weekday', () => {
    // 2026-11-24T16:00Z is already Wednesday 25 November in China.
    const t = Date.parse('2026-11-24T16:00:00Z');
    expect(cronMatches(parseCron('0 0 0 25 * * *'), t)).toBe(true);
    expect(cronMatches(parseCron('0 0 0 * * WED *'), t)).toBe(true);
    expect(cronMatches(parseCron('0 0 0 * * TUE *'), t)).toBe(false);
  });

  describe('with a different machine time zone', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    it('gives the same answer as in any other zone', () => {
      process.env.TZ = 'America/Los_Angeles';
      const s = parseCron('0 0 8 * * * *');
      expect(cronMatches(s, Date.parse('2026-11-25T00:00:00Z'))).toBe(true);
      expect(nextFireAfter(s, Date.parse('2026-11-25T00:00:00Z'))).toBe(Date.parse('2026-11-26T00:00:00Z'));
    });
  });

  it('treats 0 as Sunday and names as their weekdays', () => {
    const sunday = china(2026, 12, 13, 12); // Sunday
    expect(cronMatches(parseCron('* * * * * 0 *'), sunday)).toBe(true);
    expect(cronMatches(parseCron('* * * * * SUN *'), sunday)).toBe(true);
    expect(cronMatches(parseCron('* * * * * 1 *'), sunday)).toBe(false);
  });

  it('matches on EITHER day-of-month or day-of-week when both are restricted', () => {
    const s = parseCron('0 0 0 13 * FRI *');
    expect(cronMatches(s, china(2026, 12, 13))).toBe(true); // 13th, a Sunday
    expect(cronMatches(s, china(2026, 11, 20))).toBe(true); // Friday the 20th
    expect(cronMatches(s, china(2026, 11, 25))).toBe(false); // Wednesday the 25th
  });

  it('requires only the restricted one when the other is *', () => {
    expect(cronMatches(parseCron('0 0 0 * * FRI *'), china(2026, 12, 13))).toBe(false);
    expect(cronMatches(parseCron('0 0 0 13 * * *'), china(2026, 11, 20))).toBe(false);
    expect(cronMatches(parseCron('0 0 0 13 * * *'), china(2026, 12, 13))).toBe(true);
  });

  it('checks the year field', () => {
    const s = parseCron('0 0 0 1 JAN * 2027');
    expect(cronMatches(s, china(2027, 1, 1))).toBe(true);
    expect(cronMatches(s, china(2028, 1, 1))).toBe(false);
  });
});

describe('nextFireAfter', () => {
  it('fires every minute at second 0', () => {
    expect(nextN('0 * * * * * *', Date.parse('2026-11-25T03:04:05Z'), 3)).toEqual([
      '2026-11-25T03:05:00.000Z',
      '2026-11-25T03:06:00.000Z',
      '2026-11-25T03:07:00.000Z',
    ]);
  });

  it('fires daily at 08:00 China time, which is 00:00 UTC', () => {
    expect(nextN('0 0 8 * * * *', Date.parse('2026-11-25T03:00:00Z'), 2)).toEqual([
      '2026-11-26T00:00:00.000Z',
      '2026-11-27T00:00:00.000Z',
    ]);
  });

  it('fires every 15 seconds', () => {
    expect(nextN('*/15 * * * * * *', Date.parse('2026-11-25T03:00:50Z'), 4)).toEqual([
      '2026-11-25T03:01:00.000Z',
      '2026-11-25T03:01:15.000Z',
      '2026-11-25T03:01:30.000Z',
      '2026-11-25T03:01:45.000Z',
    ]);
  });

  it('fires at 09:30 China time on weekdays only', () => {
    // Friday 27 Nov 2026, 10:00 China: today's 09:30 has passed; the weekend is skipped.
    expect(nextN('0 30 9 * * MON-FRI *', china(2026, 11, 27, 10), 2)).toEqual([
      new Date(china(2026, 11, 30, 9, 30)).toISOString(),
      new Date(china(2026, 12, 1, 9, 30)).toISOString(),
    ]);
  });

  it('fires once in the given year and then never', () => {
    const s = parseCron('0 0 0 1 JAN * 2027');
    const first = nextFireAfter(s, Date.parse('2026-11-25T00:00:00Z'));
    expect(first).toBe(Date.parse('2026-12-31T16:00:00Z'));
    expect(nextFireAfter(s, first as number)).toBeNull();
  });

  it('finds the next leap day from 2026: 2028-02-29 China time', () => {
    const s = parseCron('0 0 0 29 2 * *');
    expect(nextFireAfter(s, china(2026, 1, 1))).toBe(china(2028, 2, 29));
    expect(nextFireAfter(s, china(2028, 2, 29))).toBe(china(2032, 2, 29));
  });

  it('applies the OR rule when stepping over days', () => {
    // From Saturday 5 Dec 2026: Friday 11th, Sunday 13th, Friday 18th.
    expect(nextN('0 0 0 13 * FRI *', china(2026, 12, 5), 3)).toEqual([
      new Date(china(2026, 12, 11)).toISOString(),
      new Date(china(2026, 12, 13)).toISOString(),
      new Date(china(2026, 12, 18)).toISOString(),
    ]);
  });

  it('carries over hour, day, month and year boundaries', () => {
    expect(nextN('30 59 23 31 * * *', china(2026, 11, 25), 2)).toEqual([
      new Date(china(2026, 12, 31, 23, 59, 30)).toISOString(),
      new Date(china(2027, 1, 31, 23, 59, 30)).toISOString(),
    ]);
  });

  it('returns the first whole second strictly after the given time', () => {
    const s = parseCron('* * * * * * *');
    const t = Date.parse('2026-11-25T00:00:00Z');
    expect(nextFireAfter(s, t)).toBe(t + 1000);
    expect(nextFireAfter(s, t + 1)).toBe(t + 1000);
    expect(nextFireAfter(s, t + 999)).toBe(t + 1000);
    expect(nextFireAfter(s, t - 1)).toBe(t);
  });

  it('returns null when nothing matches before 2100', () => {
    expect(nextFireAfter(parseCron('0 0 0 30 2 * *'), china(2026, 1, 1))).toBeNull();
    expect(nextFireAfter(parseCron('0 0 0 1 1 * 2020'), china(2026, 1, 1))).toBeNull();
    expect(nextFireAfter(parseCron('* * * * * * *'), china(2099, 12, 31, 23, 59, 59))).toBeNull();
  });

  it('reaches the last second of 2099 from 1970 by skipping fields', () => {
    // Second-by-second this would be ~4 billion steps and time out.
    expect(nextFireAfter(parseCron('59 59 23 31 12 * 2099'), 0)).toBe(china(2099, 12, 31, 23, 59, 59));
  });

  it('starts at 1970 for times before it', () => {
    expect(nextFireAfter(parseCron('0 0 0 1 1 * *'), Date.parse('1950-06-01T00:00:00Z'))).toBe(china(1970, 1, 1));
  });

  it('rejects a non-finite time', () => {
    expect(() => nextFireAfter(parseCron('* * * * * * *'), Number.NaN)).toThrow(/Invalid time/);
  });
});
