import { describe, expect, it } from 'vitest';
import { encrypt } from './crypto';
import { parseWeChatJson } from './json';
import { MINIPROGRAM_JSON, MINIPROGRAM_XML, parseMiniProgramMessage, type MiniProgramMessage } from './miniprogram-push';
import { handleServerRequest } from './request';
import { msgSignature, plainSignature } from './signature';
import { vectors } from './test-vectors';
import { parseWeChatXml } from './xml';

function fromJson(text: string): MiniProgramMessage {
  const read = parseWeChatJson(text);
  if (!read.ok) throw new Error(read.reason);
  const parsed = parseMiniProgramMessage(read.fields);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.message;
}

function fromXml(text: string): MiniProgramMessage {
  const read = parseWeChatXml(text);
  if (!read.ok) throw new Error(read.reason);
  const parsed = parseMiniProgramMessage(read.fields);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.message;
}

const kindOf = (msgType: string): string => msgType.replace('/', ':');
const asText = (record: Record<string, string | number>) => Object.fromEntries(Object.entries(record).map(([k, value]) => [k, String(value)]));

describe('miniprogram_push vectors', () => {
  it.each(vectors.miniprogram_push.map((v) => [v.id, v] as const))('%s, JSON form', (_, v) => {
    const message = fromJson(v.json_text);
    expect(message.kind).toBe(kindOf(v.msg_type));
    expect(message).toMatchObject(asText(v.json_parsed));
  });

  it.each(vectors.miniprogram_push.map((v) => [v.id, v] as const))('%s, XML form', (_, v) => {
    const message = fromXml(v.xml_text);
    expect(message.kind).toBe(kindOf(v.msg_type));
    expect(Object.keys(message).sort()).toEqual(Object.keys(fromJson(v.json_text)).sort());
  });

  it('reads the same message from either form where the doc’s two samples agree', () => {
    for (const v of vectors.miniprogram_push.filter((m) => m.msg_type !== 'miniprogrampage')) {
      expect(fromXml(v.xml_text)).toEqual(fromJson(v.json_text));
    }
  });

  it('reads the miniprogrampage XML sample with its own (placeholder) values', () => {
    const v = vectors.miniprogram_push.find((m) => m.msg_type === 'miniprogrampage')!;
    expect(fromXml(v.xml_text)).toMatchObject({ Title: 'Title', AppId: 'AppId', PagePath: 'PagePath', ThumbUrl: 'ThumbUrl', ThumbMediaId: 'ThumbMediaId' });
  });
});

describe('JSON pushes', () => {
  it('keeps numbers beyond 2^53 exact', () => {
    const message = fromJson('{"ToUserName":"gh","FromUserName":"o","CreateTime":1482048670,"MsgType":"text","Content":"hi","MsgId":6054768590064713728}');
    expect(message).toMatchObject({ CreateTime: '1482048670', MsgId: '6054768590064713728' });
  });

  it('leaves digits and escaped quotes inside strings alone', () => {
    const message = fromJson('{"ToUserName":"gh","FromUserName":"o","CreateTime":1,"MsgType":"text","Content":"say \\"12\\" -3 \\\\","MsgId":2}');
    expect(message).toMatchObject({ Content: 'say "12" -3 \\' });
  });

  it.each([
    ['the JSON form with List at the top level', '"List": {"TemplateId":"T1","MsgID":"1864323726461255680","ErrorCode":"0","ErrorStatus":"success"}'],
    ['a JSON list of results', '"List": [{"TemplateId":"T1","MsgID":1864323726461255680,"ErrorCode":0,"ErrorStatus":"success"}]'],
    ['the XML-shaped nesting', '"SubscribeMsgSentEvent": {"List": {"TemplateId":"T1","MsgID":"1864323726461255680","ErrorCode":"0","ErrorStatus":"success"}}'],
  ])('reads subscribe_msg_sent_event in %s', (_, list) => {
    const message = fromJson(`{"ToUserName":"gh","FromUserName":"o","CreateTime":"1620963428","MsgType":"event","Event":"subscribe_msg_sent_event",${list}}`);
    expect(message).toMatchObject({
      kind: 'event:subscribe_msg_sent_event',
      SubscribeMsgSentEvent: { List: [{ TemplateId: 'T1', MsgID: '1864323726461255680', ErrorCode: '0', ErrorStatus: 'success' }] },
    });
  });

  it.each([
    ['malformed JSON', '{"ToUserName": :x}', 'malformed_json'],
    ['a bare minus sign', '{"a": -}', 'malformed_json'],
    ['an unterminated string', '{"a": "b', 'malformed_json'],
    ['an array', '[1, 2]', 'not_object'],
    ['a number', '12345678901234567890', 'not_object'],
  ])('refuses %s', (_, text, reason) => {
    expect(parseWeChatJson(text)).toEqual({ ok: false, reason });
  });
});

