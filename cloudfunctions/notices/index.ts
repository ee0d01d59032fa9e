import { NoticesEvent } from '../../core/contracts/notices';
import { byAction } from '../../core/function/by-action';
import { inbox, readNotice } from '../../core/notices/inbox';
import { defineFunction } from '../../platform/function';

export const main = defineFunction({
  name: 'notices',
  input: NoticesEvent,
  run: byAction<NoticesEvent>({
    inbox: (ctx, input) => inbox(ctx, input),
    read: (ctx, input) => readNotice(ctx, input),
  }),
});
