import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { decrypt, encrypt, type CryptoKeys } from './crypto';
import { vectors, type CryptoVector } from './test-vectors';
import { parseWeChatXml } from './xml';

const keysOf = (v: { encoding_aes_key: string; app_id: string }): CryptoKeys => ({ aesKey: v.encoding_aes_key, appId: v.app_id });
const byId = (v: CryptoVector) => [v.id, v] as const;

/** Encrypts raw plaintext bytes with WeChat's key and IV, for ciphertexts `encrypt` would never make. */
function rawCiphertext(aesKey: string, plain: Buffer): string {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

const pad32 = (plain: Buffer): Buffer => {
  const pad = 32 - (plain.length % 32);
  return Buffer.concat([plain, Buffer.alloc(pad, pad)]);
};

describe('decrypt: every published vector', () => {
  it.each(vectors.crypto.map(byId))('%s', (_, v) => {
    const result = decrypt(v.encrypt, keysOf(v));
    if (!result.ok) throw new Error(`decrypt failed: ${result.reason}`);
    expect(result.message).toBe(v.decrypted_plaintext_computed);
    if (v.expected_plaintext !== undefined) expect(result.message).toBe(v.expected_plaintext);
    expect(result.appId).toBe(v.app_id);
    expect(result.random.toString('latin1')).toBe(v.decrypted_random_prefix_computed);
    expect(Buffer.byteLength(result.message, 'utf8')).toBe(v.decrypted_msg_len_computed);
  });

  const withFields = vectors.crypto.filter((v) => v.expected_fields !== undefined);
  it.each(withFields.map(byId))('%s decrypts to its expected fields', (_, v) => {
    const result = decrypt(v.encrypt, keysOf(v));
    if (!result.ok) throw new Error(result.reason);
    const xml = parseWeChatXml(result.message);
    if (!xml.ok) throw new Error(xml.reason);
    expect(xml.fields).toMatchObject(v.expected_fields!);
  });
});

describe('decrypt: encrypted echostr (WeCom URL verification, same primitive)', () => {
  const echoes = vectors.url_verify.filter((v) => v.expected_reply_computed !== undefined);
  it.each(echoes.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const result = decrypt(v.echostr!, { aesKey: v.encoding_aes_key!, appId: v.app_id! });
    expect(result).toMatchObject({ ok: true, message: v.expected_reply_computed });
  });
});

describe('encrypt', () => {
  const known = vectors.crypto.filter((v) => v.random !== undefined && v.expected_plaintext !== undefined);
  it.each(known.map(byId))('%s: known answer from the given random prefix', (_, v) => {
    expect(encrypt(v.expected_plaintext!, keysOf(v), v.random)).toBe(v.encrypt);
  });

  it.each(vectors.crypto.map(byId))('%s: round trip with a fresh random prefix', (_, v) => {
    const ciphertext = encrypt(v.decrypted_plaintext_computed, keysOf(v));
    expect(ciphertext).not.toBe(v.encrypt);
    expect(decrypt(ciphertext, keysOf(v))).toMatchObject({ ok: true, message: v.decrypted_plaintext_computed });
  });

  it('pads to 32-byte blocks, a whole block when already aligned', () => {
    const keys = keysOf(vectors.crypto[0]!);
    const overhead = 20 + Buffer.byteLength(keys.appId);
    for (let length = 0; length <= 70; length++) {
      const bytes = Buffer.from(encrypt('x'.repeat(length), keys, 'r'.repeat(16)), 'base64').length;
      const plain = overhead + length;
      expect(bytes).toBe(plain + (32 - (plain % 32)));
    }
  });

  it('throws typed errors for a mistyped key or a random prefix that is not 16 bytes', () => {
    const keys = keysOf(vectors.crypto[0]!);
    expect(() => encrypt('m', { ...keys, aesKey: keys.aesKey.slice(1) })).toThrow(AppError);
    expect(() => encrypt('m', { ...keys, aesKey: keys.aesKey.slice(1) })).toThrow(expect.objectContaining({ details: { reason: 'bad_aes_key' } }));
    expect(() => encrypt('m', keys, 'short')).toThrow(expect.objectContaining({ details: { reason: 'bad_random_prefix' } }));
  });
});

