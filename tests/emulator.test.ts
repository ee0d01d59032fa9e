/** The emulator as a developer meets it: health, outbox, fake WeChat controls, timers, files, trust. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../platform/local/gateway';
import { isLoopback } from '../platform/local/http/body';
import { startHarness, type Harness } from './support/harness';

describe('emulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timers: true });
  });
  afterAll(() => h.close());

  const get = async (path: string) => (await fetch(`${h.emulator.url}${path}`)).json() as Promise<Record<string, unknown>>;

  it('answers /healthz with its functions and the timers from config.json, next fire within a minute', async () => {
    const health = await get('/healthz');
    expect(health.ok).toBe(true);
    expect(health.functions).toEqual(expect.arrayContaining(['admin', 'bind', 'deliver', 'notices', 'pushNotice', 'stats']));
    const timers = health.timers as { functionName: string; cron: string; nextFireAt: number }[];
    expect(timers.map((t) => t.functionName).sort()).toEqual(['checkIn', 'deliver']);
    const timer = timers.find((t) => t.functionName === 'deliver');
    expect(timer).toMatchObject({ cron: '0 * * * * * *' });
    expect(timer!.nextFireAt - Date.now()).toBeLessThanOrEqual(60_000);
    expect(new Date(timer!.nextFireAt).getUTCSeconds()).toBe(0);
  });

  it('lets a developer set the fake WeChat behaviour and read what it received', async () => {
    const res = await fetch(`${h.emulator.url}/dev/wechat`, { method: 'POST', body: JSON.stringify({ latencyMs: 1, rules: [{ match: { touser: 'refusing-user-1' }, errcode: 43101 }] }) });
    expect(await res.json()).toMatchObject({ latencyMs: 1, rules: [{ errcode: 43101 }] });
    const refused = await h.emulator.ports.wechat.sendSubscribeMessage({ touser: 'refusing-user-1', templateId: 'fudao-notice-template', data: { thing1: { value: '标题' }, phrase2: { value: '紧急' }, time3: { value: '2026-11-25 10:00' }, thing4: { value: '老师' } } });
    expect(refused.errcode).toBe(43101);
    const outbox = await get('/dev/outbox?touser=refusing-user-1');
    expect(outbox.items).toEqual([expect.objectContaining({ touser: 'refusing-user-1', result: expect.objectContaining({ errcode: 43101 }) })]);
    await fetch(`${h.emulator.url}/dev/outbox`, { method: 'DELETE' });
    expect((await get('/dev/outbox')).items).toEqual([]);
  });

  it('serves uploaded files through signed, expiring links only', async () => {
    const { fileId } = await h.emulator.ports.files.upload('attachments/表格.txt', Buffer.from('报名表'));
    const url = await h.emulator.ports.files.tempUrl(fileId, 60);
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('报名表');
    expect((await fetch(url.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
    const expired = await h.emulator.ports.files.tempUrl(fileId, -1);
    expect((await fetch(expired)).status).toBe(403);
    await expect(h.emulator.ports.files.upload('../escape.txt', Buffer.from('x'))).rejects.toThrow(/invalid file path/);
  });

  it('answers unknown paths and wrong methods with an envelope', async () => {
    const missing = await fetch(`${h.emulator.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const wrongMethod = await fetch(`${h.emulator.url}/api/fn/bind`);
    expect(wrongMethod.status).toBe(405);
  });
});

describe('gateway trust', () => {
  it('counts only loopback addresses as this machine', () => {
    const from = (remoteAddress: string) => ({ socket: { remoteAddress } }) as Parameters<typeof isLoopback>[0];
    expect(isLoopback(from('127.0.0.1'))).toBe(true);
    expect(isLoopback(from('::1'))).toBe(true);
    expect(isLoopback(from('::ffff:127.0.0.1'))).toBe(true);
    expect(isLoopback(from('10.0.0.8'))).toBe(false);
    expect(isLoopback(from('::ffff:192.168.1.2'))).toBe(false);
    expect(isLoopback(from('1270.0.0.1'))).toBe(false);
  });

  it('refuses a dev identity and the platform routes from another machine, calling nothing', async () => {
    const called: string[] = [];
    const gateway = createGateway({
      functionNames: () => ['bind'],
      callFunction: async (name) => {
        called.push(name);
        return { ok: true, data: null };
      },
      store: undefined as never,
      wechat: undefined as never,
      files: undefined as never,
      info: () => ({}),
      isLocal: () => false,
    });
    const server = createServer((req, res) => void gateway(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const withIdentity = await fetch(`${base}/api/fn/bind`, { method: 'POST', headers: { 'x-fudao-openid': 'someone' }, body: '{"action":"me"}' });
    expect(withIdentity.status).toBe(403);
    for (const path of ['/admin', '/dev/outbox', '/wx-api/cgi-bin/token']) expect((await fetch(`${base}${path}`, { method: path === '/admin' ? 'POST' : 'GET' })).status).toBe(403);
    expect(called).toEqual([]);
    // Without the header a remote caller is simply anonymous, as on CloudBase without OPENID.
    expect((await fetch(`${base}/api/fn/bind`, { method: 'POST', body: '{"action":"me"}' })).status).toBe(200);
    expect(called).toEqual(['bind']);
    await new Promise((r) => server.close(r));
  });
});
