import { describe, expect, it } from 'vitest';
import { encrypt } from './crypto';
import { handleServerRequest, type ServerConfig, type ServerRequest } from './request';
import { msgSignature, plainSignature } from './signature';
import { vectors } from './test-vectors';

const TOKEN = 'fudao-token';
const TIMESTAMP = '1700000000';
const NONCE = '238457';
const NOW = Number(TIMESTAMP) * 1000;

const config = (overrides: Partial<ServerConfig> = {}): ServerConfig => ({ token: TOKEN, appId: 'wx0000', now: NOW, maxBodyBytes: 64 * 1024, ...overrides });

const signed = (extra: Record<string, string> = {}, token = TOKEN, timestamp = TIMESTAMP, nonce = NONCE) => ({
  signature: plainSignature(token, timestamp, nonce),
  timestamp,
  nonce,
  ...extra,
});

const TEXT = vectors.inbound.find((v) => v.id === 'chanxuehong-TestTextMessage')!;
const post = (body: string | Uint8Array, query: ServerRequest['query'] = signed(), overrides: Partial<ServerConfig> = {}) =>
  handleServerRequest({ method: 'POST', query, body }, config(overrides));

describe('GET: the console’s server URL check', () => {
  const plain = vectors.url_verify.filter((v) => v.signature !== undefined);
  it.each(plain.map((v) => [v.id, v] as const))('%s echoes echostr', (_, v) => {
    const query = { signature: v.signature!, timestamp: v.timestamp!, nonce: v.nonce!, echostr: 'echo-123' };
    const outcome = handleServerRequest({ method: 'GET', query }, config({ token: v.token!, now: Number(v.timestamp) * 1000 }));
    expect(outcome).toEqual({ kind: 'echo', body: 'echo-123' });
  });

  it('refuses the published negative signature', () => {
    const v = vectors.url_verify.find((u) => u.id === 'mp-plain-wechatpy-check_signature')!;
    const query = { signature: v.negative!.signature!, timestamp: v.timestamp!, nonce: v.nonce!, echostr: 'x' };
    expect(handleServerRequest({ method: 'GET', query }, config({ token: v.token!, now: Number(v.timestamp) * 1000 }))).toEqual({
      kind: 'refused',
      status: 401,
      reason: 'bad_signature',
    });
  });

  it('answers echostr byte for byte (mp-plain-easywechat-echostr-echo)', () => {
    const v = vectors.url_verify.find((u) => u.id === 'mp-plain-easywechat-echostr-echo')!;
    const outcome = handleServerRequest({ method: 'GET', query: signed({ echostr: v.echostr! }) }, config());
    expect(outcome).toEqual({ kind: 'echo', body: v.expected_response_body });
  });

  it.each([
    ['no signature', { timestamp: TIMESTAMP, nonce: NONCE, echostr: 'e' }, 401, 'missing_signature'],
    ['no timestamp', { signature: 'x', nonce: NONCE, echostr: 'e' }, 401, 'missing_signature'],
    ['a signature for another token', { ...signed({}, 'other-token'), echostr: 'e' }, 401, 'bad_signature'],
    ['no echostr', signed(), 400, 'missing_echostr'],
    ['a repeated parameter', { ...signed({ echostr: 'e' }), nonce: [NONCE, NONCE] }, 400, 'duplicate_query_parameter'],
  ] as const)('refuses %s', (_, query, status, reason) => {
    expect(handleServerRequest({ method: 'GET', query }, config())).toMatchObject({ kind: 'refused', status, reason });
  });
});

