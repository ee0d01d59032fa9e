import { PushNoticeEvent } from '../../core/contracts/notices';
import { byAction } from '../../core/function/by-action';
import { createNotice } from '../../core/notices/push';
import { defineFunction } from '../../platform/function';

export const main = defineFunction({
  name: 'pushNotice',
  input: PushNoticeEvent,
  run: byAction<PushNoticeEvent>({
    create: (ctx, input) => createNotice(ctx, input),
  }),
});
