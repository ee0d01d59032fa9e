/**
 * Test support: the fake mounted under a prefix on a real HTTP server on 127.0.0.1, the way the
 * local gateway mounts it, so tests drive it through the production HTTP client.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeWeChatApi, type FakeWeChatApi, type FakeWeChatApiOptions } from './fake-api';
import { createHttpWeChat, type HttpWeChatOptions } from './http-client';
import type { WeChat } from '../../../core/ports/wechat';

export const MOUNT = '/wechat';

export interface FakeWeChatServer {
  fake: FakeWeChatApi;
  baseUrl: string;
  client(overrides?: Partial<HttpWeChatOptions>): WeChat;
  close(): Promise<void>;
}

export async function startFakeWeChat(options: FakeWeChatApiOptions = {}): Promise<FakeWeChatServer> {
  const fake = createFakeWeChatApi(options);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const below = path.startsWith(`${MOUNT}/`) ? path.slice(MOUNT.length) : null;
    void (below === null ? Promise.resolve(false) : fake.handle(req, res, below)).then((handled) => {
      if (!handled) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}${MOUNT}`;
  return {
    fake,
    baseUrl,
    client: (overrides = {}) => createHttpWeChat({ baseUrl, appId: fake.appId, appSecret: fake.appSecret, ...overrides }),
    async close() {
      fake.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A clock tests move by hand. */
export function manualClock(start = Date.parse('2025-09-01T08:00:00+08:00')) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

/** A valid-looking OPENID (real ones are 28 characters). */
export const openid = (n: number | string) => `oFudao${String(n).padStart(22, '0')}`.slice(0, 28);
