import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { renderReply } from './render-reply';
import { textReply, type ReplyXml } from './replies';
import { vectors } from './test-vectors';

const v = vectors.crypto.find((c) => c.kind === 'encrypt_deterministic')!;
const options = { token: v.token!, aesKey: v.encoding_aes_key, appId: v.app_id, timestamp: Number(v.timestamp), nonce: v.nonce! };

describe('renderReply', () => {
  it('sends `success` as is, encrypted mode included', () => {
    expect(renderReply('success', { ...options, encrypted: false })).toBe('success');
    expect(renderReply('success', { ...options, encrypted: true })).toBe('success');
  });

  it('sends a plain reply as its XML', () => {
    const reply = textReply({ toUser: 'o', fromUser: 'gh', createTime: 1 }, 'hi');
    expect(renderReply(reply, { ...options, encrypted: false })).toBe(reply);
  });

  it('wraps the reply in the signed envelope when the push came encrypted', () => {
    // The vector's plaintext was not made by our builders (its element order differs), hence the cast.
    const rendered = renderReply(v.expected_plaintext! as ReplyXml, { ...options, encrypted: true, random: v.random });
    expect(rendered).toBe(v.expected_reply_xml);
  });

  it('refuses to send an encrypted reply without a key rather than answer in clear', () => {
    const reply = textReply({ toUser: 'o', fromUser: 'gh', createTime: 1 }, 'hi');
    expect(() => renderReply(reply, { ...options, aesKey: undefined, encrypted: true })).toThrow(AppError);
  });
});
