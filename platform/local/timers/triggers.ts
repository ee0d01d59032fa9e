/**
 * Reads the timer triggers that CloudBase would create from each cloud function's
 * config.json, so the emulator schedules exactly what a deploy would.
 *
 * config.json shape (CloudBase / WeChat cloud development):
 *   { "timeout": 60, "triggers": [ { "name": "everyMinute", "type": "timer", "config": "0 * * * * * *" } ] }
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { parseCron, type CronSchedule } from './cron.js';

export interface TimerTrigger {
  /** Folder name under the cloudfunctions directory, which is the deployed function name. */
  readonly functionName: string;
  /** Trigger name from config.json. */
  readonly name: string;
  /** The cron expression as written in config.json. */
  readonly cron: string;
  readonly schedule: CronSchedule;
}

/**
 * Every `type: "timer"` trigger under `<cloudfunctionsDir>/<functionName>/config.json`,
 * ordered by function folder name then by position in the file. Folders without a
 * config.json, and other trigger types, are skipped; malformed files and invalid cron
 * expressions throw an Error naming the file (and trigger), because a silently dropped
 * timer would only be noticed once it failed to run in production.
 */
export async function loadTimerTriggers(cloudfunctionsDir: string): Promise<TimerTrigger[]> {
  const entries = await readdir(cloudfunctionsDir, { withFileTypes: true });
  // Sorted so the result does not depend on the file system's listing order.
  const names = entries.map((e) => e.name).sort();
  const triggers: TimerTrigger[] = [];
  for (const functionName of names) {
    const file = path.join(cloudfunctionsDir, functionName, 'config.json');
    const text = await readOptional(file);
    if (text === undefined) continue;
    triggers.push(...parseConfig(file, functionName, text));
  }
  return triggers;
}

/**
 * The file's text, or undefined when it does not exist. Trying the read (rather than
 * filtering Dirents by isDirectory) also covers function folders that are symlinks,
 * and plain files in the directory simply fail with ENOTDIR.
 */
async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function parseConfig(file: string, functionName: string, text: string): TimerTrigger[] {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: invalid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!isRecord(config)) throw new Error(`${file}: expected a JSON object`);
  // A config.json may exist only for timeout/env settings; no triggers is fine.
  if (config.triggers === undefined) return [];
  if (!Array.isArray(config.triggers)) throw new Error(`${file}: "triggers" must be an array`);

  const result: TimerTrigger[] = [];
  const seen = new Set<string>();
  config.triggers.forEach((entry: unknown, index: number) => {
    if (!isRecord(entry)) throw new Error(`${file}: triggers[${index}] must be an object`);
    if (entry.type !== 'timer') return;
    const name = entry.name;
    if (typeof name !== 'string' || name === '') {
      throw new Error(`${file}: triggers[${index}] needs a non-empty string "name"`);
    }
    // CloudBase rejects two timers of the same name in one function; so do we, since
    // the scheduler reports triggers by name.
    if (seen.has(name)) throw new Error(`${file}: duplicate timer trigger name "${name}"`);
    seen.add(name);
    const cron = entry.config;
    if (typeof cron !== 'string') {
      throw new Error(`${file}: timer trigger "${name}" needs a cron expression string in "config"`);
    }
    let schedule: CronSchedule;
    try {
      schedule = parseCron(cron);
    } catch (err) {
      throw new Error(`${file}: timer trigger "${name}": ${(err as Error).message}`, { cause: err });
    }
    result.push({ functionName, name, cron, schedule });
  });
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
