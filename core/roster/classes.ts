import { isAdmin, requireStaff } from '../actor';
import { COLLECTIONS } from '../collections';
import type { ClassView } from '../contracts/admin';
import { notFound } from '../errors';
import type { Ctx } from '../function/define';
import { getMany, scanById } from '../paging';
import type { ClassDoc } from '../../database-schema/documents';
import { addTeacherClasses } from '../identity/user-sync';
import { classView } from './views';

export async function createClass(ctx: Ctx, input: { name: string; grade: string; major: string }): Promise<{ classId: string }> {
  const actor = requireStaff(ctx.actor);
  const classId = ctx.ids.random();
  const doc: ClassDoc = {
    _id: classId,
    ...input,
    studentCount: 0,
    createdBy: actor.kind === 'system' ? 'system' : actor.openid,
    createdAt: ctx.clock.now(),
  };
  await ctx.store.insert(COLLECTIONS.classes, doc);
  // A teacher who creates a class becomes one of its teachers.
  if (actor.kind === 'teacher') await addTeacherClasses(ctx, actor.teacherId, [classId]);
  return { classId };
}

export async function listClasses(ctx: Ctx): Promise<{ items: ClassView[] }> {
  const actor = requireStaff(ctx.actor);
  const items: ClassView[] = [];
  if (isAdmin(actor)) {
    for await (const page of scanById<ClassDoc>(ctx.store, COLLECTIONS.classes, {})) items.push(...page.map(classView));
  } else if (actor.kind === 'teacher') {
    const found = await getMany<ClassDoc>(ctx.store, COLLECTIONS.classes, actor.classIds);
    items.push(...[...found.values()].map(classView));
  }
  return { items };
}

export async function getClass(ctx: Ctx, classId: string): Promise<ClassDoc> {
  const doc = await ctx.store.get<ClassDoc>(COLLECTIONS.classes, classId);
  if (!doc) throw notFound('班级不存在');
  return doc;
}

/** The class's student count is a counter shown to people: recomputed from the roster, never guessed. */
export async function refreshStudentCount(ctx: Ctx, classId: string): Promise<void> {
  const studentCount = await ctx.store.count(COLLECTIONS.students, { classId });
  await ctx.store.update(COLLECTIONS.classes, { _id: classId }, { $set: { studentCount } });
}
