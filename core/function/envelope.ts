import type { ErrorCode } from '../errors';

/** What every function answers: programs branch on `ok` and `error.code`, people read `message`. */
export type Envelope<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ErrorCode; message: string; details?: Record<string, unknown> }; requestId?: string };
