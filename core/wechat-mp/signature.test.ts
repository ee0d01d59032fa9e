import { describe, expect, it } from 'vitest';
import { msgSignature, plainSignature, signatureMatches, verifyMsgSignature, verifyPlainSignature } from './signature';
import { vectors } from './test-vectors';

const plainUrlVectors = vectors.url_verify.filter((v) => v.signature !== undefined);
const signedCrypto = vectors.crypto.filter((v) => v.msg_signature !== undefined);

describe('plain signature (URL verification, plain-mode pushes)', () => {
  it.each(plainUrlVectors.map((v) => [v.id, v] as const))('%s', (_, v) => {
    expect(plainSignature(v.token!, v.timestamp!, v.nonce!)).toBe(v.signature);
    expect(verifyPlainSignature({ token: v.token!, timestamp: v.timestamp!, nonce: v.nonce!, signature: v.signature! })).toBe(true);
  });

  it('refuses the published negative (last hex digit changed)', () => {
    const v = vectors.url_verify.find((u) => u.id === 'mp-plain-wechatpy-check_signature')!;
    expect(verifyPlainSignature({ token: v.token!, timestamp: v.timestamp!, nonce: v.nonce!, signature: v.negative!.signature! })).toBe(false);
  });

  it('does not depend on the order the parts are given in', () => {
    expect(plainSignature('a', 'b', 'c')).toBe(plainSignature('c', 'a', 'b'));
  });
});

describe('msg_signature (safe mode)', () => {
  it.each(signedCrypto.map((v) => [v.id, v] as const))('%s', (_, v) => {
    expect(msgSignature(v.token!, v.timestamp!, v.nonce!, v.encrypt)).toBe(v.msg_signature);
    expect(verifyMsgSignature({ token: v.token!, timestamp: v.timestamp!, nonce: v.nonce!, encrypt: v.encrypt, msgSignature: v.msg_signature! })).toBe(true);
  });

  it.each(vectors.signature_only.map((v) => [v.id, v] as const))('%s', (_, v) => {
    expect(msgSignature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.msg_signature);
  });

  it('covers the ciphertext: another Encrypt under the same signature is refused', () => {
    const v = signedCrypto[0]!;
    expect(verifyMsgSignature({ token: v.token!, timestamp: v.timestamp!, nonce: v.nonce!, encrypt: `${v.encrypt}A`, msgSignature: v.msg_signature! })).toBe(false);
  });

  it('refuses the published negative (nonce changed)', () => {
    const v = vectors.url_verify.find((u) => u.id === 'wecom-encrypted-echostr-wechatpy')!;
    const input = { token: v.token!, timestamp: v.timestamp!, encrypt: v.echostr!, msgSignature: v.msg_signature! };
    expect(verifyMsgSignature({ ...input, nonce: v.nonce! })).toBe(true);
    expect(verifyMsgSignature({ ...input, nonce: v.negative!.nonce! })).toBe(false);
  });
});

describe('signatureMatches', () => {
  it('is exact: case, length and content all matter', () => {
    const digest = plainSignature('t', '1', 'n');
    expect(signatureMatches(digest, digest)).toBe(true);
    expect(signatureMatches(digest, digest.toUpperCase())).toBe(false);
    expect(signatureMatches(digest, digest.slice(1))).toBe(false);
    expect(signatureMatches(digest, '')).toBe(false);
  });
});
