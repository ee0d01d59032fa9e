import { decrypt, type DecryptFailure } from './crypto';
import { dedupeKey, type Dedupable } from './dedupe';
import { OFFICIAL_ACCOUNT, type Dialect } from './dialect';
import { textField } from './fields';
import type { InboundMessage } from './inbound';
import type { JsonFailure } from './json';
import { verifyMsgSignature, verifyPlainSignature } from './signature';
import type { XmlFailure } from './xml';

/**
 * The one entry point for WeChat's calls to our server URL. Pure: the HTTP function hands in the
 * method, query and raw body and writes out whatever comes back.
 */

export interface ServerRequest {
  method: string;
  query: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Raw bytes or text, exactly as received; parsing happens here, after the checks. */
  body?: string | Uint8Array;
}

export interface ServerConfig<M = InboundMessage> {
  token: string;
  /** EncodingAESKey; needed only once the console is switched to compatible or safe mode. */
  aesKey?: string;
  appId: string;
  /** Epoch milliseconds, from the caller's clock so tests control time. */
  now: number;
  maxBodyBytes: number;
  dialect?: Dialect<M>;
}

export type RefusalReason =
  | 'method_not_allowed'
  | 'duplicate_query_parameter'
  | 'missing_signature'
  | 'bad_signature'
  | 'bad_timestamp'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'missing_echostr'
  | 'body_too_large'
  | 'bad_utf8_body'
  | 'aes_key_not_configured'
  | 'missing_encrypt'
  | 'invalid_message'
  | XmlFailure
  | JsonFailure
  | DecryptFailure;

export type ServerOutcome<M> =
  | { kind: 'echo'; body: string }
  | { kind: 'message'; message: M; encrypted: boolean; dedupeKey: string }
  | { kind: 'refused'; status: 400 | 401 | 405 | 413 | 500; reason: RefusalReason; detail?: string };

type Refused = Extract<ServerOutcome<never>, { kind: 'refused' }>;

const refuse = (status: Refused['status'], reason: RefusalReason, detail?: string): Refused =>
  detail === undefined ? { kind: 'refused', status, reason } : { kind: 'refused', status, reason, detail };

/** WeChat's pushes are signed with the current time; a captured request replayed later is refused. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

type Query = Record<string, string | undefined>;

/** A parameter given twice is refused: which copy a check reads must never be ambiguous. */
function readQuery(query: ServerRequest['query']): Query | Refused {
  const out: Query = Object.create(null) as Query;
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value !== 'string') return refuse(400, 'duplicate_query_parameter', name);
    out[name] = value;
  }
  return out;
}

