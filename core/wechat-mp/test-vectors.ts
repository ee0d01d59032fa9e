import { readFileSync } from 'node:fs';

/**
 * Published WeChat protocol test vectors (tests/fixtures/wechat-vectors.json: each vector names its
 * public source; see its `meta`). Only the fields these tests read are typed; the file documents
 * the rest.
 */

interface Source {
  repo?: string;
  path?: string;
  url?: string;
}

export interface CryptoVector {
  id: string;
  platform: string;
  kind: 'decrypt' | 'encrypt_deterministic' | 'aes_only';
  token?: string;
  encoding_aes_key: string;
  app_id: string;
  timestamp?: string;
  nonce?: string;
  msg_signature?: string;
  post_body?: string;
  encrypt: string;
  random?: string;
  expected_fields?: Record<string, string>;
  expected_plaintext?: string;
  expected_reply_xml?: string;
  decrypted_plaintext_computed: string;
  decrypted_random_prefix_computed: string;
  decrypted_msg_len_computed: number;
  source: Source;
}

export interface SignatureOnlyVector {
  id: string;
  token: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  msg_signature: string;
}

export interface UrlVerifyVector {
  id: string;
  mode: string;
  token?: string;
  signature?: string;
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr: string | null;
  encoding_aes_key?: string;
  app_id?: string;
  expect?: 'valid';
  expected_reply_computed?: string;
  expected_response_body?: string;
  negative?: { signature?: string; nonce?: string; expect: string };
}

export interface InboundVector {
  id: string;
  msg_type: string;
  xml: string;
  expected_fields: Record<string, string>;
}

export interface ReplyVector {
  id: string;
  msg_type: 'text' | 'image' | 'voice' | 'video' | 'music' | 'news';
  doc_only?: boolean;
  inputs?: Record<string, string> & { articles?: Array<Record<string, string>> };
  expected_xml: string;
  comparison: string;
}

export interface MiniProgramVector {
  id: string;
  msg_type: string;
  json_text: string;
  json_parsed: Record<string, string | number>;
  xml_text: string;
}

export interface WeChatVectors {
  meta: { caveats: string[] };
  crypto: CryptoVector[];
  signature_only: SignatureOnlyVector[];
  url_verify: UrlVerifyVector[];
  inbound: InboundVector[];
  reply_formats: ReplyVector[];
  miniprogram_push: MiniProgramVector[];
}

export const vectors = JSON.parse(
  readFileSync(new URL('../../tests/fixtures/wechat-vectors.json', import.meta.url), 'utf8'),
) as WeChatVectors;

/** The reply vectors are compared the way their sources assert them: with all whitespace removed. */
export const withoutWhitespace = (xml: string): string => xml.replace(/\s/g, '');
