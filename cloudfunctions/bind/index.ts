import { BindEvent } from '../../core/contracts/bind';
import { byAction } from '../../core/function/by-action';
import { bindStudent, bindTeacher, me, unbindStudent } from '../../core/identity/bind';
import { defineFunction } from '../../platform/function';

export const main = defineFunction({
  name: 'bind',
  input: BindEvent,
  run: byAction<BindEvent>({
    student: (ctx, input) => bindStudent(ctx, input),
    teacher: (ctx, input) => bindTeacher(ctx, input),
    me: (ctx) => me(ctx),
    unbind: (ctx, input) => unbindStudent(ctx, input),
  }),
});
