import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { parseCron } from './cron.js';
import { createScheduler, type Scheduler, type SetTimer } from './scheduler.js';
import type { TimerTrigger } from './triggers.js';

function trigger(name: string, cron: string, functionName = 'fn'): TimerTrigger {
  return { functionName, name, cron, schedule: parseCron(cron) };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const iso = (ms: number): string => new Date(ms).toISOString();

describe('createScheduler with fake timers', () => {
  let scheduler: Scheduler | undefined;

  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    vi.useRealTimers();
  });

  it('fires at each matching second, passing the trigger and the scheduled time', async () => {
    vi.setSystemTime(new Date('2026-11-25T00:00:05.300Z'));
    const tick = trigger('tick', '*/15 * * * * * *');
    const fire = vi.fn(async (_t: TimerTrigger, _at: number) => {});
    scheduler = createScheduler({ triggers: [tick], fire });
    scheduler.start();

    await vi.advanceTimersByTimeAsync(60_000);

    expect(fire.mock.calls.map(([t, at]) => [t, iso(at)])).toEqual([
      [tick, '2026-11-25T00:00:15.000Z'],
      [tick, '2026-11-25T00:00:30.000Z'],
      [tick, '2026-11-25T00:00:45.000Z'],
      [tick, '2026-11-25T00:01:00.000Z'],
    ]);
  });

  it('fires 08:00 China time at 00:00 UTC', async () => {
    vi.setSystemTime(new Date('2026-11-24T23:59:59.000Z'));
    const fire = vi.fn(async () => {});
    scheduler = createScheduler({ triggers: [trigger('morning', '0 0 8 * * * *')], fire });
    scheduler.start();

    await vi.advanceTimersByTimeAsync(999);
    expect(fire).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(Date.now()).toBe(Date.parse('2026-11-25T00:00:00Z'));
  });

  it('sleeps until the next fire instead of polling every second', async () => {
    vi.setSystemTime(new Date('2026-11-25T01:00:00.500Z'));
    const fire = vi.fn(async () => {});
    const arms: number[] = [];
    const setTimer: SetTimer = (callback, delayMs) => {
      arms.push(delayMs);
      const handle = setTimeout(callback, delayMs);
      return () => clearTimeout(handle);
    };
    scheduler = createScheduler({ triggers: [trigger('daily', '0 0 8 * * * *')], fire, setTimer });
    scheduler.start();

    await vi.advanceTimersByTimeAsync(3 * 24 * 3600_000);

    expect(fire).toHaveBeenCalledTimes(3);
    // One timer per fire plus the initial one; a 1 s poll would have armed ~259,200.
    expect(arms).toHaveLength(4);
  });

  it('fires at once when started exactly on a matching second', async () => {
    vi.setSystemTime(new Date('2026-11-25T00:00:00.000Z'));
    const fire = vi.fn(async () => {});
    scheduler = createScheduler({ triggers: [trigger('everyMinute', '0 * * * * * *')], fire });
    scheduler.start();

    await vi.advanceTimersByTimeAsync(0);
    expect(fire).toHaveBeenCalledWith(expect.anything(), Date.parse('2026-11-25T00:00:00Z'));
  });

  it('reports next and last fire times and counts in info()', async () => {
    vi.setSystemTime(new Date('2026-11-25T00:00:30.000Z'));
    scheduler = createScheduler({
      triggers: [trigger('everyMinute', '0 * * * * * *', 'reminders')],
      fire: async () => {},
    });

    expect(scheduler.info()).toEqual([
      {
        functionName: 'reminders',
        name: 'everyMinute',
        cron: '0 * * * * * *',
        nextFireAt: null,
        lastFiredAt: null,
        fires: 0,
        skipped: 0,
        errors: 0,
        running: false,
      },
    ]);

    scheduler.start();
    expect(scheduler.info()[0]?.nextFireAt).toBe(Date.parse('2026-11-25T00:01:00Z'));

    await vi.advanceTimersByTimeAsync(60_000);
    expect(scheduler.info()[0]).toMatchObject({
      lastFiredAt: Date.parse('2026-11-25T00:01:00Z'),
      nextFireAt: Date.parse('2026-11-25T00:02:00Z'),
      fires: 1,
      skipped: 0,
    });
  });

  it('never runs two fires of the same trigger at once, counting the skipped ones', async () => {
    vi.setSystemTime(new Date('2026-11-25T00:00:00.500Z'));
    const gates: Array<() => void> = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const fire = vi.fn(async (_t: TimerTrigger, _at: number) => {
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      const gate = deferred();
      gates.push(gate.resolve);
      await gate.promise;
      concurrent -= 1;
    });
    scheduler = createScheduler({ triggers: [trigger('everySecond', '* * * * * * *')], fire });
    scheduler.start();

    try {
      await vi.advanceTimersByTimeAsync(3000); // slots :01, :02, :03
      expect(fire).toHaveBeenCalledTimes(1);
      expect(scheduler.info()[0]).toMatchObject({ fires: 1, skipped: 2, running: true });

      gates[0]?.();
      await vi.advanceTimersByTimeAsync(1000); // slot :04 runs again
      expect(fire).toHaveBeenCalledTimes(2);
      expect(fire.mock.calls[1]?.[1]).toBe(Date.parse('2026-11-25T00:00:04Z'));
      expect(maxConcurrent).toBe(1);
    } finally {
      // Release every fire so a failed assertion does not leave stop() hanging in afterEach.
      for (const release of gates) release();
    }
  });

  it('does not let a slow trigger hold up another', async () => {
    vi.setSystemTime(new Date('2026-11-25T00:00:00.500Z'));
    const slow = trigger('slow', '* * * * * * *', 'a');
    const fast = trigger('fast', '* * * * * * *', 'b');
    const gate = deferred();
    const fire = vi.fn(async (t: TimerTrigger) => {
      if (t === slow) await gate.promise;
    });
    scheduler = createScheduler({ triggers: [slow, fast], fire });
    scheduler.start();

    try {
      await vi.advanceTimersByTimeAsync(3000);
      expect(scheduler.info().map((i) => [i.name, i.fires, i.skipped])).toEqual([
        ['slow', 1, 2],
        ['fast', 3, 0],
      ]);
    } finally {
      gate.resolve();
    }
  });

  it('reports rejected and thrown fire errors to onError and keeps firing', async () => {
    vi.setSystemTime(new Date('2026-11-25T00:00:00.500Z'));
    const tick = trigger('tick', '* * * * * * *');
    const onError = vi.fn();
    let call = 0;
    const fire = vi.fn((): Promise<unknown> => {
      call += 1;
      if (call === 1) return Promise.reject(new Error('rejected'));
      if (call === 2) throw new Error('thrown');
      return Promise.resolve('ok');
    });
    scheduler = createScheduler({ triggers: [tick], fire, onError });
    scheduler.start();

    await vi.advanceTimersByTimeAsync(3000);

    expect(fire).toHaveBeenCalledTimes(3);
    expect(onError.mock.calls.map(([t, e]) => [t, (e as Error).message])).toEqual([
      [tick, 'rejected'],
      [tick, 'thrown'],
    ]);
    expect(scheduler.info()[0]).toMatchObject({ fires: 3, errors: 2, running: false });
  });

  it('survives an onError that throws', async () => {
    vi.setSystemTime(new Date('2026-11-25T00:00:00.500Z'));
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fire = vi.fn(async () => {
      throw new Error('boom');
    });
    scheduler = createScheduler({
      triggers: [trigger('tick', '* * * * * * *')],
      fire,
      onError: () => {
        throw new Error('reporter broke');
      },
    });
    scheduler.start();

    await vi.advanceTimersByTimeAsync(2000);

    expect(fire).toHaveBeenCalledTimes(2);
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('onError for fn/tick threw'), expect.any(Error));
    consoleError.mockRestore();
  });

  it('stop() waits for a running fire, and no fire starts after stop', async () => {
    vi.setSystemTime(new Date('2026-11-25T00:00:00.500Z'));
    const gate = deferred();
    let finished = false;
    const fire = vi.fn(async () => {
      await gate.promise;
      finished = true;
    });
    const s = createScheduler({ triggers: [trigger('tick', '* * * * * * *')], fire });
    s.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fire).toHaveBeenCalledTimes(1);

    let stopped = false;
    const stopping = s.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(5000);
    expect(stopped).toBe(false);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(s.info()[0]).toMatchObject({ nextFireAt: null, running: true, skipped: 0 });

    gate.resolve();
    await stopping;
    expect(finished).toBe(true);
    expect(s.info()[0]?.running).toBe(false);

    await vi.advanceTimersByTimeAsync(5000);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('start() twice does not double the fires, and start() after stop() resumes', async () => {
    vi.setSystemTime(new Date('2026-11-25T00:00:00.500Z'));
    const fire = vi.fn(async () => {});
    scheduler = createScheduler({ triggers: [trigger('tick', '* * * * * * *')], fire });
    scheduler.start();
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(fire).toHaveBeenCalledTimes(2);

    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(2000);
    expect(fire).toHaveBeenCalledTimes(2);

    scheduler.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(fire).toHaveBeenCalledTimes(3);
  });

  it('stays idle for a schedule with no future match', async () => {
    vi.setSystemTime(new Date('2026-11-25T00:00:00Z'));
    const fire = vi.fn(async () => {});
    scheduler = createScheduler({ triggers: [trigger('past', '0 0 0 1 1 * 2020')], fire });
    scheduler.start();

    expect(vi.getTimerCount()).toBe(0);
    expect(scheduler.info()[0]?.nextFireAt).toBeNull();
  });
});

