import { encrypt, type CryptoKeys } from './crypto';
import { msgSignature } from './signature';
import { buildWeChatXml } from './xml-build';

export interface EncryptedReplyOptions extends CryptoKeys {
  token: string;
  /** Unix seconds; signed as its decimal text, so it is a number to keep that text canonical. */
  timestamp: number;
  nonce: string;
  /** Only for known-answer tests; leave out in production. */
  random?: Uint8Array | string;
}

/**
 * In safe mode the reply travels like the push: the reply XML encrypted, signed together with
 * token, timestamp and nonce, and wrapped in an envelope WeChat verifies before decrypting.
 */
export function encryptedReply(xml: string, options: EncryptedReplyOptions): string {
  const ciphertext = encrypt(xml, options, options.random);
  const timestamp = String(options.timestamp);
  return buildWeChatXml([
    ['Encrypt', ciphertext],
    ['MsgSignature', msgSignature(options.token, timestamp, options.nonce, ciphertext)],
    ['TimeStamp', options.timestamp],
    ['Nonce', options.nonce],
  ]);
}
