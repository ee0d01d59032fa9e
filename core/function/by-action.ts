import type { Ctx } from './define';

type Handlers<E extends { action: string }> = { [K in E['action']]: (ctx: Ctx, input: Extract<E, { action: K }>) => Promise<unknown> };

/** Routes an event to the handler of its `action` (the schema has already checked the action). */
export function byAction<E extends { action: string }>(handlers: Handlers<E>) {
  return (ctx: Ctx, input: E): Promise<unknown> => {
    const handler = handlers[input.action as E['action']] as (ctx: Ctx, input: E) => Promise<unknown>;
    return handler(ctx, input);
  };
}
