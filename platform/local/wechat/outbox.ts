/**
 * What the fake WeChat was asked to send and what it answered. Developers open the emulator's
 * outbox to see the message a student would have received; tests read it to assert on sends.
 * With a file, entries are appended as JSON lines and read back on start, so the history
 * survives an emulator restart.
 */

import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WeChatApi } from './rules';

export interface OutboxResult {
  /** WeChat's errcode, or 'timeout' when the fake deliberately never answered. */
  errcode: number | 'timeout';
  errmsg: string;
  /** WeChat's 64-bit msgid, as decimal text (it does not fit a JS number). */
  msgid?: string;
}

export interface OutboxEntry {
  id: string;
  /** Arrival, epoch ms. */
  at: number;
  api: WeChatApi;
  touser: string | null;
  /** The request body as parsed JSON, or the raw text when it was not JSON. */
  payload: unknown;
  result: OutboxResult;
  /** How long the fake took to answer (or, for a timeout, to give up). */
  latencyMs: number;
}

export interface OutboxQuery {
  limit?: number;
  api?: WeChatApi;
  touser?: string;
}

export interface OutboxStats {
  total: number;
  byApi: Record<WeChatApi, { total: number; byErrcode: Record<string, number> }>;
}

export interface Outbox {
  record(entry: OutboxEntry): void;
  list(query?: OutboxQuery): OutboxEntry[];
  clear(): void;
  stats(): OutboxStats;
}

function emptyStats(): OutboxStats {
  return {
    total: 0,
    byApi: {
      'subscribeMessage.send': { total: 0, byErrcode: {} },
      'customerServiceMessage.send': { total: 0, byErrcode: {} },
    },
  };
}

function isEntry(value: unknown): value is OutboxEntry {
  if (value === null || typeof value !== 'object') return false;
  const e = value as Partial<OutboxEntry>;
  return (
    typeof e.id === 'string' &&
    typeof e.at === 'number' &&
    (e.api === 'subscribeMessage.send' || e.api === 'customerServiceMessage.send') &&
    typeof e.result === 'object' &&
    e.result !== null
  );
}

/** Entries from a JSON-lines file; a torn last line (crash mid-append) or junk line is skipped. */
function load(file: string): OutboxEntry[] {
  if (!existsSync(file)) return [];
  const entries: OutboxEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isEntry(parsed)) entries.push(parsed);
    } catch {
      // skip
    }
  }
  return entries;
}

/**
 * `capacity` bounds the entries held in memory (oldest dropped first); the file keeps everything,
 * and the statistics count every entry ever recorded since the last clear.
 */
export function createOutbox(options: { file?: string; capacity: number }): Outbox {
  const { file, capacity } = options;
  let entries: OutboxEntry[] = [];
  let counts = emptyStats();

  const count = (e: OutboxEntry) => {
    counts.total += 1;
    const perApi = counts.byApi[e.api];
    perApi.total += 1;
    const key = String(e.result.errcode);
    perApi.byErrcode[key] = (perApi.byErrcode[key] ?? 0) + 1;
  };
  const keep = (e: OutboxEntry) => {
    entries.push(e);
    if (entries.length > capacity) entries.splice(0, entries.length - capacity);
  };

  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    for (const e of load(file)) {
      count(e);
      keep(e);
    }
  }

  return {
    record(entry) {
      count(entry);
      keep(entry);
      if (file) {
        // Synchronous append: entries land in arrival order and are on disk before the answer goes out.
        appendFileSync(file, `${JSON.stringify(entry)}\n`);
      }
    },
    list(query = {}) {
      const out: OutboxEntry[] = [];
      const limit = query.limit ?? Infinity;
      for (let i = entries.length - 1; i >= 0 && out.length < limit; i -= 1) {
        const e = entries[i] as OutboxEntry;
        if (query.api !== undefined && e.api !== query.api) continue;
        if (query.touser !== undefined && e.touser !== query.touser) continue;
        out.push(e);
      }
      return out;
    },
    clear() {
      entries = [];
      counts = emptyStats();
      if (file && existsSync(file)) writeFileSync(file, '');
    },
    stats() {
      return structuredClone(counts);
    },
  };
}
