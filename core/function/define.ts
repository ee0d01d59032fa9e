import { z } from 'zod';
import { resolveActor, type Actor, type Identity } from '../actor';
import { AppError } from '../errors';
import type { Ports } from '../ports';
import type { Envelope } from './envelope';
import { isTimerEvent } from './timer-event';

// People read validation messages: zod speaks Chinese everywhere in the project.
z.config(z.locales.zhCN());

/** Everything a function's `run` may use: the ports, the resolved caller and a request id. */
export interface Ctx extends Ports {
  actor: Actor;
  requestId: string;
}

export interface FunctionSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  input: S;
  run(ctx: Ctx, input: z.output<S>): Promise<unknown>;
}

/** Fields the platform adds to every event (the mini-program's `userInfo`), never input. */
const PLATFORM_FIELDS = ['userInfo'];

/**
 * The one path every call takes, on CloudBase and in the emulator alike:
 * validate → resolve the caller → run → envelope. Bad input never reaches `run`, so it writes nothing.
 */
export async function invoke(spec: FunctionSpec, event: unknown, identity: Identity, ports: Ports, requestId: string): Promise<Envelope> {
  try {
    const parsed = spec.input.safeParse(timerAsAction(withoutPlatformFields(event), identity));
    if (!parsed.success) return failure(invalidInput(parsed.error), requestId);
    const actor = await resolveActor(ports, identity);
    const data = await spec.run({ ...ports, actor, requestId }, parsed.data);
    return { ok: true, data: data ?? null };
  } catch (error) {
    if (error instanceof AppError) return failure(error, requestId);
    console.error(`[${spec.name}] request ${requestId} failed:`, error);
    return failure(new AppError('INTERNAL'), requestId);
  }
}

function withoutPlatformFields(event: unknown): unknown {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return event;
  const copy: Record<string, unknown> = { ...(event as Record<string, unknown>) };
  for (const field of PLATFORM_FIELDS) delete copy[field];
  return copy;
}

/** A timer's event, when the platform vouches for it, becomes the function's `timer` action. */
function timerAsAction(event: unknown, identity: Identity): unknown {
  if (!identity.system || !isTimerEvent(event)) return event;
  const trigger = event.TriggerName;
  return { action: 'timer', ...(typeof trigger === 'string' ? { trigger } : {}) };
}

function invalidInput(error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = issues[0];
  const where = first?.path ? `${first.path}：` : '';
  return new AppError('INVALID_INPUT', `输入有误：${where}${first?.message ?? '格式不正确'}`, { issues });
}

function failure(error: AppError, requestId: string): Envelope {
  const body: { code: AppError['code']; message: string; details?: Record<string, unknown> } = { code: error.code, message: error.message };
  if (error.details) body.details = error.details;
  return { ok: false, error: body, requestId };
}
