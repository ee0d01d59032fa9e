/**
 * The `WeChat` port over WeChat's HTTP server API. It speaks exactly the api.weixin.qq.com
 * protocol, so the same client runs against the local fake and against production.
 *
 * Every outcome is a `{ errcode, errmsg, msgid? }`: WeChat's own answer when there is one, and
 * errcode -1 ("network: …") when there is none (refused connection, timeout, garbled answer),
 * because the caller treats -1 as "try again later" — the right reading of an unknown outcome.
 */

import type { CustomerServiceMessage, SubscribeMessage, WeChat, WeChatResult } from '../../../core/ports/wechat';

import { keepAliveFetch } from './keep-alive-fetch';
export interface HttpWeChatOptions {
  /** `https://api.weixin.qq.com`, or where the fake is mounted. */
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Per HTTP request, token fetch and send alike. Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Clock for token expiry; injectable for tests. */
  now?: () => number;
}

/** Refresh this long before WeChat's stated expiry, so a token never expires in flight. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;
/** Answers meaning "this token is no good": fetch a new one and try once more. */
const TOKEN_REJECTED = new Set([40001, 40014, 42001]);

type Outcome<T> = { ok: true; value: T } | { ok: false; result: WeChatResult };

interface CachedToken {
  token: string;
  refreshAt: number;
  expiresAt: number;
}

export function createHttpWeChat(options: HttpWeChatOptions): WeChat {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetchFn = options.fetch ?? (keepAliveFetch as unknown as typeof fetch);
  const now = options.now ?? Date.now;
  let cached: CachedToken | null = null;
  // One token fetch at a time: concurrent sends wait for the same answer instead of each
  // fetching, which on WeChat would also invalidate each other's tokens.
  let inflight: Promise<Outcome<string>> | null = null;

  const network = (what: string): WeChatResult => ({ errcode: -1, errmsg: `network: ${redact(what)}` });

  /** Keeps the secret and tokens out of messages that end up in logs and delivery records. */
  function redact(text: string): string {
    let out = text.split(options.appSecret).join('***');
    if (cached) out = out.split(cached.token).join('***');
    return out;
  }

  async function request(url: string, init: RequestInit): Promise<Outcome<string>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await fetchFn(url, { ...init, signal: controller.signal });
      const text = await res.text();
      if (!res.ok) return { ok: false, result: network(`HTTP ${res.status}`) };
      return { ok: true, value: text };
    } catch (error) {
      if (controller.signal.aborted) return { ok: false, result: network(`no answer within ${timeoutMs} ms`) };
      return { ok: false, result: network(describe(error)) };
    } finally {
      clearTimeout(timer);
    }
  }

  async function fetchToken(): Promise<Outcome<string>> {
    const startedAt = now();
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: options.appId, secret: options.appSecret });
    const answer = await request(`${base}/cgi-bin/token?${query}`, { method: 'GET' });
    if (!answer.ok) return answer;
    const json = parseObject(answer.value);
    if (!json) return { ok: false, result: network('token answer is not JSON') };
    if (typeof json.access_token === 'string' && typeof json.expires_in === 'number') {
      const lifetimeMs = json.expires_in * 1000;
      // Measured from before the request: the token's clock started no later than that.
      const margin = Math.min(REFRESH_BEFORE_EXPIRY_MS, lifetimeMs / 2);
      cached = { token: json.access_token, refreshAt: startedAt + lifetimeMs - margin, expiresAt: startedAt + lifetimeMs };
      return { ok: true, value: json.access_token };
    }
    return { ok: false, result: weChatResult(json, answer.value) };
  }

  async function token(): Promise<Outcome<string>> {
    if (cached && now() < cached.refreshAt) return { ok: true, value: cached.token };
    const stale = cached;
    inflight ??= fetchToken().finally(() => {
      inflight = null;
    });
    const fresh = await inflight;
    // An early refresh that failed does not stop sends while the old token is still in date.
    if (!fresh.ok && stale && cached === stale && now() < stale.expiresAt) return { ok: true, value: stale.token };
    return fresh;
  }

  async function post(path: string, accessToken: string, body: unknown): Promise<WeChatResult> {
    const url = `${base}${path}?access_token=${encodeURIComponent(accessToken)}`;
    const answer = await request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!answer.ok) return answer.result;
    const json = parseObject(answer.value);
    if (!json || typeof json.errcode !== 'number') return network('answer without errcode');
    return weChatResult(json, answer.value);
  }

  async function send(path: string, body: unknown): Promise<WeChatResult> {
    const first = await token();
    if (!first.ok) return first.result;
    const result = await post(path, first.value, body);
    if (!TOKEN_REJECTED.has(result.errcode)) return result;
    // Forget the rejected token unless a concurrent send has already replaced it.
    if (cached?.token === first.value) cached = null;
    const second = await token();
    if (!second.ok) return second.result;
    return post(path, second.value, body);
  }

  return {
    sendSubscribeMessage(message: SubscribeMessage) {
      return send('/cgi-bin/message/subscribe/send', {
        touser: message.touser,
        template_id: message.templateId,
        ...(message.page !== undefined ? { page: message.page } : {}),
        data: message.data,
        ...(message.miniprogramState !== undefined ? { miniprogram_state: message.miniprogramState } : {}),
      });
    },
    sendCustomerServiceMessage(message: CustomerServiceMessage) {
      return send('/cgi-bin/message/custom/send', message);
    },
  };
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * WeChat's answer as a result. msgid is read from the raw text: WeChat sends it as a bare
 * 64-bit number, which JSON.parse would round to a different id.
 */
function weChatResult(json: Record<string, unknown>, raw: string): WeChatResult {
  const errcode = typeof json.errcode === 'number' ? json.errcode : -1;
  const errmsg = typeof json.errmsg === 'string' ? json.errmsg : '';
  const msgid = /"msgid"\s*:\s*"?(\d+)/.exec(raw)?.[1] ?? (typeof json.msgid === 'string' ? json.msgid : undefined);
  return msgid !== undefined ? { errcode, errmsg, msgid } : { errcode, errmsg };
}

/** fetch rejects with "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND …) is in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch wraps the socket error in `cause`; node:http raises it directly.
  const cause = (error as Error & { cause?: unknown }).cause;
  const root = cause instanceof Error ? cause : error;
  const code = (root as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code} (${root.message})` : root.message;
}
