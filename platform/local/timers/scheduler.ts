/**
 * Fires timer triggers at their matching seconds, the way CloudBase's timer service
 * invokes a function: asynchronously, result ignored, errors reported but never fatal.
 *
 * Each trigger keeps one timer armed for its next fire time (from nextFireAfter), so an
 * idle emulator with a daily trigger wakes once a day, not once a second.
 */
import { nextFireAfter } from './cron.js';
import type { TimerTrigger } from './triggers.js';

/** Arms a one-shot timer and returns a function that cancels it. */
export type SetTimer = (callback: () => void, delayMs: number) => () => void;

export interface SchedulerOptions {
  readonly triggers: readonly TimerTrigger[];
  /** Runs the function; firedAtMs is the scheduled (matching) second, not the wake-up time. */
  readonly fire: (trigger: TimerTrigger, firedAtMs: number) => Promise<unknown>;
  /** Receives errors thrown or rejected by fire; defaults to console.error. */
  readonly onError?: (trigger: TimerTrigger, error: unknown) => void;
  /** Clock in epoch ms; defaults to Date.now (which vitest fake timers control). */
  readonly now?: () => number;
  /** Timer primitive; defaults to setTimeout/clearTimeout. */
  readonly setTimer?: SetTimer;
}

export interface TriggerInfo {
  readonly functionName: string;
  readonly name: string;
  readonly cron: string;
  /** Epoch ms of the next fire, or null when stopped or the schedule has no future match. */
  readonly nextFireAt: number | null;
  /** Epoch ms of the scheduled second of the most recent fire that ran. */
  readonly lastFiredAt: number | null;
  /** Fires started. */
  readonly fires: number;
  /** Fires skipped because the previous fire of the same trigger was still running. */
  readonly skipped: number;
  /** Fires that threw or rejected. */
  readonly errors: number;
  readonly running: boolean;
}

export interface Scheduler {
  /** Arms every trigger. Calling it while already started does nothing. */
  start(): void;
  /** Cancels all timers, then resolves once every fire in progress has settled. */
  stop(): Promise<void>;
  info(): TriggerInfo[];
}

/**
 * setTimeout overflows above 2^31-1 ms (~24.8 days) and fires at once; a yearly trigger
 * would then fire immediately. Longer waits are done in hops, re-checking the clock.
 */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

// Looked up at call time (not captured at import) so vi.useFakeTimers() takes effect.
const defaultSetTimer: SetTimer = (callback, delayMs) => {
  const handle = setTimeout(callback, delayMs);
  return () => clearTimeout(handle);
};

const defaultOnError = (trigger: TimerTrigger, error: unknown): void => {
  console.error(`[timers] ${trigger.functionName}/${trigger.name} failed:`, error);
};

interface TriggerState {
  readonly trigger: TimerTrigger;
  nextFireAt: number | null;
  lastFiredAt: number | null;
  fires: number;
  skipped: number;
  errors: number;
  /** Settles (never rejects) when the current fire ends; null when idle. */
  running: Promise<void> | null;
  cancelTimer: (() => void) | null;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? defaultSetTimer;
  const onError = options.onError ?? defaultOnError;
  const states: TriggerState[] = options.triggers.map((trigger) => ({
    trigger,
    nextFireAt: null,
    lastFiredAt: null,
    fires: 0,
    skipped: 0,
    errors: 0,
    running: null,
    cancelTimer: null,
  }));
  let started = false;

  function arm(state: TriggerState): void {
    state.cancelTimer?.();
    state.cancelTimer = null;
    if (!started || state.nextFireAt === null) return;
    const delay = Math.min(Math.max(state.nextFireAt - now(), 0), MAX_TIMER_DELAY_MS);
    state.cancelTimer = setTimer(() => wake(state), delay);
  }

  function wake(state: TriggerState): void {
    state.cancelTimer = null;
    const due = state.nextFireAt;
    if (!started || due === null) return;
    const t = now();
    // A capped hop (or a timer that ran early) is not yet due: sleep the rest.
    if (t < due) {
      arm(state);
      return;
    }
    // Next slot is counted from the wake-up time: if the process was suspended past
    // several slots, they collapse into this one fire instead of a burst of catch-ups.
    state.nextFireAt = nextFireAfter(state.trigger.schedule, Math.max(due, t));
    arm(state);
    runFire(state, due);
  }

  function runFire(state: TriggerState, firedAtMs: number): void {
    if (state.running) {
      state.skipped += 1;
      return;
    }
    state.fires += 1;
    state.lastFiredAt = firedAtMs;
    // Called synchronously so that a stop() issued right after this tick already sees
    // the fire as running and waits for it; a synchronous throw becomes a rejection.
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(options.fire(state.trigger, firedAtMs));
    } catch (err) {
      result = Promise.reject(err);
    }
    state.running = result
      .then(
        () => undefined,
        (err: unknown) => {
          state.errors += 1;
          report(state.trigger, err);
        },
      )
      .finally(() => {
        state.running = null;
      });
  }

  function report(trigger: TimerTrigger, error: unknown): void {
    try {
      onError(trigger, error);
    } catch (reportError) {
      // A faulty reporter must not turn into an unhandled rejection that kills the emulator.
      console.error(`[timers] onError for ${trigger.functionName}/${trigger.name} threw:`, reportError);
    }
  }

  return {
    start() {
      if (started) return;
      started = true;
      const t = now();
      for (const state of states) {
        // From t - 1 so that starting exactly on a matching second fires that second.
        state.nextFireAt = nextFireAfter(state.trigger.schedule, t - 1);
        arm(state);
      }
    },

    async stop() {
      started = false;
      for (const state of states) {
        state.cancelTimer?.();
        state.cancelTimer = null;
        state.nextFireAt = null;
      }
      const running = states.map((s) => s.running).filter((p): p is Promise<void> => p !== null);
      await Promise.all(running);
    },

    info() {
      return states.map((s) => ({
        functionName: s.trigger.functionName,
        name: s.trigger.name,
        cron: s.trigger.cron,
        nextFireAt: s.nextFireAt,
        lastFiredAt: s.lastFiredAt,
        fires: s.fires,
        skipped: s.skipped,
        errors: s.errors,
        running: s.running !== null,
      }));
    },
  };
}
