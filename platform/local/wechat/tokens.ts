/**
 * access_token issuance as /cgi-bin/token does it: a fresh random token valid 7200 s per call,
 * and, because the newest token is the only "latest" one, earlier tokens stay usable for a
 * five-minute grace period only. A client that fetches tokens carelessly (two processes each
 * refreshing) sees the same 40001s locally that it would in production.
 */

import { randomBytes } from 'node:crypto';

export const TOKEN_TTL_SECONDS = 7200;
/** How long an older token keeps working after a newer one is issued. */
export const SUPERSEDED_GRACE_MS = 5 * 60 * 1000;

const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

interface IssuedToken {
  expiresAt: number;
  /** Set once a newer token exists: the end of this token's grace period. */
  supersededUntil?: number;
}

export type TokenCheck = 'ok' | 'missing' | 'unknown' | 'expired' | 'superseded';

export interface TokenStore {
  issue(): { access_token: string; expires_in: number };
  check(token: string | null): TokenCheck;
  readonly issued: number;
}

export function createTokenStore(now: () => number): TokenStore {
  const tokens = new Map<string, IssuedToken>();
  let issued = 0;

  return {
    issue() {
      const at = now();
      for (const [token, t] of tokens) {
        // Dead tokens are remembered for a day so they keep answering 42001/40001, not "unknown".
        if (Math.min(t.expiresAt, t.supersededUntil ?? Infinity) + FORGET_AFTER_MS <= at) tokens.delete(token);
        else t.supersededUntil ??= Math.min(t.expiresAt, at + SUPERSEDED_GRACE_MS);
      }
      issued += 1;
      // Same shape as WeChat's: a numeric generation prefix, then ~130 URL-safe characters.
      const token = `${issued}_${randomBytes(96).toString('base64url')}`;
      tokens.set(token, { expiresAt: at + TOKEN_TTL_SECONDS * 1000 });
      return { access_token: token, expires_in: TOKEN_TTL_SECONDS };
    },
    check(token) {
      if (!token) return 'missing';
      const t = tokens.get(token);
      if (!t) return 'unknown';
      const at = now();
      if (t.expiresAt <= at) return 'expired';
      if (t.supersededUntil !== undefined && t.supersededUntil <= at) return 'superseded';
      return 'ok';
    },
    get issued() {
      return issued;
    },
  };
}