describe('through handleServerRequest', () => {
  const token = 'mini-token';
  const timestamp = '1482048670';
  const nonce = '99';
  const now = Number(timestamp) * 1000;
  const text = vectors.miniprogram_push.find((m) => m.msg_type === 'text')!;
  const spamtest = vectors.crypto.find((c) => c.id === 'mp-official-sample-python-spamtest')!;
  const keys = { aesKey: spamtest.encoding_aes_key, appId: spamtest.app_id };

  it('plain JSON push', () => {
    const query = { signature: plainSignature(token, timestamp, nonce), timestamp, nonce };
    const outcome = handleServerRequest({ method: 'POST', query, body: text.json_text }, { token, appId: keys.appId, now, maxBodyBytes: 4096, dialect: MINIPROGRAM_JSON });
    expect(outcome).toMatchObject({ kind: 'message', encrypted: false, dedupeKey: 'msg:1234567890123456', message: { kind: 'text', Content: 'this is a test' } });
  });

  it('plain XML push', () => {
    const query = { signature: plainSignature(token, timestamp, nonce), timestamp, nonce };
    const outcome = handleServerRequest({ method: 'POST', query, body: text.xml_text }, { token, appId: keys.appId, now, maxBodyBytes: 4096, dialect: MINIPROGRAM_XML });
    expect(outcome).toMatchObject({ kind: 'message', message: { kind: 'text', MsgId: '1234567890123456' } });
  });

  it('safe-mode JSON push: Encrypt in a JSON envelope, JSON inside', () => {
    const ciphertext = encrypt(text.json_text, keys);
    const body = JSON.stringify({ ToUserName: 'gh', Encrypt: ciphertext });
    const query = { timestamp, nonce, encrypt_type: 'aes', msg_signature: msgSignature(token, timestamp, nonce, ciphertext) };
    const outcome = handleServerRequest({ method: 'POST', query, body }, { token, ...keys, now, maxBodyBytes: 4096, dialect: MINIPROGRAM_JSON });
    expect(outcome).toMatchObject({ kind: 'message', encrypted: true, message: { kind: 'text', Content: 'this is a test' } });
  });

  // Tencent's JSON sample decrypts (signature and appId check out) to deliberately malformed JSON.
  const jsonSamples = vectors.crypto.filter((c) => c.post_body?.startsWith('{'));
  it.each(jsonSamples.map((c) => [c.id, c] as const))('%s: verified and decrypted, then refused as malformed JSON', (_, c) => {
    const query = { timestamp: c.timestamp!, nonce: c.nonce!, encrypt_type: 'aes', msg_signature: c.msg_signature! };
    const config = { token: c.token!, aesKey: c.encoding_aes_key, appId: c.app_id, now: Number(c.timestamp) * 1000, maxBodyBytes: 4096, dialect: MINIPROGRAM_JSON };
    expect(handleServerRequest({ method: 'POST', query, body: c.post_body! }, config)).toEqual({ kind: 'refused', status: 400, reason: 'malformed_json' });
    expect(handleServerRequest({ method: 'POST', query, body: c.post_body! }, { ...config, appId: 'wx_other' })).toEqual({ kind: 'refused', status: 400, reason: 'wrong_app_id' });
  });
});
