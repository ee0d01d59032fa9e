/** cloudbaserc.json deploys every function with the timeout and timers its own config.json declares. */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const rc = JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8')) as {
  functionRoot: string;
  functions: { name: string; timeout: number; triggers?: unknown[] }[];
};

describe('cloudbaserc.json', () => {
  const names = readdirSync(join(ROOT, 'cloudfunctions')).filter((n) => existsSync(join(ROOT, 'cloudfunctions', n, 'index.ts'))).sort();

  it('deploys from the build output and lists every function once', () => {
    expect(rc.functionRoot).toBe('./dist/cloudfunctions');
    expect(rc.functions.map((f) => f.name).sort()).toEqual(names);
  });

  it.each(names)('%s: timeout and timer triggers match its config.json', (name) => {
    const config = JSON.parse(readFileSync(join(ROOT, 'cloudfunctions', name, 'config.json'), 'utf8')) as { timeout: number; triggers: unknown[] };
    const entry = rc.functions.find((f) => f.name === name)!;
    expect(entry.timeout).toBe(config.timeout);
    expect(entry.triggers ?? []).toEqual(config.triggers);
  });
});
