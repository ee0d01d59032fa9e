import type { Fields } from './fields';
import { parseInbound, type InboundMessage } from './inbound';
import type { JsonFailure } from './json';
import type { MessageResult } from './message-schema';
import { parseWeChatXml, type XmlFailure } from './xml';

/**
 * How one kind of endpoint writes its bodies. The HTTP protocol around them (signatures,
 * timestamps, safe mode) is the same for the official account and the mini-program push; only
 * the body format and the message union differ.
 */
export interface Dialect<M> {
  /** Reads a plain body, a safe-mode envelope, or a decrypted plaintext. */
  read(text: string): { ok: true; fields: Fields } | { ok: false; reason: XmlFailure | JsonFailure };
  toMessage(fields: Fields): MessageResult<M>;
}

/** The official account's server URL: XML only. */
export const OFFICIAL_ACCOUNT: Dialect<InboundMessage> = { read: parseWeChatXml, toMessage: parseInbound };
