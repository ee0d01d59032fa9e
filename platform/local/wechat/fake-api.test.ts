import { mkdtempSync, readFileSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerServiceMessage, SubscribeMessage } from '../../../core/ports/wechat';
import { manualClock, openid, startFakeWeChat, type FakeWeChatServer } from './test-server';
import type { FakeWeChatApiOptions } from './fake-api';

const RID = String.raw` rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$`;

const notice = (over: Partial<SubscribeMessage> = {}): SubscribeMessage => ({
  touser: openid(1),
  templateId: 'TPL_NOTICE',
  page: 'pages/notice/detail?id=n1',
  data: { thing1: { value: '期中考试安排' }, time2: { value: '2025年9月1日 08:00' }, phrase3: { value: '待确认' } },
  miniprogramState: 'trial',
  ...over,
});

const text = (touser = openid(1), content = '请查看最新通知'): CustomerServiceMessage => ({ touser, msgtype: 'text', text: { content } });

let running: FakeWeChatServer[] = [];
async function start(options: FakeWeChatApiOptions = {}) {
  const s = await startFakeWeChat(options);
  running.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});

/** A raw request, for what the typed client cannot send. */
async function raw(s: FakeWeChatServer, path: string, init: RequestInit = {}) {
  const res = await fetch(`${s.baseUrl}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
async function tokenOf(s: FakeWeChatServer): Promise<string> {
  const { body } = await raw(s, `/cgi-bin/token?grant_type=client_credential&appid=${s.fake.appId}&secret=${s.fake.appSecret}`);
  return body.access_token as string;
}

describe('fake WeChat API: sends', () => {
  it('accepts a subscribe message and records it in the outbox with a 64-bit msgid', async () => {
    const s = await start();
    const result = await s.client().sendSubscribeMessage(notice());
    expect(result.errcode).toBe(0);
    expect(result.errmsg).toBe('ok');
    expect(result.msgid).toMatch(/^\d{19}$/);

    const [entry] = s.fake.outbox();
    expect(entry).toMatchObject({
      api: 'subscribeMessage.send',
      touser: openid(1),
      result: { errcode: 0, errmsg: 'ok', msgid: result.msgid },
      payload: {
        touser: openid(1),
        template_id: 'TPL_NOTICE',
        page: 'pages/notice/detail?id=n1',
        miniprogram_state: 'trial',
        data: notice().data,
      },
    });
    expect(s.fake.stats()).toMatchObject({ total: 1, tokensIssued: 1, byApi: { 'subscribeMessage.send': { total: 1, byErrcode: { '0': 1 } } } });
  });

  it('accepts a customer-service message, which WeChat answers without a msgid', async () => {
    const s = await start();
    expect(await s.client().sendCustomerServiceMessage(text())).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(s.fake.outbox({ api: 'customerServiceMessage.send' })).toHaveLength(1);
  });

  it('answers only its own routes, so a gateway can mount other handlers beside it', async () => {
    const s = await start();
    const res = await fetch(`${s.baseUrl}/cgi-bin/message/template/send`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});

describe('fake WeChat API: validation', () => {
  it.each([
    ['missing touser', notice({ touser: '' }), 40003, 'invalid openid'],
    ['ill-formed touser', notice({ touser: 'not an openid!' }), 40003, 'invalid openid'],
    ['missing template_id', notice({ templateId: '' }), 40037, 'invalid template_id'],
    ['empty thing', notice({ data: { thing1: { value: '' } } }), 47003, 'argument invalid! data.thing1.value is empty'],
    ['thing over 20', notice({ data: { thing1: { value: '这是一条超过二十个字符的事物内容会被微信拒绝掉' } } }), 47003, 'argument invalid! data.thing1.value invalid'],
    ['phrase not Chinese', notice({ data: { phrase3: { value: 'ok' } } }), 47003, 'argument invalid! data.phrase3.value invalid'],
    ['character_string Chinese', notice({ data: { character_string4: { value: '编号一' } } }), 47003, 'argument invalid! data.character_string4.value invalid'],
    ['time not a time', notice({ data: { time2: { value: '下周一' } } }), 47003, 'argument invalid! data.time2.value invalid'],
    ['name too long', notice({ data: { name5: { value: '一二三四五六七八九十一' } } }), 47003, 'argument invalid! data.name5.value invalid'],
  ])('%s → %i', async (_case, message, errcode, errmsg) => {
    const s = await start();
    const result = await s.client().sendSubscribeMessage(message);
    expect(result.errcode).toBe(errcode);
    expect(result.errmsg).toMatch(new RegExp(`^${errmsg.replace(/[.!()]/g, '\\$&')}${RID}`));
    expect(result.msgid).toBeUndefined();
    expect(s.fake.outbox()[0]?.result.errcode).toBe(errcode);
  });

  it('checks template ids and keywords when templates are configured', async () => {
    const s = await start({ templates: { TPL_NOTICE: ['thing1', 'time2', 'phrase3', 'thing4'] } });
    const client = s.client();
    expect((await client.sendSubscribeMessage(notice({ templateId: 'TPL_OTHER' }))).errcode).toBe(40037);
    const missing = await client.sendSubscribeMessage(notice());
    expect(missing.errcode).toBe(47003);
    expect(missing.errmsg).toMatch(/^argument invalid! data\.thing4\.value is empty rid: /);
  });

  it('validates customer-service messages', async () => {
    const s = await start();
    const client = s.client();
    expect((await client.sendCustomerServiceMessage(text('bad id'))).errcode).toBe(40003);
    expect((await client.sendCustomerServiceMessage(text(openid(1), ''))).errcode).toBe(44004);
    const video = { touser: openid(1), msgtype: 'video', video: {} } as unknown as CustomerServiceMessage;
    expect((await client.sendCustomerServiceMessage(video)).errcode).toBe(40008);
    const image = { touser: openid(1), msgtype: 'image', image: { media_id: '' } } as CustomerServiceMessage;
    expect((await client.sendCustomerServiceMessage(image)).errcode).toBe(40007);
  });

  it('answers 47001 to a body that is not JSON, 44002 to an empty one and 43002 to GET', async () => {
    const s = await start();
    const token = await tokenOf(s);
    const path = `/cgi-bin/message/subscribe/send?access_token=${token}`;
    const bad = await raw(s, path, { method: 'POST', body: '{"touser": ' });
    expect(bad.status).toBe(200);
    expect(bad.body.errcode).toBe(47001);
    expect(bad.body.errmsg).toMatch(new RegExp(`^data format error${RID}`));
    expect((await raw(s, path, { method: 'POST', body: '' })).body.errcode).toBe(44002);
    expect((await raw(s, path)).body.errcode).toBe(43002);
    expect(s.fake.outbox()[2]?.payload).toBe('{"touser": ');
  });
});

describe('fake WeChat API: access tokens', () => {
  it('issues tokens only for the configured app', async () => {
    const s = await start();
    const ok = await raw(s, `/cgi-bin/token?grant_type=client_credential&appid=${s.fake.appId}&secret=${s.fake.appSecret}`);
    expect(ok.body).toEqual({ access_token: expect.stringMatching(/^1_[\w-]{100,}$/), expires_in: 7200 });
    const wrongSecret = await raw(s, `/cgi-bin/token?grant_type=client_credential&appid=${s.fake.appId}&secret=nope`);
    expect(wrongSecret.body.errcode).toBe(40125);
    expect(wrongSecret.body.errmsg).toMatch(new RegExp(`^invalid appsecret${RID}`));
    expect((await raw(s, `/cgi-bin/token?grant_type=client_credential&appid=wx0&secret=x`)).body.errcode).toBe(40013);
    expect((await raw(s, `/cgi-bin/token?grant_type=password&appid=wx0&secret=x`)).body.errcode).toBe(40002);
    expect((await raw(s, `/cgi-bin/token?grant_type=client_credential&secret=x`)).body.errcode).toBe(41002);
  });

  it('the client surfaces a wrong secret as WeChat answered it', async () => {
    const s = await start();
    const result = await s.client({ appSecret: 'wrong' }).sendSubscribeMessage(notice());
    expect(result.errcode).toBe(40125);
    expect(s.fake.outbox()).toHaveLength(0);
  });

  it('refuses sends with a missing or unknown token', async () => {
    const s = await start();
    const body = JSON.stringify({ touser: openid(1), msgtype: 'text', text: { content: 'hi' } });
    expect((await raw(s, '/cgi-bin/message/custom/send', { method: 'POST', body })).body.errcode).toBe(41001);
    const unknown = await raw(s, '/cgi-bin/message/custom/send?access_token=forged', { method: 'POST', body });
    expect(unknown.body.errcode).toBe(40001);
    expect(unknown.body.errmsg).toMatch(/^invalid credential, access_token is invalid or not latest rid: /);
    expect(s.fake.outbox().map((e) => e.result.errcode)).toEqual([40001, 41001]);
  });

  it('expires tokens after 7200 s; the client refreshes once and the send goes through', async () => {
    const clock = manualClock();
    const s = await start({ now: clock.now });
    const client = s.client();
    expect((await client.sendSubscribeMessage(notice())).errcode).toBe(0);
    clock.advance(7200 * 1000);
    // The client's own clock has not moved, so it still trusts its token; WeChat does not.
    expect((await client.sendSubscribeMessage(notice())).errcode).toBe(0);
    expect(s.fake.outbox().map((e) => e.result.errcode)).toEqual([0, 42001, 0]);
    expect(s.fake.stats().tokensIssued).toBe(2);
  });

  it('the client refreshes ahead of expiry when its clock says the token is nearly due', async () => {
    const s = await start();
    let clientNow = Date.now();
    const client = s.client({ now: () => clientNow });
    await client.sendSubscribeMessage(notice());
    clientNow += (7200 - 299) * 1000;
    await client.sendSubscribeMessage(notice());
    expect(s.fake.stats().tokensIssued).toBe(2);
    expect(s.fake.outbox().map((e) => e.result.errcode)).toEqual([0, 0]);
  });

  it('a newer token retires older ones after five minutes, as /cgi-bin/token does', async () => {
    const clock = manualClock();
    const s = await start({ now: clock.now });
    const body = JSON.stringify({ touser: openid(1), msgtype: 'text', text: { content: 'hi' } });
    const send = async (token: string) => (await raw(s, `/cgi-bin/message/custom/send?access_token=${token}`, { method: 'POST', body })).body.errcode;
    const first = await tokenOf(s);
    const second = await tokenOf(s);
    clock.advance(4 * 60 * 1000);
    expect(await send(first)).toBe(0);
    clock.advance(60 * 1000);
    expect(await send(first)).toBe(40001);
    expect(await send(second)).toBe(0);
  });

  it('concurrent sends share one token fetch', async () => {
    const s = await start();
    const client = s.client();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.sendCustomerServiceMessage(text(openid(i)))));
    expect(results.every((r) => r.errcode === 0)).toBe(true);
    expect(s.fake.stats().tokensIssued).toBe(1);
  });
});

describe('fake WeChat API: fault rules', () => {
  it('a rule with times answers its errcode that many times, then expires', async () => {
    const s = await start({ rules: [{ match: { touser: openid(7) }, errcode: 43101, times: 2 }] });
    const client = s.client();
    const a = await client.sendSubscribeMessage(notice({ touser: openid(7) }));
    expect(a.errcode).toBe(43101);
    expect(a.errmsg).toMatch(new RegExp(`^user refuse to accept the msg${RID}`));
    expect((await client.sendSubscribeMessage(notice({ touser: openid(8) }))).errcode).toBe(0);
    expect((await client.sendSubscribeMessage(notice({ touser: openid(7) }))).errcode).toBe(43101);
    expect((await client.sendSubscribeMessage(notice({ touser: openid(7) }))).errcode).toBe(0);
    expect(s.fake.behaviour().rules).toEqual([]);
  });

  it('matches on api and template, uses the rule errmsg, and errcode 0 lets a send through to processing', async () => {
    const s = await start();
    s.fake.configure({
      rules: [
        { match: { templateId: 'TPL_OK' }, errcode: 0 },
        { match: { api: 'customerServiceMessage.send' }, errcode: 45015 },
        { match: { api: 'subscribeMessage.send' }, errcode: -1, errmsg: 'system error' },
      ],
    });
    const client = s.client();
    expect((await client.sendSubscribeMessage(notice({ templateId: 'TPL_OK' }))).errcode).toBe(0);
    // errcode 0 still validates: the rule does not make a bad send good.
    expect((await client.sendSubscribeMessage(notice({ templateId: 'TPL_OK', touser: '' }))).errcode).toBe(40003);
    const cs = await client.sendCustomerServiceMessage(text());
    expect(cs.errcode).toBe(45015);
    expect(cs.errmsg).toMatch(/^response out of time limit or subscription is canceled rid: /);
    expect((await client.sendSubscribeMessage(notice())).errmsg).toMatch(new RegExp(`^system error${RID}`));
  });

  it('probability rolls the injected random(); a miss falls through to the next rule', async () => {
    const rolls = [0.1, 0.9, 0.49, 0.5];
    const s = await start({
      random: () => rolls.shift() ?? 1,
      rules: [
        { errcode: -1, probability: 0.5 },
        { errcode: 45009, match: { touser: openid(9) } },
      ],
    });
    const client = s.client();
    const codes = [];
    for (let i = 0; i < 4; i += 1) codes.push((await client.sendCustomerServiceMessage(text())).errcode);
    expect(codes).toEqual([-1, 0, -1, 0]);
    expect((await client.sendCustomerServiceMessage(text(openid(9)))).errcode).toBe(45009);
  });

  it("a 'timeout' rule never answers: the client gives up after its timeout with a retryable -1", async () => {
    const s = await start({ rules: [{ errcode: 'timeout', times: 1 }] });
    const client = s.client({ timeoutMs: 300 });
    const started = Date.now();
    const result = await client.sendSubscribeMessage(notice());
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(result).toEqual({ errcode: -1, errmsg: 'network: no answer within 300 ms' });
    await expect.poll(() => s.fake.outbox()[0]?.result.errcode).toBe('timeout');
    expect(s.fake.outbox()[0]?.latencyMs).toBeGreaterThanOrEqual(250);
    // The rule was used up; the next send is answered normally.
    expect((await client.sendSubscribeMessage(notice())).errcode).toBe(0);
  });

  it("a 'timeout' rule closes the connection after hangMs when the client waits longer", async () => {
    const s = await start({ hangMs: 200, rules: [{ errcode: 'timeout' }] });
    const started = Date.now();
    const result = await s.client({ timeoutMs: 5000 }).sendCustomerServiceMessage(text());
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.errcode).toBe(-1);
    expect(result.errmsg).toMatch(/^network: /);
  });
});

describe('fake WeChat API: quota and latency', () => {
  it('answers 45009 past the limit, at once, and recovers after the window', async () => {
    const clock = manualClock();
    const s = await start({ now: clock.now, latencyMs: 120, rateLimit: { limit: 3, windowMs: 1000 } });
    const client = s.client();
    const codes = [];
    for (let i = 0; i < 4; i += 1) codes.push((await client.sendCustomerServiceMessage(text())).errcode);
    expect(codes).toEqual([0, 0, 0, 45009]);
    const refused = s.fake.outbox()[0]!;
    expect(refused.result.errmsg).toMatch(new RegExp(`^reach max api daily quota limit${RID}`));
    // The fake's clock is manual, so elapsed time on it is 0 unless the fake slept — which it must not have.
    const started = Date.now();
    expect((await client.sendCustomerServiceMessage(text())).errcode).toBe(45009);
    expect(Date.now() - started).toBeLessThan(100);
    // Limits are per API: subscribe messages still go.
    expect((await client.sendSubscribeMessage(notice())).errcode).toBe(0);
    clock.advance(1000);
    expect((await client.sendCustomerServiceMessage(text())).errcode).toBe(0);
  });

  it('applies latency (plus jitter) before answering and records it', async () => {
    const s = await start({ latencyMs: 150, jitterMs: 100, random: () => 0.5 });
    const started = Date.now();
    expect((await s.client().sendSubscribeMessage(notice())).errcode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect(s.fake.outbox()[0]?.latencyMs).toBeGreaterThanOrEqual(195);
    s.fake.configure({ latencyMs: 0, jitterMs: 0 });
    const again = Date.now();
    await s.client().sendSubscribeMessage(notice());
    expect(Date.now() - again).toBeLessThan(150);
  });

  it('uses the injected sleep for latency', async () => {
    const slept: number[] = [];
    const s = await start({ latencyMs: 60_000, sleep: async (ms) => void slept.push(ms) });
    expect((await s.client().sendSubscribeMessage(notice())).errcode).toBe(0);
    expect(slept).toEqual([60_000]);
  });

  it('50 parallel sends against a limit of 20 per second: exactly 20 accepted', async () => {
    const clock = manualClock();
    const s = await start({ now: clock.now, rateLimit: { limit: 20, windowMs: 1000 } });
    const client = s.client();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.sendSubscribeMessage(notice({ touser: openid(i) }))));
    expect(results.filter((r) => r.errcode === 0)).toHaveLength(20);
    expect(results.filter((r) => r.errcode === 45009)).toHaveLength(30);
    expect(s.fake.stats().byApi['subscribeMessage.send'].byErrcode).toEqual({ '0': 20, '45009': 30 });
  });
});

describe('fake WeChat API: outbox', () => {
  it('lists newest first, filtered by api and touser, limited', async () => {
    const s = await start();
    const client = s.client();
    await client.sendSubscribeMessage(notice({ touser: openid(1) }));
    await client.sendSubscribeMessage(notice({ touser: openid(2) }));
    await client.sendCustomerServiceMessage(text(openid(1)));
    expect(s.fake.outbox().map((e) => e.api)).toEqual(['customerServiceMessage.send', 'subscribeMessage.send', 'subscribeMessage.send']);
    expect(s.fake.outbox({ touser: openid(1) })).toHaveLength(2);
    expect(s.fake.outbox({ api: 'subscribeMessage.send', limit: 1 }).map((e) => e.touser)).toEqual([openid(2)]);
    s.fake.clearOutbox();
    expect(s.fake.outbox()).toEqual([]);
    expect(s.fake.stats().total).toBe(0);
  });

  it('survives re-creation when backed by a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-wechat-'));
    const outboxFile = join(dir, 'nested', 'outbox.jsonl');
    try {
      const first = await start({ outboxFile });
      await first.client().sendSubscribeMessage(notice({ touser: openid(1) }));
      await first.client().sendSubscribeMessage(notice({ touser: '' }));
      await first.close();
      // A crash mid-append leaves a torn line; it must not stop the emulator from starting.
      appendFileSync(outboxFile, '{"id":"torn","at":');

      const second = await start({ outboxFile });
      expect(second.fake.outbox().map((e) => e.result.errcode)).toEqual([40003, 0]);
      expect(second.fake.stats().byApi['subscribeMessage.send'].byErrcode).toEqual({ '0': 1, '40003': 1 });
      await second.client().sendCustomerServiceMessage(text());
      expect(second.fake.outbox()).toHaveLength(3);

      second.fake.clearOutbox();
      expect(readFileSync(outboxFile, 'utf8')).toBe('');
      const third = await start({ outboxFile });
      expect(third.fake.outbox()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
