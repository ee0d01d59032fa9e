import { createHmac, timingSafeEqual } from 'node:crypto';

/** The projector's QR changes every 15 s; the step before is still accepted to absorb scan latency. */
export const TOKEN_STEP_MS = 15_000;

export const stepAt = (epochMs: number): number => Math.floor(epochMs / TOKEN_STEP_MS);

export function tokenFor(secret: string, meetingId: string, step: number): string {
  return createHmac('sha256', secret).update(`${meetingId}:${step}`).digest('base64url').slice(0, 16);
}

/** The token for this step or the previous one; nothing older, nothing from the future. */
export function verifyToken(secret: string, meetingId: string, token: string, now: number): boolean {
  const given = Buffer.from(token);
  return [stepAt(now), stepAt(now) - 1].some((step) => {
    const expected = Buffer.from(tokenFor(secret, meetingId, step));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