describe('timestamps', () => {
  const at = (offsetSeconds: number) => handleServerRequest({ method: 'GET', query: signed({ echostr: 'e' }) }, config({ now: NOW + offsetSeconds * 1000 }));

  it('accepts up to five minutes of skew either way', () => {
    expect(at(300)).toMatchObject({ kind: 'echo' });
    expect(at(-300)).toMatchObject({ kind: 'echo' });
  });

  it('refuses a request older than five minutes (a replay)', () => {
    expect(at(301)).toEqual({ kind: 'refused', status: 401, reason: 'stale_timestamp' });
  });

  it('refuses a request from more than five minutes in the future', () => {
    expect(at(-301)).toEqual({ kind: 'refused', status: 401, reason: 'future_timestamp' });
  });

  it('refuses a timestamp that is not Unix seconds, signed or not', () => {
    const query = signed({ echostr: 'e' }, TOKEN, '1700000000.5');
    expect(handleServerRequest({ method: 'GET', query }, config())).toEqual({ kind: 'refused', status: 401, reason: 'bad_timestamp' });
  });

  it('applies to pushes too', () => {
    expect(post(TEXT.xml, signed(), { now: NOW + 3_600_000 })).toMatchObject({ status: 401, reason: 'stale_timestamp' });
  });
});

describe('POST, plain mode', () => {
  it.each(vectors.inbound.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const outcome = post(v.xml);
    if (outcome.kind !== 'message') throw new Error(JSON.stringify(outcome));
    expect(outcome.encrypted).toBe(false);
    expect(outcome.message).toMatchObject(v.expected_fields);
    expect(outcome.dedupeKey).toMatch(/^(msg|event):/);
  });

  it('reads a body given as bytes', () => {
    expect(post(new TextEncoder().encode(TEXT.xml))).toMatchObject({ kind: 'message', dedupeKey: 'msg:6260957665266699303' });
  });

  it.each([
    ['no signature', { timestamp: TIMESTAMP, nonce: NONCE }, 'missing_signature'],
    ['a wrong signature', { ...signed(), signature: plainSignature(TOKEN, TIMESTAMP, '1') }, 'bad_signature'],
  ])('refuses %s with 401 before reading the body', (_, query, reason) => {
    expect(post('<!DOCTYPE x><xml>not even parsed', query)).toEqual({ kind: 'refused', status: 401, reason });
  });

  it('refuses a body over maxBodyBytes with 413, counting bytes not characters', () => {
    expect(post('a'.repeat(101), signed(), { maxBodyBytes: 100 })).toEqual({ kind: 'refused', status: 413, reason: 'body_too_large' });
    expect(post('中'.repeat(34), signed(), { maxBodyBytes: 100 })).toEqual({ kind: 'refused', status: 413, reason: 'body_too_large' });
    expect(post(new Uint8Array(101), signed(), { maxBodyBytes: 100 })).toMatchObject({ status: 413 });
    expect(post(TEXT.xml, signed(), { maxBodyBytes: Buffer.byteLength(TEXT.xml) })).toMatchObject({ kind: 'message' });
  });

  it.each([
    ['billion laughs', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>', 'doctype'],
    ['an entity declaration', '<xml><!ENTITY x "y"><Content>1</Content></xml>', 'entity'],
    ['malformed XML', '<xml><ToUserName>a</FromUserName></xml>', 'malformed'],
    ['a JSON body', '{"MsgType":"text"}', 'malformed'],
    ['another root element', '<message><MsgType>text</MsgType></message>', 'not_xml_root'],
    ['a text message without Content', TEXT.xml.replace(/<Content>.*<\/Content>/, ''), 'invalid_message'],
  ])('refuses %s with 400', (_, body, reason) => {
    expect(post(body)).toMatchObject({ kind: 'refused', status: 400, reason });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(post(new Uint8Array([0x3c, 0x78, 0xff, 0xfe]))).toEqual({ kind: 'refused', status: 400, reason: 'bad_utf8_body' });
  });

  it('refuses other methods', () => {
    expect(handleServerRequest({ method: 'PUT', query: signed(), body: TEXT.xml }, config())).toEqual({ kind: 'refused', status: 405, reason: 'method_not_allowed' });
  });
});

