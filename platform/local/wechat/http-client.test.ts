import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHttpWeChat } from './http-client';

const SECRET = 'top-secret-appsecret';
const message = { touser: 'oFudao0000000000000000000001', templateId: 'TPL', data: { thing1: { value: '通知' } } };

/** A scripted fetch: answers in order, recording what was asked. */
function scriptedFetch(answers: Array<string | Error | (() => Promise<Response>)>) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    const next = answers.shift();
    if (next === undefined) throw new Error('unexpected request');
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next();
    return new Response(next, { headers: { 'Content-Type': 'application/json; encoding=utf-8' } });
  }) as typeof fetch;
  return { fetchFn, calls };
}

const tokenAnswer = (token: string, expiresIn = 7200) => JSON.stringify({ access_token: token, expires_in: expiresIn });

describe('HTTP WeChat client', () => {
  it('maps the port message to WeChat body fields and keeps the 64-bit msgid exact', async () => {
    const { fetchFn, calls } = scriptedFetch([tokenAnswer('T1'), '{"errcode":0,"errmsg":"ok","msgid":3564882607550627844}']);
    const wechat = createHttpWeChat({ baseUrl: 'https://api.example/', appId: 'wxA', appSecret: SECRET, fetch: fetchFn });
    const result = await wechat.sendSubscribeMessage({ ...message, page: 'pages/a?b=1', miniprogramState: 'developer' });
    expect(result).toEqual({ errcode: 0, errmsg: 'ok', msgid: '3564882607550627844' });
    expect(calls[0]?.url).toBe(`https://api.example/cgi-bin/token?grant_type=client_credential&appid=wxA&secret=${SECRET}`);
    expect(calls[1]?.url).toBe('https://api.example/cgi-bin/message/subscribe/send?access_token=T1');
    expect(JSON.parse(String(calls[1]?.init?.body))).toEqual({
      touser: message.touser,
      template_id: 'TPL',
      page: 'pages/a?b=1',
      data: message.data,
      miniprogram_state: 'developer',
    });
  });

  it('leaves out optional fields the message does not set', async () => {
    const { fetchFn, calls } = scriptedFetch([tokenAnswer('T1'), '{"errcode":0,"errmsg":"ok","msgid":1}']);
    await createHttpWeChat({ baseUrl: 'https://api.example', appId: 'wxA', appSecret: SECRET, fetch: fetchFn }).sendSubscribeMessage(message);
    expect(Object.keys(JSON.parse(String(calls[1]?.init?.body)))).toEqual(['touser', 'template_id', 'data']);
  });

  it('retries once after a token rejection, and only once', async () => {
    const { fetchFn, calls } = scriptedFetch([
      tokenAnswer('T1'),
      '{"errcode":40014,"errmsg":"invalid access_token rid: x"}',
      tokenAnswer('T2'),
      '{"errcode":40001,"errmsg":"invalid credential rid: y"}',
    ]);
    const wechat = createHttpWeChat({ baseUrl: 'https://api.example', appId: 'wxA', appSecret: SECRET, fetch: fetchFn });
    const result = await wechat.sendCustomerServiceMessage({ touser: message.touser, msgtype: 'text', text: { content: 'hi' } });
    expect(result).toEqual({ errcode: 40001, errmsg: 'invalid credential rid: y' });
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual([
      '/cgi-bin/token',
      '/cgi-bin/message/custom/send',
      '/cgi-bin/token',
      '/cgi-bin/message/custom/send',
    ]);
  });

  it('keeps using an in-date token when an early refresh fails', async () => {
    let now = 0;
    const { fetchFn } = scriptedFetch([
      tokenAnswer('T1'),
      '{"errcode":0,"errmsg":"ok"}',
      new TypeError('fetch failed'),
      '{"errcode":0,"errmsg":"ok"}',
    ]);
    const wechat = createHttpWeChat({ baseUrl: 'https://api.example', appId: 'wxA', appSecret: SECRET, fetch: fetchFn, now: () => now });
    const cs = { touser: message.touser, msgtype: 'text', text: { content: 'hi' } } as const;
    expect((await wechat.sendCustomerServiceMessage(cs)).errcode).toBe(0);
    now = (7200 - 60) * 1000; // inside the refresh margin, before expiry
    expect((await wechat.sendCustomerServiceMessage(cs)).errcode).toBe(0);
  });

  it('turns a refused connection into a retryable -1 without leaking the secret', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const wechat = createHttpWeChat({ baseUrl: `http://127.0.0.1:${port}`, appId: 'wxA', appSecret: SECRET });
    const result = await wechat.sendSubscribeMessage(message);
    expect(result.errcode).toBe(-1);
    expect(result.errmsg).toMatch(/^network: ECONNREFUSED/);
  });

  it('redacts the secret from network errors that quote the URL', async () => {
    const { fetchFn } = scriptedFetch([new TypeError(`Failed to parse URL from https://x/cgi-bin/token?secret=${SECRET}`)]);
    const result = await createHttpWeChat({ baseUrl: 'https://x', appId: 'wxA', appSecret: SECRET, fetch: fetchFn }).sendSubscribeMessage(message);
    expect(result.errcode).toBe(-1);
    expect(result.errmsg).not.toContain(SECRET);
  });

  it('reads an HTTP error status or an answer without errcode as -1', async () => {
    const { fetchFn } = scriptedFetch([
      tokenAnswer('T1'),
      async () => new Response('<html>502 Bad Gateway</html>', { status: 502 }),
      '<html>maintenance</html>',
    ]);
    const wechat = createHttpWeChat({ baseUrl: 'https://x', appId: 'wxA', appSecret: SECRET, fetch: fetchFn });
    expect(await wechat.sendSubscribeMessage(message)).toEqual({ errcode: -1, errmsg: 'network: HTTP 502' });
    expect(await wechat.sendSubscribeMessage(message)).toEqual({ errcode: -1, errmsg: 'network: answer without errcode' });
  });

  it('times out a hung request with the default-style message', async () => {
    const server = http.createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const wechat = createHttpWeChat({ baseUrl: `http://127.0.0.1:${port}`, appId: 'wxA', appSecret: SECRET, timeoutMs: 200 });
      expect(await wechat.sendSubscribeMessage(message)).toEqual({ errcode: -1, errmsg: 'network: no answer within 200 ms' });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
