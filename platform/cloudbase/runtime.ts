/**
 * The CloudBase runtime: ports over wx-server-sdk, the caller from `getWXContext()`. Built once per
 * container, on the first call, so importing a function never touches the SDK.
 */
import * as cloud from 'wx-server-sdk';
import type { Ports } from '../../core/ports';
import { configFromEnv } from '../config';
import { isTimerEvent } from '../../core/function/timer-event';
import { randomIds, runtimeOf, systemClock, type FunctionRuntime } from '../runtime';
import { createCloudbaseFiles } from './files';
import { createCloudbaseStore } from './store';
import { createCloudbaseWeChat } from './wechat';

let runtime: FunctionRuntime | undefined;

/** A timer trigger, or another of our functions (`scf`), is the system. */
const TRUSTED_SOURCES = new Set(['wx_trigger', 'scf']);
const CLIENT_SOURCES = new Set(['wx_client', 'wx_devtools', 'wx_http', 'wx_localdebug', 'wx_unknown']);

export function cloudbaseRuntime(): FunctionRuntime {
  if (runtime) return runtime;
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  const ports: Ports = {
    store: createCloudbaseStore(cloud.database()),
    wechat: createCloudbaseWeChat(cloud.openapi),
    files: createCloudbaseFiles(cloud),
    clock: systemClock,
    ids: randomIds,
    tasks: {
      // callFunction returns when the callee finishes; the callee runs on regardless, so the
      // caller waits only long enough for the request to leave.
      async kick(name, event) {
        const call = Promise.resolve(cloud.callFunction({ name, data: event } as never)).catch(() => undefined);
        await Promise.race([call, systemClock.sleep(300)]);
      },
    },
    config: configFromEnv(process.env),
    // A CloudBase function is not shut down from inside: its timeout is the limit.
    shutdown: new AbortController().signal,
  };
  runtime = runtimeOf(ports, (event, context) => {
    const { OPENID, SOURCE } = cloud.getWXContext() as { OPENID?: string; SOURCE?: string };
    const requestId = (context as { request_id?: string } | undefined)?.request_id;
    // SOURCE is the platform's call chain ("wx_client,scf"): a client cannot forge it.
    const source = (SOURCE ?? '').split(',').pop() ?? '';
    if (TRUSTED_SOURCES.has(source)) return { system: true, requestId };
    if (OPENID) return { openid: OPENID, requestId };
    return { system: isTimerEvent(event) && !CLIENT_SOURCES.has(source), requestId };
  });
  return runtime;
}
