import { z } from 'zod';
import { defineFunction } from '../../platform/function';

/** Answers at once: lets a client check it reaches the back end, and measures the gateway itself. */
export const main = defineFunction({
  name: 'ping',
  input: z.object({}),
  run: async (ctx) => ({ pong: true, at: ctx.clock.now() }),
});
