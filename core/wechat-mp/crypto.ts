import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/**
 * WXBizMsgCrypt, the message encryption of WeChat's safe mode (also used by WeCom and the
 * mini-program push): AES-256-CBC with the key's first 16 bytes as IV, PKCS#7 padding to
 * 32-byte blocks, over `16 random bytes | 4-byte big-endian length | message | appId`.
 */

export interface CryptoKeys {
  /** The 43-character EncodingAESKey from the WeChat console. */
  aesKey: string;
  /** The account's AppID; the plaintext ends with it and a push for another account is refused. */
  appId: string;
}

/** WeChat pads to 32 bytes although the AES block is 16; both ends must agree. */
const PAD_BLOCK = 32;
const RANDOM_BYTES = 16;
const HEADER_BYTES = RANDOM_BYTES + 4;

/** The console only ever issues 43 base64 characters; anything else is a typo in the configuration. */
const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const isEncodingAesKey = (aesKey: string): boolean => ENCODING_AES_KEY.test(aesKey);

function keyBytes(aesKey: string): Buffer | null {
  return isEncodingAesKey(aesKey) ? Buffer.from(`${aesKey}=`, 'base64') : null;
}

/** A wrong key is a deployment mistake, not bad input, so encrypting with one throws. */
function requireKey(aesKey: string): Buffer {
  const key = keyBytes(aesKey);
  if (!key) throw new AppError('INTERNAL', 'EncodingAESKey 必须是 43 位 base64 字符', { reason: 'bad_aes_key' });
  return key;
}

function randomPrefix(random16: Uint8Array | string | undefined): Buffer {
  if (random16 === undefined) return randomBytes(RANDOM_BYTES);
  const bytes = typeof random16 === 'string' ? Buffer.from(random16, 'utf8') : Buffer.from(random16);
  if (bytes.length !== RANDOM_BYTES) throw new AppError('INTERNAL', '随机前缀必须是 16 字节', { reason: 'bad_random_prefix' });
  return bytes;
}

/**
 * Returns the base64 `Encrypt` value. `random16` exists for known-answer tests; production
 * callers leave it out so every ciphertext starts differently.
 */
export function encrypt(message: string, keys: CryptoKeys, random16?: Uint8Array | string): string {
  const key = requireKey(keys.aesKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([randomPrefix(random16), length, body, Buffer.from(keys.appId, 'utf8')]);
  const pad = PAD_BLOCK - (plain.length % PAD_BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

export type DecryptFailure =
  | 'bad_aes_key'
  | 'bad_base64'
  | 'bad_block_size'
  | 'bad_padding'
  | 'bad_length'
  | 'bad_utf8'
  | 'wrong_app_id';

export type DecryptResult =
  | { ok: true; message: string; appId: string; random: Buffer }
  | { ok: false; reason: DecryptFailure };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** The pad length is the last byte and every pad byte repeats it; anything else is tampering or a wrong key. */
function unpad(plain: Buffer): Buffer | null {
  const pad = plain[plain.length - 1];
  if (pad === undefined || pad < 1 || pad > PAD_BLOCK || pad > plain.length) return null;
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return null;
  return plain.subarray(0, plain.length - pad);
}

/**
 * Reverses `encrypt`. Every way a ciphertext can be wrong is its own reason, so logs tell a
 * wrong EncodingAESKey (bad padding) from a push meant for another account (wrong appId).
 */
export function decrypt(encrypted: string, keys: CryptoKeys): DecryptResult {
  const key = keyBytes(keys.aesKey);
  if (!key) return { ok: false, reason: 'bad_aes_key' };
  if (encrypted === '' || !STRICT_BASE64.test(encrypted)) return { ok: false, reason: 'bad_base64' };
  const cipherBytes = Buffer.from(encrypted, 'base64');
  if (cipherBytes.length % 16 !== 0) return { ok: false, reason: 'bad_block_size' };

  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const content = unpad(Buffer.concat([decipher.update(cipherBytes), decipher.final()]));
  if (!content) return { ok: false, reason: 'bad_padding' };
  if (content.length < HEADER_BYTES) return { ok: false, reason: 'bad_length' };

  const messageEnd = HEADER_BYTES + content.readUInt32BE(RANDOM_BYTES);
  if (messageEnd > content.length) return { ok: false, reason: 'bad_length' };
  const message = strictUtf8(content.subarray(HEADER_BYTES, messageEnd));
  const appId = strictUtf8(content.subarray(messageEnd));
  if (message === null || appId === null) return { ok: false, reason: 'bad_utf8' };
  if (appId !== keys.appId) return { ok: false, reason: 'wrong_app_id' };
  return { ok: true, message, appId, random: Buffer.from(content.subarray(0, RANDOM_BYTES)) };
}
