import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The ID-number tail is a weak secret (about a million values), so a plain salted hash could be
 * brute-forced from a leaked database. Keying the hash with the server secret, which is never
 * stored with the data, makes the database alone useless for that.
 */
export function hashIdTail(idTail: string, salt: string, secret: string): string {
  return createHmac('sha256', secret).update(`${salt}:${idTail.toUpperCase()}`).digest('base64url');
}

export function verifyIdTail(idTail: string, salt: string, hash: string, secret: string): boolean {
  const expected = Buffer.from(hashIdTail(idTail, salt, secret));
  const actual = Buffer.from(hash);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export const newSalt = (): string => randomBytes(12).toString('base64url');

/** No 0/O, 1/I/L: invite codes are read aloud and typed by hand. */
const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newInviteCode(): string {
  const bytes = randomBytes(8);
  return Array.from(bytes, (b) => INVITE_ALPHABET[b % INVITE_ALPHABET.length]).join('');
}

/** A deterministic id from parts, for idempotency keys supplied by callers. */
export function deterministicId(prefix: string, ...parts: string[]): string {
  return `${prefix}${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 20)}`;
}