describe('createScheduler with an injected clock', () => {
  /** A manual clock and timer: tests move `now` and run the armed callback themselves. */
  function manualClock(start: number) {
    const clock = {
      now: start,
      armed: [] as Array<{ callback: () => void; delayMs: number; cancelled: boolean }>,
      setTimer: ((callback, delayMs) => {
        const entry = { callback, delayMs, cancelled: false };
        clock.armed.push(entry);
        return () => {
          entry.cancelled = true;
        };
      }) as SetTimer,
      /** Runs the latest armed timer as if it had expired. */
      runLatest() {
        const entry = clock.armed.at(-1);
        if (!entry || entry.cancelled) throw new Error('no live timer');
        entry.callback();
      },
    };
    return clock;
  }

  it('waits beyond setTimeout’s 24.8-day limit in hops instead of firing early', async () => {
    const start = Date.parse('2026-11-25T00:00:00Z');
    const due = Date.parse('2026-12-31T16:00:00Z'); // 2027-01-01 00:00 China
    const clock = manualClock(start);
    const fire = vi.fn(async () => {});
    const s = createScheduler({
      triggers: [trigger('newYear', '0 0 0 1 JAN * 2027')],
      fire,
      now: () => clock.now,
      setTimer: clock.setTimer,
    });
    s.start();
    expect(clock.armed[0]?.delayMs).toBe(2 ** 31 - 1);

    clock.now = start + 2 ** 31 - 1;
    clock.runLatest();
    expect(fire).not.toHaveBeenCalled();
    expect(clock.armed[1]?.delayMs).toBe(due - clock.now);

    clock.now = due;
    clock.runLatest();
    expect(fire).toHaveBeenCalledWith(expect.anything(), due);
    expect(s.info()[0]?.nextFireAt).toBeNull(); // 2027 only
    await s.stop();
  });

  it('fires once for a late wake-up and schedules from the current time', async () => {
    const start = Date.parse('2026-11-25T00:00:00.500Z');
    const clock = manualClock(start);
    const fire = vi.fn(async () => {});
    const s = createScheduler({
      triggers: [trigger('tick', '* * * * * * *')],
      fire,
      now: () => clock.now,
      setTimer: clock.setTimer,
    });
    s.start();

    // The process was suspended for 10 s past the first slot.
    clock.now = Date.parse('2026-11-25T00:00:11.200Z');
    clock.runLatest();

    expect(fire).toHaveBeenCalledTimes(1);
    expect(fire).toHaveBeenCalledWith(expect.anything(), Date.parse('2026-11-25T00:00:01Z'));
    expect(s.info()[0]?.nextFireAt).toBe(Date.parse('2026-11-25T00:00:12Z'));
    expect(clock.armed.at(-1)?.delayMs).toBe(800);
    await s.stop();
    expect(clock.armed.at(-1)?.cancelled).toBe(true);
  });
});
