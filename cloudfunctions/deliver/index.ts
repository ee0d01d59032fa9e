import { DeliverEvent } from '../../core/contracts/notices';
import { runDelivery } from '../../core/delivery/run';
import { defineFunction } from '../../platform/function';

export const main = defineFunction({
  name: 'deliver',
  input: DeliverEvent,
  run: (ctx) => runDelivery(ctx),
});