describe('POST, safe mode', () => {
  const xmlVectors = vectors.crypto.filter((v) => v.kind === 'decrypt' && (v.post_body === undefined || v.post_body.startsWith('<xml')));
  const bodyOf = (v: (typeof xmlVectors)[number]) => v.post_body ?? `<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[${v.encrypt}]]></Encrypt></xml>`;
  const safeQuery = (v: (typeof xmlVectors)[number], msgSig = v.msg_signature!) => ({
    signature: plainSignature(v.token!, v.timestamp!, v.nonce!),
    timestamp: v.timestamp!,
    nonce: v.nonce!,
    encrypt_type: 'aes',
    msg_signature: msgSig,
  });
  const safeConfig = (v: (typeof xmlVectors)[number], overrides: Partial<ServerConfig> = {}) =>
    config({ token: v.token!, aesKey: v.encoding_aes_key, appId: v.app_id, now: Number(v.timestamp) * 1000, ...overrides });
  const safePost = (v: (typeof xmlVectors)[number], overrides: Partial<ServerConfig> = {}, body = bodyOf(v), query: ServerRequest['query'] = safeQuery(v)) =>
    handleServerRequest({ method: 'POST', query, body }, safeConfig(v, overrides));

  it.each(xmlVectors.map((v) => [v.id, v] as const))('%s decrypts to its message', (_, v) => {
    const outcome = safePost(v);
    if (outcome.kind !== 'message') throw new Error(JSON.stringify(outcome));
    expect(outcome.encrypted).toBe(true);
    expect(outcome.message.kind).toBe('text');
    if (v.expected_fields) expect(outcome.message).toMatchObject(v.expected_fields);
  });

  const spamtest = xmlVectors.find((v) => v.id === 'mp-official-sample-python-spamtest')!;

  it('trusts only Encrypt in compatible mode, never the clear copy beside it', () => {
    const forged = spamtest.post_body!.replace('<Content><![CDATA[abcdteT]]>', '<Content><![CDATA[forged]]>');
    expect(safePost(spamtest, {}, forged)).toMatchObject({ kind: 'message', message: { Content: 'abcdteT' } });
  });

  it('refuses a push for another account (wrong appId after decrypting)', () => {
    expect(safePost(spamtest, { appId: 'wx_other_account' })).toEqual({ kind: 'refused', status: 400, reason: 'wrong_app_id' });
  });

  it('refuses a wrong or missing msg_signature', () => {
    expect(safePost(spamtest, {}, bodyOf(spamtest), safeQuery(spamtest, '0'.repeat(40)))).toEqual({ kind: 'refused', status: 401, reason: 'bad_signature' });
    const { msg_signature: _, ...withoutMsgSignature } = safeQuery(spamtest);
    expect(safePost(spamtest, {}, bodyOf(spamtest), withoutMsgSignature)).toMatchObject({ status: 401, reason: 'missing_signature' });
  });

  it('refuses a correctly signed Encrypt that does not decrypt with our key', () => {
    const other = vectors.crypto.find((c) => c.encoding_aes_key !== spamtest.encoding_aes_key)!;
    expect(safePost(spamtest, { aesKey: other.encoding_aes_key })).toEqual({ kind: 'refused', status: 400, reason: 'bad_padding' });
  });

  it('refuses an envelope without Encrypt, or safe mode with no key configured', () => {
    expect(safePost(spamtest, {}, '<xml><ToUserName>gh</ToUserName></xml>')).toEqual({ kind: 'refused', status: 400, reason: 'missing_encrypt' });
    expect(safePost(spamtest, { aesKey: undefined })).toEqual({ kind: 'refused', status: 500, reason: 'aes_key_not_configured' });
  });

  it('refuses a DOCTYPE inside the decrypted plaintext', () => {
    const keys = { aesKey: spamtest.encoding_aes_key, appId: spamtest.app_id };
    const inner = encrypt('<!DOCTYPE x [<!ENTITY a "b">]><xml><Content>&a;</Content></xml>', keys);
    const query = safeQuery(spamtest, msgSignature(spamtest.token!, spamtest.timestamp!, spamtest.nonce!, inner));
    expect(safePost(spamtest, {}, `<xml><Encrypt><![CDATA[${inner}]]></Encrypt></xml>`, query)).toEqual({ kind: 'refused', status: 400, reason: 'doctype' });
  });

  it('refuses a stale safe-mode push before decrypting it', () => {
    expect(safePost(spamtest, { now: (Number(spamtest.timestamp) + 301) * 1000 })).toEqual({ kind: 'refused', status: 401, reason: 'stale_timestamp' });
  });
});
