import { AdminEvent } from '../../core/contracts/admin';
import { byAction } from '../../core/function/by-action';
import { createClass, listClasses } from '../../core/roster/classes';
import { grantRights } from '../../core/roster/cadres';
import { createTeacherInvite } from '../../core/roster/invites';
import { importStudents, listStudents, removeStudent, updateStudent } from '../../core/roster/students';
import { defineFunction } from '../../platform/function';

export const main = defineFunction({
  name: 'admin',
  input: AdminEvent,
  run: byAction<AdminEvent>({
    createClass: (ctx, { action, ...input }) => createClass(ctx, input),
    listClasses: (ctx) => listClasses(ctx),
    importStudents: (ctx, input) => importStudents(ctx, input),
    listStudents: (ctx, input) => listStudents(ctx, input),
    updateStudent: (ctx, input) => updateStudent(ctx, input),
    removeStudent: (ctx, input) => removeStudent(ctx, input),
    createTeacherInvite: (ctx, input) => createTeacherInvite(ctx, input),
    grantRights: (ctx, input) => grantRights(ctx, input),
  }),
});
