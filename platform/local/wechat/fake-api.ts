/**
 * A faithful local stand-in for the parts of api.weixin.qq.com Fudao calls: access tokens,
 * subscribeMessage.send and customerServiceMessage.send, with WeChat's request/answer shapes,
 * errcodes, content rules, quotas and latency. Production code talks to it through the same HTTP
 * client it uses against WeChat, so what works locally is what works on the real server.
 *
 * It is a request handler, not a server: a gateway mounts it and passes the path below its mount.
 */

import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { errmsgOf } from './errcodes';
import { createOutbox, type OutboxEntry, type OutboxQuery, type OutboxResult, type OutboxStats } from './outbox';
import { createRateLimiter, type RateLimit } from './rate-limit';
import { pickRule, type FaultRule, type WeChatApi } from './rules';
import { validateCustomerService, validateSubscribe, type Refusal } from './send-validation';
import { createTokenStore } from './tokens';
import { newMsgid, newRid, readBody, writeWeChatJson } from './wire';

export type { FaultRule, RuleMatch, WeChatApi } from './rules';
export type { OutboxEntry, OutboxQuery, OutboxResult, OutboxStats } from './outbox';
export type { RateLimit } from './rate-limit';

/** Credentials the emulator accepts when none are configured. */
export const FAKE_WECHAT_APP_ID = 'wxf0da000000000001';
export const FAKE_WECHAT_APP_SECRET = 'f0daf0daf0daf0daf0daf0daf0daf0da';

/** What can be changed on a running fake with `configure()`. */
export interface FakeWeChatBehaviour {
  /** Delay before every send answer except a rate-limit refusal. */
  latencyMs: number;
  /** Extra random delay, uniform in [0, jitterMs]. */
  jitterMs: number;
  /** One limit applied to each send API separately, or a limit per API; null: unlimited. */
  rateLimit: RateLimit | Partial<Record<WeChatApi, RateLimit>> | null;
  /** Fault rules, first live match wins. */
  rules: FaultRule[];
  /** How long a 'timeout' rule holds a connection before closing it without an answer. */
  hangMs: number;
}

export interface FakeWeChatApiOptions extends Partial<FakeWeChatBehaviour> {
  appId?: string;
  appSecret?: string;
  /**
   * What an OPENID must look like (else 40003). Real ones are 28 characters of [A-Za-z0-9_-];
   * the default also admits shorter readable ids such as seed data uses.
   */
  openidPattern?: RegExp;
  /** Known templates → keywords; when given, unknown template ids are 40037 and missing keywords 47003. */
  templates?: Record<string, string[]>;
  /** JSON-lines file the outbox is appended to and reloaded from. */
  outboxFile?: string;
  /** Outbox entries kept in memory (default 10 000); the file keeps all. */
  outboxCapacity?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Rolls rule probabilities and, when jitterMs > 0, the jitter. */
  random?: () => number;
}

export interface FakeWeChatStats extends OutboxStats {
  tokensIssued: number;
}

export interface FakeWeChatApi {
  readonly appId: string;
  readonly appSecret: string;
  /** Serves `path` if it is one of WeChat's routes; false otherwise, so a gateway can try others. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<boolean>;
  configure(partial: Partial<FakeWeChatBehaviour>): void;
  /** The current behaviour, rules with their remaining `times`. */
  behaviour(): FakeWeChatBehaviour;
  outbox(query?: OutboxQuery): OutboxEntry[];
  clearOutbox(): void;
  stats(): FakeWeChatStats;
  /** Ends connections held open by 'timeout' rules (call before closing the server). */
  close(): void;
}

