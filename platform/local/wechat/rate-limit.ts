/**
 * A sliding-window call limit per API. WeChat's real quotas are daily (and per minute for some
 * APIs); the emulator scales them down to `{ limit, windowMs }` so a test or a load run can
 * reach 45009 in seconds and watch the sender back off and recover.
 */

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Counts one call at `at` if the window has room; false when the call is over the limit. */
  take(key: string, limit: RateLimit, at: number): boolean;
  reset(): void;
}

export function createRateLimiter(): RateLimiter {
  // Accepted call times per key, oldest first.
  const windows = new Map<string, number[]>();
  return {
    take(key, { limit, windowMs }, at) {
      const calls = windows.get(key) ?? [];
      let firstLive = 0;
      while (firstLive < calls.length && (calls[firstLive] as number) <= at - windowMs) firstLive += 1;
      if (firstLive > 0) calls.splice(0, firstLive);
      windows.set(key, calls);
      if (calls.length >= limit) return false;
      calls.push(at);
      return true;
    },
    reset() {
      windows.clear();
    },
  };
}
