/**
 * nedb appends each write with `fs.promises.appendFile(path)`: open, write, close, every time
 * (measured here: 182 µs an append, against 65 µs through an open handle). It reaches the file
 * system through one shared module object, so this keeps one handle per datafile instead. The
 * bytes written are the same and, as before, not fsynced: they survive `kill -9`, not a power cut.
 * A handle is closed before nedb replaces or removes its file (compaction renames a fresh file over
 * the datafile), so no write can land in a replaced file.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';

interface NedbStorage {
  appendFileAsync(file: string, data: string, options?: unknown): Promise<void>;
  crashSafeWriteFileLinesAsync(file: string, lines: string[], modes?: unknown): Promise<void>;
  unlinkAsync(file: string): Promise<void>;
}

const handles = new Map<string, Promise<FileHandle>>();
let installed = false;

async function closeHandle(file: string): Promise<void> {
  const handle = handles.get(file);
  if (!handle) return;
  handles.delete(file);
  await (await handle).close();
}

export function installAppendHandles(): void {
  if (installed) return;
  installed = true;
  const storage = createRequire(import.meta.url)('@seald-io/nedb/lib/storage.js') as NedbStorage;
  const replace = storage.crashSafeWriteFileLinesAsync.bind(storage);
  const unlink = storage.unlinkAsync.bind(storage);
  storage.appendFileAsync = async (file, data) => {
    let handle = handles.get(file);
    if (!handle) {
      handle = open(file, 'a', 0o644);
      handles.set(file, handle);
    }
    await (await handle).appendFile(data, 'utf8');
  };
  storage.crashSafeWriteFileLinesAsync = async (file, lines, modes) => {
    await closeHandle(file);
    await replace(file, lines, modes);
  };
  storage.unlinkAsync = async (file) => {
    await closeHandle(file);
    await unlink(file);
  };
}

/** Closes every handle (the store is closing). */
export async function closeAppendHandles(prefix: string): Promise<void> {
  for (const file of [...handles.keys()]) if (file.startsWith(prefix)) await closeHandle(file);
}
