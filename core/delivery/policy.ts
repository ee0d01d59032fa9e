/** How the queue treats WeChat's answers; numbers chosen for WeChat's documented limits. */
export type DeliveryPolicy = typeof DELIVERY_POLICY;

export const DELIVERY_POLICY = {
  /** Sends in flight at once. */
  concurrency: 20,
  /** Deliveries claimed per round trip to the store. */
  batchSize: 100,
  /** A claimed delivery not finished by then is taken back (its worker died). */
  leaseMs: 60_000,
  /** Attempts before a retryable error (-1 busy, 45009 rate limit) becomes a final failure. */
  maxAttempts: 6,
  /** First retry delay; doubles each attempt up to `maxBackoffMs`. */
  baseBackoffMs: 1_000,
  maxBackoffMs: 5 * 60_000,
  /** After a 45009 the whole worker pauses this long before sending again. */
  rateLimitPauseMs: 1_000,
};

/** Exponential backoff with ±20% jitter, so retries of one storm do not return together. */
export function backoffMs(attempts: number, policy: DeliveryPolicy = DELIVERY_POLICY, random: () => number = Math.random): number {
  const base = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
