import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CloudMain } from '../function';

export const CLOUDFUNCTIONS_DIR = join(import.meta.dirname, '..', '..', 'cloudfunctions');

/** Every function under cloudfunctions/, loaded from its own entry exactly as it deploys. */
export async function loadFunctions(dir = CLOUDFUNCTIONS_DIR): Promise<Map<string, CloudMain>> {
  const functions = new Map<string, CloudMain>();
  for (const name of (await readdir(dir)).sort()) {
    const entry = join(dir, name, 'index.ts');
    if (!existsSync(entry)) continue;
    const mod = (await import(pathToFileURL(entry).href)) as { main?: CloudMain };
    if (typeof mod.main !== 'function' || !mod.main.spec) throw new Error(`${entry} must export main = defineFunction(...)`);
    functions.set(name, mod.main);
  }
  return functions;
}
