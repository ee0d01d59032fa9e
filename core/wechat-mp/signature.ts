import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat signs by sorting the parts as strings, joining them with nothing in between and taking
 * the SHA-1 hex digest. Sorting makes the order of the query parameters irrelevant.
 */
function sha1OfSorted(parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** The `signature` query parameter: URL verification and plain-mode pushes. */
export const plainSignature = (token: string, timestamp: string, nonce: string): string =>
  sha1OfSorted([token, timestamp, nonce]);

/** The `msg_signature` of safe mode; it also covers the ciphertext, so a body cannot be swapped. */
export const msgSignature = (token: string, timestamp: string, nonce: string, encrypt: string): string =>
  sha1OfSorted([token, timestamp, nonce, encrypt]);

/**
 * Compared in constant time so a forger cannot learn the expected digest byte by byte from
 * response timing. Only the length (always 40 for a real digest) can end the comparison early.
 */
export function signatureMatches(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface PlainSignatureInput {
  token: string;
  timestamp: string;
  nonce: string;
  signature: string;
}

export const verifyPlainSignature = ({ token, timestamp, nonce, signature }: PlainSignatureInput): boolean =>
  signatureMatches(plainSignature(token, timestamp, nonce), signature);

export interface MsgSignatureInput {
  token: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  msgSignature: string;
}

export const verifyMsgSignature = ({ token, timestamp, nonce, encrypt, msgSignature: received }: MsgSignatureInput): boolean =>
  signatureMatches(msgSignature(token, timestamp, nonce, encrypt), received);
