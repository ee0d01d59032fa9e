/**
 * The emulator's HTTP gateway: functions at `/api/fn/<name>`, CloudBase's database API at `/admin`,
 * WeChat's API fake at `/wx-api/...`, developer views at `/dev/...`. HTTP statuses live only here.
 */
import { createReadStream, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '../../core/errors';
import type { Envelope } from '../../core/function/envelope';
import { handleDatabaseRequest } from './cloudbase-db/endpoint';
import { BodyTooLargeError, isLoopback, readBody, sendJson } from './http/body';
import type { LocalFiles } from './files';
import type { LocalStore } from './store/nedb-store';
import type { FakeWeChatApi } from './wechat';

export const OPENID_HEADER = 'x-fudao-openid';
const MAX_EVENT_BYTES = 4 * 1024 * 1024;

const STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export interface GatewayDeps {
  functionNames(): string[];
  callFunction(name: string, event: unknown, openid: string | undefined): Promise<Envelope | null>;
  store: LocalStore;
  wechat: FakeWeChatApi;
  files: LocalFiles;
  info(): Record<string, unknown>;
  /** Whether a request comes from this machine (default: its socket address is loopback). */
  isLocal?: (req: IncomingMessage) => boolean;
}

const refuse = (res: ServerResponse, status: number, code: ErrorCode, message: string) =>
  sendJson(res, status, { ok: false, error: { code, message } } satisfies Envelope);

export function createGateway(deps: GatewayDeps) {
  const isLocal = deps.isLocal ?? isLoopback;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    try {
      if (path === '/healthz' && req.method === 'GET') return sendJson(res, 200, { ok: true, functions: deps.functionNames(), ...deps.info() });

      const fn = /^\/api\/fn\/([A-Za-z0-9_-]+)$/.exec(path);
      if (fn) return await callFunction(req, res, fn[1]!);
      // Signed download links vouch for themselves.
      if (path.startsWith('/files/') && req.method === 'GET') return serveFile(url, res);

      // Everything below acts as the platform itself: loopback only.
      if (!isLocal(req)) return refuse(res, 403, 'FORBIDDEN', '仅限本机访问');
      if (path === '/admin' && req.method === 'POST') return await handleDatabaseRequest(deps.store, req, res);
      if (path.startsWith('/wx-api/') && (await deps.wechat.handle(req, res, path.slice('/wx-api'.length)))) return;
      if (path === '/dev/outbox' && req.method === 'GET') {
        const limit = Number(url.searchParams.get('limit') ?? 100);
        const touser = url.searchParams.get('touser') ?? undefined;
        return sendJson(res, 200, { items: deps.wechat.outbox({ limit, ...(touser ? { touser } : {}) }), stats: deps.wechat.stats() });
      }
      if (path === '/dev/outbox' && req.method === 'DELETE') {
        deps.wechat.clearOutbox();
        return sendJson(res, 200, { ok: true });
      }
      if (path === '/dev/wechat' && req.method === 'GET') return sendJson(res, 200, deps.wechat.behaviour());
      if (path === '/dev/wechat' && req.method === 'POST') {
        deps.wechat.configure(JSON.parse((await readBody(req, MAX_EVENT_BYTES)).toString('utf8')));
        return sendJson(res, 200, deps.wechat.behaviour());
      }
      return refuse(res, 404, 'NOT_FOUND', `没有这个地址：${path}`);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return refuse(res, 413, 'INVALID_INPUT', '请求内容过大');
      console.error('[gateway]', error);
      if (!res.headersSent) refuse(res, 500, 'INTERNAL', '系统繁忙，请稍后再试');
    }
  };

  async function callFunction(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'INVALID_INPUT', '请用 POST 调用云函数');
    const header = req.headers[OPENID_HEADER];
    // The dev identity stands in for WeChat's OPENID, which only the platform can vouch for.
    if (header !== undefined && !isLocal(req)) return refuse(res, 403, 'FORBIDDEN', '开发身份仅限本机使用');
    const raw = (await readBody(req, MAX_EVENT_BYTES)).toString('utf8');
    let event: unknown;
    try {
      event = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      return refuse(res, 400, 'INVALID_INPUT', '请求体不是合法的 JSON');
    }
    const openid = typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
    const envelope = await deps.callFunction(name, event, openid);
    if (!envelope) return refuse(res, 404, 'NOT_FOUND', `云函数不存在：${name}`);
    sendJson(res, envelope.ok ? 200 : STATUS[envelope.error.code], envelope);
  }

  function serveFile(url: URL, res: ServerResponse): void {
    const path = decodeURIComponent(url.pathname.slice('/files/'.length));
    const file = deps.files.resolveSigned(path, url.searchParams.get('expires') ?? '', url.searchParams.get('sig') ?? '', Date.now());
    if (!file || !existsSync(file)) return refuse(res, 403, 'FORBIDDEN', '下载链接无效或已过期');
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  }
}