function checkTimestamp(timestamp: string, nowMs: number): Refused | null {
  if (!/^\d{1,12}$/.test(timestamp)) return refuse(401, 'bad_timestamp');
  const skew = Number(timestamp) - nowMs / 1000;
  if (skew < -TIMESTAMP_TOLERANCE_SECONDS) return refuse(401, 'stale_timestamp');
  if (skew > TIMESTAMP_TOLERANCE_SECONDS) return refuse(401, 'future_timestamp');
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readBody(body: ServerRequest['body'], maxBytes: number): string | Refused {
  const raw = body ?? '';
  const size = typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.byteLength;
  if (size > maxBytes) return refuse(413, 'body_too_large');
  if (typeof raw === 'string') return raw;
  try {
    return utf8.decode(raw);
  } catch {
    return refuse(400, 'bad_utf8_body');
  }
}

const isRefused = (value: unknown): value is Refused =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'refused';

/**
 * Checks run cheapest and most damning first and stop at the first failure: query shape, method,
 * timestamp freshness, then (GET) signature and echostr, or (POST) body size, signature, and only
 * then parsing and decryption. A forged or replayed request never reaches the XML parser, except
 * in safe mode where msg_signature covers a field of the envelope that has to be read first.
 * Without `dialect` the body is the official account's XML.
 */
export function handleServerRequest(request: ServerRequest, config: ServerConfig<InboundMessage>): ServerOutcome<InboundMessage>;
export function handleServerRequest<M extends Dedupable>(request: ServerRequest, config: ServerConfig<M> & { dialect: Dialect<M> }): ServerOutcome<M>;
export function handleServerRequest(request: ServerRequest, config: ServerConfig<Dedupable>): ServerOutcome<Dedupable> {
  const query = readQuery(request.query);
  if (isRefused(query)) return query;
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST') return refuse(405, 'method_not_allowed');

  const { timestamp, nonce } = query;
  if (timestamp === undefined || nonce === undefined) return refuse(401, 'missing_signature');
  const stale = checkTimestamp(timestamp, config.now);
  if (stale) return stale;

  if (method === 'GET') return verifyUrl(query, { token: config.token, timestamp, nonce });

  const body = readBody(request.body, config.maxBodyBytes);
  if (isRefused(body)) return body;
  const dialect: Dialect<Dedupable> = config.dialect ?? OFFICIAL_ACCOUNT;
  const signed = { token: config.token, timestamp, nonce };
  return query.encrypt_type === 'aes' ? readSafeMode(query, body, signed, config, dialect) : readPlainMode(query, body, signed, dialect);
}

interface Signed {
  token: string;
  timestamp: string;
  nonce: string;
}

/**
 * The console's "server URL" check. Even in safe mode the 公众号 signs this GET with the plain
 * signature and sends echostr in clear; it must come back byte for byte.
 */
function verifyUrl(query: Query, signed: Signed): ServerOutcome<never> {
  const { signature, echostr } = query;
  if (signature === undefined) return refuse(401, 'missing_signature');
  if (!verifyPlainSignature({ ...signed, signature })) return refuse(401, 'bad_signature');
  if (echostr === undefined) return refuse(400, 'missing_echostr');
  return { kind: 'echo', body: echostr };
}

function readPlainMode<M extends Dedupable>(query: Query, body: string, signed: Signed, dialect: Dialect<M>): ServerOutcome<M> {
  const { signature } = query;
  if (signature === undefined) return refuse(401, 'missing_signature');
  if (!verifyPlainSignature({ ...signed, signature })) return refuse(401, 'bad_signature');
  return toMessage(body, dialect, false);
}

/**
 * Safe mode (and compatible mode, whose body also carries the clear fields): only the Encrypt
 * field is trusted, after msg_signature proves it came from WeChat with our token.
 */
function readSafeMode<M extends Dedupable>(query: Query, body: string, signed: Signed, config: ServerConfig<M>, dialect: Dialect<M>): ServerOutcome<M> {
  const { msg_signature: msgSignature } = query;
  if (msgSignature === undefined) return refuse(401, 'missing_signature');
  if (config.aesKey === undefined) return refuse(500, 'aes_key_not_configured');
  const envelope = dialect.read(body);
  if (!envelope.ok) return refuse(400, envelope.reason);
  const encrypt = textField(envelope.fields, 'Encrypt');
  if (encrypt === undefined) return refuse(400, 'missing_encrypt');
  if (!verifyMsgSignature({ ...signed, encrypt, msgSignature })) return refuse(401, 'bad_signature');
  const plain = decrypt(encrypt, { aesKey: config.aesKey, appId: config.appId });
  if (!plain.ok) return refuse(400, plain.reason);
  return toMessage(plain.message, dialect, true);
}

function toMessage<M extends Dedupable>(text: string, dialect: Dialect<M>, encrypted: boolean): ServerOutcome<M> {
  const read = dialect.read(text);
  if (!read.ok) return refuse(400, read.reason);
  const parsed = dialect.toMessage(read.fields);
  if (!parsed.ok) return refuse(400, parsed.reason, parsed.detail);
  return { kind: 'message', message: parsed.message, encrypted, dedupeKey: dedupeKey(parsed.message) };
}
