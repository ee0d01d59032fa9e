import { StatsEvent } from '../../core/contracts/notices';
import { byAction } from '../../core/function/by-action';
import { noticeStats, recountNotice, unreadStudents } from '../../core/stats/notice-stats';
import { defineFunction } from '../../platform/function';

export const main = defineFunction({
  name: 'stats',
  input: StatsEvent,
  run: byAction<StatsEvent>({
    notice: (ctx, input) => noticeStats(ctx, input),
    unread: (ctx, input) => unreadStudents(ctx, input),
    recount: (ctx, input) => recountNotice(ctx, input),
  }),
});
