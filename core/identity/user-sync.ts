import { COLLECTIONS } from '../collections';
import type { Ctx } from '../function/define';
import type { StudentDoc } from '../../database-schema/documents';

/** Keeps a bound student's user document in step with their record after a roster change. */
export async function syncStudentUser(ctx: Ctx, student: Pick<StudentDoc, '_id' | 'openid'>, changes: { name?: string; classId?: string }): Promise<void> {
  if (!student.openid) return;
  const set: Record<string, unknown> = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.classId !== undefined) set.classId = changes.classId;
  if (Object.keys(set).length === 0) return;
  await ctx.store.update(COLLECTIONS.users, { _id: student.openid, studentNo: student._id }, { $set: set });
}

/** Adds classes to a teacher, on the record and on the user document of whoever bound it. */
export async function addTeacherClasses(ctx: Ctx, teacherId: string, classIds: string[]): Promise<void> {
  await ctx.store.update(COLLECTIONS.teachers, { _id: teacherId }, { $addToSet: { classIds } });
  await ctx.store.update(COLLECTIONS.users, { teacherId }, { $addToSet: { classIds } });
}
