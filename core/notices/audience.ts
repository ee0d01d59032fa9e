import { canManageClass, isAdmin, requireClass, type StaffActor } from '../actor';
import { COLLECTIONS } from '../collections';
import type { Audience } from '../contracts/notices';
import { forbidden, invalid, notFound } from '../errors';
import type { Ctx } from '../function/define';
import { getMany, scanById } from '../paging';
import type { ClassDoc, StudentDoc } from '../../database-schema/documents';

export interface Recipient {
  studentNo: string;
  classId: string;
  openid: string | null;
}

/**
 * Resolves an audience into recipients, each once, checking on the way that the caller may reach
 * every class and student named. `all` means the whole school for administrators and all of their
 * own classes for teachers.
 */
export async function resolveAudience(ctx: Ctx, actor: StaffActor, audience: Audience): Promise<Recipient[]> {
  const classIds = new Set(audience.classIds ?? []);
  let wholeSchool = false;
  if (audience.all) {
    if (isAdmin(actor)) wholeSchool = true;
    else if (actor.kind === 'teacher') actor.classIds.forEach((id) => classIds.add(id));
  }
  for (const classId of classIds) requireClass(actor, classId);
  if (!wholeSchool && classIds.size > 0) {
    const found = await getMany<ClassDoc>(ctx.store, COLLECTIONS.classes, [...classIds]);
    const missing = [...classIds].filter((id) => !found.has(id));
    if (missing.length) throw notFound(`班级不存在：${missing.join('、')}`);
  }

  const recipients = new Map<string, Recipient>();
  const add = (s: StudentDoc) => recipients.set(s._id, { studentNo: s._id, classId: s.classId, openid: s.openid });
  if (wholeSchool) {
    for await (const page of scanById<ClassDoc>(ctx.store, COLLECTIONS.classes, {})) page.forEach((c) => classIds.add(c._id));
  }
  // Class by class: each page is served by the classId index and costs the same however big the school.
  for (const classId of classIds) {
    for await (const page of scanById<StudentDoc>(ctx.store, COLLECTIONS.students, { classId })) page.forEach(add);
  }
  const named = audience.studentNos ?? [];
  if (named.length > 0) {
    const found = await getMany<StudentDoc>(ctx.store, COLLECTIONS.students, named);
    const missing = named.filter((no) => !found.has(no));
    if (missing.length) throw invalid(`学号不存在：${missing.slice(0, 10).join('、')}${missing.length > 10 ? ' 等' : ''}`, { missing });
    for (const student of found.values()) {
      if (!canManageClass(actor, student.classId)) {
        throw forbidden(`学生 ${student._id} 不在你负责的班级`);
      }
      add(student);
    }
  }
  return [...recipients.values()];
}
