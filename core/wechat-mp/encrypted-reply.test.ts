import { describe, expect, it } from 'vitest';
import { decrypt } from './crypto';
import { encryptedReply } from './encrypted-reply';
import { textReply } from './replies';
import { msgSignature } from './signature';
import { vectors } from './test-vectors';
import { parseWeChatXml } from './xml';

describe('encryptedReply', () => {
  const deterministic = vectors.crypto.filter((v) => v.kind === 'encrypt_deterministic');
  it.each(deterministic.map((v) => [v.id, v] as const))('%s: the whole envelope, byte for byte', (_, v) => {
    const envelope = encryptedReply(v.expected_plaintext!, {
      token: v.token!,
      aesKey: v.encoding_aes_key,
      appId: v.app_id,
      timestamp: Number(v.timestamp),
      nonce: v.nonce!,
      random: v.random,
    });
    expect(envelope).toBe(v.expected_reply_xml);
  });

  it('can be opened and verified the way WeChat does', () => {
    const v = vectors.crypto.find((c) => c.id === 'mp-official-sample-python-spamtest')!;
    const keys = { aesKey: v.encoding_aes_key, appId: v.app_id };
    const reply = textReply({ toUser: 'openid', fromUser: 'gh_10f6c3c3ac5a', createTime: 1409735669 }, '收到');
    const envelope = parseWeChatXml(encryptedReply(reply, { ...keys, token: v.token!, timestamp: 1409735669, nonce: 'n1' }));
    if (!envelope.ok) throw new Error(envelope.reason);
    const { Encrypt, MsgSignature, TimeStamp, Nonce } = envelope.fields as Record<string, string>;
    expect([TimeStamp, Nonce]).toEqual(['1409735669', 'n1']);
    expect(MsgSignature).toBe(msgSignature(v.token!, '1409735669', 'n1', Encrypt!));
    expect(decrypt(Encrypt!, keys)).toMatchObject({ ok: true, message: reply });
  });
});