describe('decrypt refuses, with a reason', () => {
  const v = vectors.crypto.find((c) => c.id === 'mp-official-sample-python-spamtest')!;
  const keys = keysOf(v);

  it('a push for another account (wrong appId)', () => {
    expect(decrypt(v.encrypt, { ...keys, appId: 'wx0000000000000000' })).toEqual({ ok: false, reason: 'wrong_app_id' });
  });

  it('an appId that only prefixes the real one', () => {
    expect(decrypt(v.encrypt, { ...keys, appId: v.app_id.slice(0, -1) })).toEqual({ ok: false, reason: 'wrong_app_id' });
  });

  it('a different EncodingAESKey', () => {
    const other = vectors.crypto.find((c) => c.encoding_aes_key !== v.encoding_aes_key)!;
    expect(decrypt(v.encrypt, { ...keys, aesKey: other.encoding_aes_key })).toEqual({ ok: false, reason: 'bad_padding' });
  });

  it('a tampered final block', () => {
    const bytes = Buffer.from(v.encrypt, 'base64');
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    expect(decrypt(bytes.toString('base64'), keys)).toEqual({ ok: false, reason: 'bad_padding' });
  });

  it('a ciphertext cut off mid-block', () => {
    expect(decrypt(Buffer.from(v.encrypt, 'base64').subarray(0, 40).toString('base64'), keys)).toEqual({ ok: false, reason: 'bad_block_size' });
  });

  it('text that is not strict base64', () => {
    expect(decrypt('', keys)).toEqual({ ok: false, reason: 'bad_base64' });
    expect(decrypt(`${v.encrypt.slice(0, 20)} ${v.encrypt.slice(20)}`, keys)).toEqual({ ok: false, reason: 'bad_base64' });
    expect(decrypt(v.encrypt.replace(/=+$/, ''), keys)).toEqual({ ok: false, reason: 'bad_base64' });
  });

  it('a configured key that is not 43 base64 characters', () => {
    expect(decrypt(v.encrypt, { ...keys, aesKey: `${keys.aesKey}=` })).toEqual({ ok: false, reason: 'bad_aes_key' });
  });

  it('a length field pointing past the end', () => {
    const head = Buffer.alloc(20);
    head.writeUInt32BE(1000, 16);
    const plain = pad32(Buffer.concat([head, Buffer.from('<xml/>'), Buffer.from(v.app_id)]));
    expect(decrypt(rawCiphertext(keys.aesKey, plain), keys)).toEqual({ ok: false, reason: 'bad_length' });
  });

  it('content shorter than the random prefix and length', () => {
    expect(decrypt(rawCiphertext(keys.aesKey, pad32(Buffer.alloc(10))), keys)).toEqual({ ok: false, reason: 'bad_length' });
  });

  it('padding bytes that disagree with the pad length', () => {
    const plain = pad32(Buffer.concat([Buffer.alloc(20), Buffer.from(v.app_id)]));
    plain[plain.length - 2] = 0;
    expect(decrypt(rawCiphertext(keys.aesKey, plain), keys)).toEqual({ ok: false, reason: 'bad_padding' });
  });

  it('a message that is not UTF-8', () => {
    const head = Buffer.alloc(20);
    head.writeUInt32BE(2, 16);
    const plain = pad32(Buffer.concat([head, Buffer.from([0xc3, 0x28]), Buffer.from(v.app_id)]));
    expect(decrypt(rawCiphertext(keys.aesKey, plain), keys)).toEqual({ ok: false, reason: 'bad_utf8' });
  });
});
