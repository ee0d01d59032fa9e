import { AppError } from '../errors';
import { encryptedReply } from './encrypted-reply';
import type { ReplyXml } from './replies';

export interface RenderOptions {
  /** Whether the push came encrypted; the reply must then be encrypted too. */
  encrypted: boolean;
  token: string;
  aesKey?: string;
  appId: string;
  /** Unix seconds. */
  timestamp: number;
  nonce: string;
  /** Only for known-answer tests. */
  random?: Uint8Array | string;
}

/**
 * The response body for a push. `success` tells WeChat "received, nothing to say" and stops its
 * retries; it is sent as is even in safe mode, as WeChat documents.
 */
export function renderReply(reply: ReplyXml | 'success', options: RenderOptions): string {
  if (reply === 'success' || !options.encrypted) return reply;
  if (options.aesKey === undefined) {
    throw new AppError('INTERNAL', '安全模式回复需要配置 EncodingAESKey', { reason: 'aes_key_not_configured' });
  }
  return encryptedReply(reply, { ...options, aesKey: options.aesKey });
}
