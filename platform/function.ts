/**
 * The one seam that picks adapters. A cloud function's entry is
 * `export const main = defineFunction({ name, input, run })`: on CloudBase, `main(event, context)`
 * runs with the CloudBase runtime; the emulator calls the same `invoke` with its local ports.
 */
import type { z } from 'zod';
import type { FunctionSpec } from '../core/function/define';
import type { Envelope } from '../core/function/envelope';
import { cloudbaseRuntime } from './cloudbase/runtime';

export type CloudMain = ((event: unknown, context?: unknown) => Promise<Envelope>) & { spec: FunctionSpec };

export function defineFunction<S extends z.ZodType>(spec: FunctionSpec<S>): CloudMain {
  const main = (event: unknown, context?: unknown) => cloudbaseRuntime().invoke(spec as unknown as FunctionSpec, event, context);
  return Object.assign(main, { spec: spec as unknown as FunctionSpec });
}
