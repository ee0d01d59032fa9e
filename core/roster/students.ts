import { canManageClass, isAdmin, requireClass, requireStaff } from '../actor';
import { COLLECTIONS } from '../collections';
import { StudentRow, type ImportResult, type StudentView } from '../contracts/admin';
import type { PageResult } from '../contracts/common';
import { notFound } from '../errors';
import type { Ctx } from '../function/define';
import { decodeCursor, getMany, nextCursorOf } from '../paging';
import { hashIdTail, newSalt } from '../identity/secrets';
import { syncStudentUser } from '../identity/user-sync';
import type { Filter } from '../ports/store';
import type { StudentDoc } from '../../database-schema/documents';
import { getClass, refreshStudentCount } from './classes';
import { studentView } from './views';

/**
 * Imports roster rows into one class. Each row is checked on its own: bad rows are reported with
 * their row number (1-based) and skipped, good rows are created or updated. Re-importing the same
 * file changes nothing, so a retried import is safe.
 */
export async function importStudents(ctx: Ctx, input: { classId: string; rows: unknown[] }): Promise<ImportResult> {
  requireClass(requireStaff(ctx.actor), input.classId);
  await getClass(ctx, input.classId);
  const result: ImportResult = { created: 0, updated: 0, errors: [] };
  const valid = new Map<string, { row: number; data: StudentRow }>();
  input.rows.forEach((raw, index) => {
    const row = index + 1;
    const parsed = StudentRow.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.');
      result.errors.push({ row, code: 'INVALID_INPUT', message: `${field ? `${field}：` : ''}${issue?.message ?? '格式不正确'}` });
    } else if (valid.has(parsed.data.studentNo)) {
      result.errors.push({ row, code: 'CONFLICT', message: `学号 ${parsed.data.studentNo} 与第 ${valid.get(parsed.data.studentNo)!.row} 行重复` });
    } else {
      valid.set(parsed.data.studentNo, { row, data: parsed.data });
    }
  });

  const existing = await getMany<StudentDoc>(ctx.store, COLLECTIONS.students, [...valid.keys()]);
  const now = ctx.clock.now();
  const fresh: StudentDoc[] = [];
  const touchedClasses = new Set([input.classId]);
  for (const [studentNo, { row, data }] of valid) {
    const current = existing.get(studentNo);
    if (!current) {
      const salt = newSalt();
      fresh.push({
        _id: studentNo,
        name: data.name,
        classId: input.classId,
        gender: data.gender ?? 'unknown',
        phone: data.phone ?? null,
        idTailSalt: salt,
        idTailHash: hashIdTail(data.idTail, salt, ctx.config.secret),
        openid: null,
        boundAt: null,
        createdAt: now,
        updatedAt: now,
      });
      continue;
    }
    if (current.classId !== input.classId && !canManageClass(ctx.actor, current.classId)) {
      result.errors.push({ row, code: 'FORBIDDEN', message: `学号 ${studentNo} 已属于其他老师的班级，请联系管理员调整` });
      continue;
    }
    const changes = rowChanges(ctx, current, data, input.classId);
    if (Object.keys(changes).length > 0) {
      await ctx.store.update(COLLECTIONS.students, { _id: studentNo }, { $set: { ...changes, updatedAt: now } });
      await syncStudentUser(ctx, current, changes);
      touchedClasses.add(current.classId);
      result.updated++;
    }
  }
  await ctx.store.insertMany(COLLECTIONS.students, fresh);
  result.created = fresh.length;
  for (const classId of touchedClasses) await refreshStudentCount(ctx, classId);
  return result;
}

/** Only what differs, so an identical re-import writes nothing. */
function rowChanges(ctx: Ctx, current: StudentDoc, data: StudentRow, classId: string): Partial<StudentDoc> {
  const changes: Partial<StudentDoc> = {};
  if (current.name !== data.name) changes.name = data.name;
  if (current.classId !== classId) changes.classId = classId;
  if (data.gender && current.gender !== data.gender) changes.gender = data.gender;
  if (data.phone && current.phone !== data.phone) changes.phone = data.phone;
  if (hashIdTail(data.idTail, current.idTailSalt, ctx.config.secret) !== current.idTailHash) {
    changes.idTailSalt = newSalt();
    changes.idTailHash = hashIdTail(data.idTail, changes.idTailSalt, ctx.config.secret);
  }
  return changes;
}

export async function listStudents(ctx: Ctx, input: { classId?: string; cursor?: string; limit: number }): Promise<PageResult<StudentView>> {
  const actor = requireStaff(ctx.actor);
  let filter: Filter;
  if (input.classId) {
    requireClass(actor, input.classId);
    filter = { classId: input.classId };
  } else if (isAdmin(actor)) {
    filter = {};
  } else {
    filter = { classId: { $in: actor.kind === 'teacher' ? actor.classIds : [] } };
  }
  const after = decodeCursor(input.cursor);
  if (after !== undefined) filter = { $and: [filter, { _id: { $gt: after } }] };
  const docs = await ctx.store.find<StudentDoc>(COLLECTIONS.students, filter, { sort: { _id: 1 }, limit: input.limit });
  return { items: docs.map(studentView), nextCursor: nextCursorOf(docs, input.limit, (d) => d._id) };
}

export async function getStudentForStaff(ctx: Ctx, studentNo: string): Promise<StudentDoc> {
  const student = await ctx.store.get<StudentDoc>(COLLECTIONS.students, studentNo);
  if (!student) throw notFound('学生不存在');
  requireClass(ctx.actor, student.classId);
  return student;
}

export async function updateStudent(
  ctx: Ctx,
  input: { studentNo: string; name?: string; gender?: StudentDoc['gender']; phone?: string | null; classId?: string; idTail?: string },
): Promise<StudentView> {
  requireStaff(ctx.actor);
  const student = await getStudentForStaff(ctx, input.studentNo);
  const changes: Partial<StudentDoc> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.gender !== undefined) changes.gender = input.gender;
  if (input.phone !== undefined) changes.phone = input.phone;
  if (input.classId !== undefined && input.classId !== student.classId) {
    requireClass(ctx.actor, input.classId);
    await getClass(ctx, input.classId);
    changes.classId = input.classId;
  }
  if (input.idTail !== undefined) {
    changes.idTailSalt = newSalt();
    changes.idTailHash = hashIdTail(input.idTail, changes.idTailSalt, ctx.config.secret);
  }
  await ctx.store.update(COLLECTIONS.students, { _id: student._id }, { $set: { ...changes, updatedAt: ctx.clock.now() } });
  await syncStudentUser(ctx, student, changes);
  if (changes.classId) {
    await refreshStudentCount(ctx, student.classId);
    await refreshStudentCount(ctx, changes.classId);
  }
  return studentView({ ...student, ...changes });
}

export async function removeStudent(ctx: Ctx, input: { studentNo: string }): Promise<{ removed: true }> {
  requireStaff(ctx.actor);
  const student = await getStudentForStaff(ctx, input.studentNo);
  if (student.openid) await ctx.store.remove(COLLECTIONS.users, { _id: student.openid, studentNo: student._id });
  await ctx.store.remove(COLLECTIONS.students, { _id: student._id });
  await refreshStudentCount(ctx, student.classId);
  return { removed: true };
}
