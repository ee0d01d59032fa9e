/**
 * The local CloudBase emulator: one process serving every function through the same `invoke` path
 * as CloudBase, over an embedded store on disk, a fake WeChat API, a file store and the timers of
 * each function's config.json. Services start in order and stop in the reverse order.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Identity } from '../../core/actor';
import type { Envelope } from '../../core/function/envelope';
import type { Ports } from '../../core/ports';
import { configFromEnv } from '../config';
import type { CloudMain } from '../function';
import { randomIds, runtimeOf, systemClock, type FunctionRuntime } from '../runtime';
import { createLocalFiles } from './files';
import { CLOUDFUNCTIONS_DIR, loadFunctions } from './functions';
import { createGateway } from './gateway';
import { localSecret } from './secret';
import { createLocalStore, type LocalStore } from './store/nedb-store';
import { BackgroundTasks } from './tasks';
import { createScheduler } from './timers/scheduler';
import { loadTimerTriggers } from './timers/triggers';
import { createFakeWeChatApi, createHttpWeChat, type FakeWeChatApi, type FakeWeChatApiOptions } from './wechat';
import { MEETING_TEMPLATE_KEYWORDS, NOTICE_TEMPLATE_KEYWORDS } from '../../core/delivery/message';

export interface EmulatorOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Default `.data/` under the repository, or FUDAO_DATA_DIR. */
  dataDir?: string;
  /** Environment read for settings (FUDAO_ADMIN_OPENIDS, FUDAO_SECRET, ...). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Start timers from config.json (default true). */
  timers?: boolean;
  /** Behaviour of the fake WeChat API at start (latency, rate limit, rules). */
  wechat?: Partial<FakeWeChatApiOptions>;
}

export interface Emulator {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly store: LocalStore;
  readonly wechat: FakeWeChatApi;
  readonly ports: Ports;
  readonly functions: ReadonlyMap<string, CloudMain>;
  /** Calls a function as the gateway does, with this identity. */
  call(name: string, event: unknown, identity?: Identity): Promise<Envelope>;
  /** Resolves when no background work (deliveries kicked by a push, timer runs) is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_DATA_DIR = resolve(import.meta.dirname, '..', '..', '.data');

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const env = options.env ?? process.env;
  const dataDir = resolve(options.dataDir ?? env.FUDAO_DATA_DIR ?? DEFAULT_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const shutdown = new AbortController();

  // Listen first: the WeChat client and signed file URLs need the address.
  let handle: RequestListener = (_req, res) => res.writeHead(503).end();
  const server: Server = createServer((req, res) => handle(req, res));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? Number(env.PORT ?? 8787), options.host ?? '127.0.0.1', resolveListen);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const store = createLocalStore(dataDir);
  const config = configFromEnv(env, localSecret(dataDir));
  const wechat = createFakeWeChatApi({
    latencyMs: 20,
    outboxFile: join(dataDir, 'wechat-outbox.jsonl'),
    templates: { [config.noticeTemplateId]: NOTICE_TEMPLATE_KEYWORDS, [config.meetingTemplateId]: MEETING_TEMPLATE_KEYWORDS },
    ...options.wechat,
  });
  const files = createLocalFiles(dataDir, config.secret, () => url);
  const functions = await loadFunctions(CLOUDFUNCTIONS_DIR);
  const background = new BackgroundTasks(async (name, event) => {
    await call(name, event, { system: true });
  });

  const ports: Ports = {
    store,
    // The WeChat port talks HTTP to the fake, exactly as it would to api.weixin.qq.com.
    wechat: createHttpWeChat({ baseUrl: `${url}/wx-api`, appId: wechat.appId, appSecret: wechat.appSecret }),
    files,
    clock: systemClock,
    ids: randomIds,
    tasks: {
      async kick(name, event) {
        if (!shutdown.signal.aborted) background.kick(name, event);
      },
    },
    config,
    shutdown: shutdown.signal,
  };
  const runtime: FunctionRuntime = runtimeOf(ports, (_event, context) => context as Identity);

  async function call(name: string, event: unknown, identity: Identity = {}): Promise<Envelope> {
    const main = functions.get(name);
    if (!main) return { ok: false, error: { code: 'NOT_FOUND', message: `云函数不存在：${name}` } };
    return runtime.invoke(main.spec, event, identity);
  }

  const triggers = options.timers === false ? [] : await loadTimerTriggers(CLOUDFUNCTIONS_DIR);
  const scheduler = createScheduler({
    triggers,
    fire: (trigger, firedAt) => call(trigger.functionName, { Type: 'Timer', TriggerName: trigger.name, Time: new Date(firedAt).toISOString() }, { system: true }),
    onError: (trigger, error) => console.error(`[timer] ${trigger.functionName}/${trigger.name}:`, error),
  });

  const gateway = createGateway({
    functionNames: () => [...functions.keys()],
    callFunction: (name, event, openid) => (functions.has(name) ? call(name, event, openid ? { openid } : {}) : Promise.resolve(null)),
    store,
    wechat,
    files,
    info: () => ({ dataDir, timers: scheduler.info() }),
  });
  handle = (req, res) => void gateway(req, res);
  scheduler.start();

  return {
    url,
    port,
    dataDir,
    store,
    wechat,
    ports,
    functions,
    call,
    idle: () => background.idle(),
    async stop() {
      shutdown.abort();
      await scheduler.stop();
      await background.idle();
      wechat.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await store.close();
    },
  };
}
