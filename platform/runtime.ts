import type { Identity } from '../core/actor';
import { invoke, type FunctionSpec } from '../core/function/define';
import type { Envelope } from '../core/function/envelope';
import type { Clock, Ids, Ports } from '../core/ports';
import { randomUUID } from 'node:crypto';

/** Runs a function's spec with one platform's ports and identity. */
export interface FunctionRuntime {
  invoke(spec: FunctionSpec, event: unknown, context: unknown): Promise<Envelope>;
}

export function runtimeOf(ports: Ports, identify: (event: unknown, context: unknown) => Identity & { requestId?: string }): FunctionRuntime {
  return {
    invoke(spec, event, context) {
      const identity = identify(event, context);
      return invoke(spec, event, identity, ports, identity.requestId ?? ports.ids.random());
    },
  };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * 122 random bits as 32 hex digits: unguessable, and safe inside ':'-joined ids and file names.
 * randomUUID draws from a pooled entropy buffer, several times cheaper than randomBytes per id.
 */
export const randomIds: Ids = { random: () => randomUUID().replace(/-/g, '') };
