import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadTimerTriggers } from './triggers.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'timers-triggers-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Creates <dir>/<fn>/ and, unless config is undefined, its config.json. */
async function addFunction(fn: string, config?: unknown): Promise<string> {
  await mkdir(path.join(dir, fn), { recursive: true });
  const file = path.join(dir, fn, 'config.json');
  if (config !== undefined) {
    await writeFile(file, typeof config === 'string' ? config : JSON.stringify(config));
  }
  return file;
}

describe('loadTimerTriggers', () => {
  it('returns the timer triggers of every function with a config.json', async () => {
    await addFunction('reminders', {
      timeout: 60,
      triggers: [{ name: 'everyMinute', type: 'timer', config: '0 * * * * * *' }],
    });
    await addFunction('digest', {
      triggers: [
        { name: 'morning', type: 'timer', config: '0 0 8 * * * *' },
        { name: 'evening', type: 'timer', config: '0 0 20 * * * *' },
      ],
    });

    const triggers = await loadTimerTriggers(dir);

    // Sorted by function folder, then in file order.
    expect(triggers.map((t) => [t.functionName, t.name, t.cron])).toEqual([
      ['digest', 'morning', '0 0 8 * * * *'],
      ['digest', 'evening', '0 0 20 * * * *'],
      ['reminders', 'everyMinute', '0 * * * * * *'],
    ]);
    expect(triggers[0]?.schedule.hours).toEqual([8]);
    expect(triggers[2]?.schedule.seconds).toEqual([0]);
  });

  it('skips folders without config.json, configs without triggers, non-timer triggers and stray files', async () => {
    await addFunction('noConfig');
    await addFunction('timeoutOnly', { timeout: 20 });
    await addFunction('mixed', {
      triggers: [
        { name: 'http', type: 'http', config: '/path' },
        { name: 'tick', type: 'timer', config: '*/15 * * * * * *' },
      ],
    });
    await writeFile(path.join(dir, 'README.md'), '# functions');

    const triggers = await loadTimerTriggers(dir);

    expect(triggers.map((t) => `${t.functionName}/${t.name}`)).toEqual(['mixed/tick']);
  });

  it('returns an empty list for a directory with no functions', async () => {
    expect(await loadTimerTriggers(dir)).toEqual([]);
  });

  it('throws for an invalid cron, naming the file and the trigger', async () => {
    const file = await addFunction('broken', {
      triggers: [{ name: 'nightly', type: 'timer', config: '0 0 25 * * * *' }],
    });
    await expect(loadTimerTriggers(dir)).rejects.toThrow(file);
    await expect(loadTimerTriggers(dir)).rejects.toThrow(/timer trigger "nightly".*hour field "25"/);
  });

  it('throws for a five-field (Linux crontab) expression', async () => {
    await addFunction('unix', { triggers: [{ name: 'hourly', type: 'timer', config: '0 * * * *' }] });
    await expect(loadTimerTriggers(dir)).rejects.toThrow(/"hourly".*expected 7 fields/);
  });

  it('throws for malformed config.json, naming the file', async () => {
    const file = await addFunction('badJson', '{ "triggers": [');
    await expect(loadTimerTriggers(dir)).rejects.toThrow(`${file}: invalid JSON`);
  });

  it('throws when triggers is not an array', async () => {
    await addFunction('badShape', { triggers: { name: 'x', type: 'timer', config: '* * * * * * *' } });
    await expect(loadTimerTriggers(dir)).rejects.toThrow(/"triggers" must be an array/);
  });

  it('throws for a timer without a name or a cron string', async () => {
    await addFunction('noName', { triggers: [{ type: 'timer', config: '* * * * * * *' }] });
    await expect(loadTimerTriggers(dir)).rejects.toThrow(/triggers\[0\] needs a non-empty string "name"/);

    await rm(path.join(dir, 'noName'), { recursive: true });
    await addFunction('noCron', { triggers: [{ name: 'tick', type: 'timer', config: 5 }] });
    await expect(loadTimerTriggers(dir)).rejects.toThrow(/"tick" needs a cron expression string/);
  });

  it('throws for two timers with the same name in one function', async () => {
    await addFunction('dup', {
      triggers: [
        { name: 'tick', type: 'timer', config: '0 * * * * * *' },
        { name: 'tick', type: 'timer', config: '30 * * * * * *' },
      ],
    });
    await expect(loadTimerTriggers(dir)).rejects.toThrow(/duplicate timer trigger name "tick"/);
  });

  it('allows the same trigger name in different functions', async () => {
    await addFunction('a', { triggers: [{ name: 'tick', type: 'timer', config: '0 * * * * * *' }] });
    await addFunction('b', { triggers: [{ name: 'tick', type: 'timer', config: '0 * * * * * *' }] });
    expect(await loadTimerTriggers(dir)).toHaveLength(2);
  });

  it('rejects when the cloudfunctions directory does not exist', async () => {
    await expect(loadTimerTriggers(path.join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