const ROUTES: Record<string, WeChatApi | 'token'> = {
  '/cgi-bin/token': 'token',
  '/cgi-bin/message/subscribe/send': 'subscribeMessage.send',
  '/cgi-bin/message/custom/send': 'customerServiceMessage.send',
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const copyRules = (rules: FaultRule[]) => rules.map((r) => ({ ...r, ...(r.match ? { match: { ...r.match } } : {}) }));

function limitFor(config: FakeWeChatBehaviour['rateLimit'], api: WeChatApi): RateLimit | undefined {
  if (!config) return undefined;
  if ('limit' in config && typeof config.limit === 'number') return config as RateLimit;
  return (config as Partial<Record<WeChatApi, RateLimit>>)[api];
}

export function createFakeWeChatApi(options: FakeWeChatApiOptions = {}): FakeWeChatApi {
  const appId = options.appId ?? FAKE_WECHAT_APP_ID;
  const appSecret = options.appSecret ?? FAKE_WECHAT_APP_SECRET;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const validation = {
    openidPattern: options.openidPattern ?? /^[A-Za-z0-9_-]{6,64}$/,
    ...(options.templates ? { templates: options.templates } : {}),
  };
  const behaviour: FakeWeChatBehaviour = {
    latencyMs: options.latencyMs ?? 0,
    jitterMs: options.jitterMs ?? 0,
    rateLimit: options.rateLimit ?? null,
    rules: copyRules(options.rules ?? []),
    hangMs: options.hangMs ?? 30_000,
  };
  const tokens = createTokenStore(now);
  const limiter = createRateLimiter();
  const outbox = createOutbox({
    capacity: options.outboxCapacity ?? 10_000,
    ...(options.outboxFile ? { file: options.outboxFile } : {}),
  });
  const hanging = new Set<() => void>();

  const withRid = (errcode: number, errmsg: string) => (errcode === 0 ? errmsg : `${errmsg} rid: ${newRid(now())}`);

  function serveToken(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams): void {
    const refuse = (errcode: number) => writeWeChatJson(res, { errcode, errmsg: withRid(errcode, errmsgOf(errcode)) });
    const appid = query.get('appid');
    const secret = query.get('secret');
    if (req.method !== 'GET') return refuse(43001);
    if (query.get('grant_type') !== 'client_credential') return refuse(40002);
    if (!appid) return refuse(41002);
    if (!secret) return refuse(41004);
    if (appid !== appId) return refuse(40013);
    if (secret !== appSecret) return refuse(40125);
    writeWeChatJson(res, tokens.issue());
  }

  /** Why WeChat would refuse this token, or null when it is good. */
  function tokenRefusal(token: string | null): Refusal | null {
    const check = tokens.check(token);
    const errcode = { ok: 0, missing: 41001, unknown: 40001, superseded: 40001, expired: 42001 }[check];
    return errcode === 0 ? null : { errcode, errmsg: errmsgOf(errcode) };
  }

  /** Holds the connection without answering until the client gives up, `hangMs` passes, or close(). */
  function hang(res: http.ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        hanging.delete(done);
        res.off('close', done);
        if (!res.destroyed) res.destroy();
        resolve();
      };
      const timer = setTimeout(done, behaviour.hangMs);
      // A held connection must not keep a test process or the emulator alive on its own.
      timer.unref();
      hanging.add(done);
      res.once('close', done);
    });
  }

  async function serveSend(api: WeChatApi, req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams) {
    const at = now();
    const read = await readBody(req);
    // The client hung up mid-request: nobody to answer and nothing WeChat would have sent.
    if (!read.ok && read.reason === 'aborted') return;
    const text = read.ok ? read.text : null;
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(text ?? '');
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      // stays null: answered 44002 or 47001 below, after the token and quota checks WeChat makes first
    }
    const touser = typeof body?.touser === 'string' ? body.touser : null;
    const templateId = typeof body?.template_id === 'string' ? body.template_id : null;

    const finish = async (result: OutboxResult, delay: boolean) => {
      if (delay) {
        const ms = behaviour.latencyMs + (behaviour.jitterMs > 0 ? random() * behaviour.jitterMs : 0);
        if (ms > 0) await sleep(ms);
      }
      if (typeof result.errcode === 'number') {
        const wire = { errcode: result.errcode, errmsg: result.errmsg };
        writeWeChatJson(res, wire, result.msgid);
      }
      // Recorded even when the client already hung up: WeChat sent the message all the same.
      const payload = body ?? text ?? '(body over 1 MiB, discarded)';
      outbox.record({ id: randomUUID(), at, api, touser, payload, result, latencyMs: now() - at });
    };
    const refuse = (r: Refusal, delay = true) => finish({ errcode: r.errcode, errmsg: withRid(r.errcode, r.errmsg) }, delay);

    if (req.method !== 'POST') return refuse({ errcode: 43002, errmsg: errmsgOf(43002) });
    const badToken = tokenRefusal(query.get('access_token'));
    if (badToken) return refuse(badToken);
    const limit = limitFor(behaviour.rateLimit, api);
    // Over quota is answered at once: WeChat refuses before doing any work.
    if (limit && !limiter.take(api, limit, at)) return refuse({ errcode: 45009, errmsg: errmsgOf(45009) }, false);
    if (text !== null && text.trim() === '') return refuse({ errcode: 44002, errmsg: errmsgOf(44002) });
    if (!body) return refuse({ errcode: 47001, errmsg: errmsgOf(47001) });

    const rule = pickRule(behaviour.rules, { api, touser, templateId }, random);
    if (rule?.errcode === 'timeout') {
      await hang(res);
      return finish({ errcode: 'timeout', errmsg: 'no answer (timeout rule)' }, false);
    }
    if (rule && rule.errcode !== 0) return refuse({ errcode: rule.errcode, errmsg: rule.errmsg ?? errmsgOf(rule.errcode) });

    const invalid = api === 'subscribeMessage.send' ? validateSubscribe(body, validation) : validateCustomerService(body, validation);
    if (invalid) return refuse(invalid);
    return finish(api === 'subscribeMessage.send' ? { errcode: 0, errmsg: 'ok', msgid: newMsgid() } : { errcode: 0, errmsg: 'ok' }, true);
  }

  return {
    appId,
    appSecret,
    async handle(req, res, path) {
      const route = ROUTES[path.split('?')[0] ?? ''];
      if (!route) return false;
      const query = new URL(req.url ?? '/', 'http://fake.invalid').searchParams;
      try {
        if (route === 'token') serveToken(req, res, query);
        else await serveSend(route, req, res, query);
      } catch (error) {
        // A bug in the fake must not look like a hung WeChat: answer as WeChat's own failures do.
        console.error('[fake-wechat] handler failed', error);
        writeWeChatJson(res, { errcode: -1, errmsg: withRid(-1, errmsgOf(-1)) });
      }
      return true;
    },
    configure(partial) {
      if (partial.latencyMs !== undefined) behaviour.latencyMs = Math.max(0, partial.latencyMs);
      if (partial.jitterMs !== undefined) behaviour.jitterMs = Math.max(0, partial.jitterMs);
      if (partial.rateLimit !== undefined) behaviour.rateLimit = partial.rateLimit;
      if (partial.rules !== undefined) behaviour.rules = copyRules(partial.rules);
      if (partial.hangMs !== undefined) behaviour.hangMs = Math.max(0, partial.hangMs);
    },
    behaviour() {
      return structuredClone(behaviour);
    },
    outbox: (query) => outbox.list(query),
    clearOutbox: () => outbox.clear(),
    stats: () => ({ ...outbox.stats(), tokensIssued: tokens.issued }),
    close() {
      for (const done of [...hanging]) done();
    },
  };
}
