import type { Files } from './files';
import type { Store } from './store';
import type { WeChat } from './wechat';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Waits `ms`, or less if `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Ids {
  /** A new random id, URL- and path-safe. */
  random(): string;
}

/** Starts other functions' work without waiting for it (e.g. the deliver queue after a push). */
export interface Tasks {
  kick(functionName: string, event: Record<string, unknown>): Promise<void>;
}

/** Deployment settings every function may read; set from the environment by the runtime. */
export interface AppConfig {
  /** Server-side secret mixed into hashes and signatures; never stored with the data. */
  secret: string;
  /** OPENIDs that are administrators (the bootstrap of a new school). */
  adminOpenids: ReadonlySet<string>;
  /** Subscribe-message template used for notices. */
  noticeTemplateId: string;
  /** Subscribe-message template used for meeting reminders. */
  meetingTemplateId: string;
}

export interface Ports {
  store: Store;
  wechat: WeChat;
  files: Files;
  clock: Clock;
  ids: Ids;
  tasks: Tasks;
  config: AppConfig;
  /** Aborts when the host is shutting down: long work stops claiming and records what it did. */
  shutdown: AbortSignal;
}

export type { Files, Store, WeChat };
