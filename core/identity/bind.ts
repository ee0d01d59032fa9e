import { requireStaff, type Actor } from '../actor';
import { COLLECTIONS } from '../collections';
import type { MeView } from '../contracts/bind';
import { AppError, conflict } from '../errors';
import type { Ctx } from '../function/define';
import { isStoreConflict } from '../ports/store';
import type { ClassDoc, InviteDoc, StudentDoc, TeacherDoc, UserDoc } from '../../database-schema/documents';
import { getStudentForStaff } from '../roster/students';
import { assertNotLocked, recordFailure } from './attempts';
import { verifyIdTail } from './secrets';

function callerOpenid(actor: Actor): string {
  if (actor.kind === 'anonymous' || actor.kind === 'system') throw new AppError('UNAUTHENTICATED', '请在微信中打开后再绑定');
  return actor.openid;
}

/**
 * Binds the caller's WeChat to a student record after checking name and ID tail. One OPENID ↔ one
 * student: the student record is claimed first (conditional on being free), then the user record
 * is created; a retry by the same OPENID finds its own claim and completes.
 */
export async function bindStudent(ctx: Ctx, input: { studentNo: string; name: string; idTail: string }): Promise<MeView> {
  const openid = callerOpenid(ctx.actor);
  const user = await ctx.store.get<UserDoc>(COLLECTIONS.users, openid);
  if (user && !(user.role === 'student' && user.studentNo === input.studentNo)) throw conflict('该微信已绑定其他身份，如需更换请联系辅导员');
  await assertNotLocked(ctx, openid);

  const student = await ctx.store.get<StudentDoc>(COLLECTIONS.students, input.studentNo);
  if (!student || student.name !== input.name || !verifyIdTail(input.idTail, student.idTailSalt, student.idTailHash, ctx.config.secret)) {
    const attemptsLeft = await recordFailure(ctx, openid);
    throw new AppError('NOT_FOUND', `学号、姓名或身份证后六位不匹配，还可尝试 ${attemptsLeft} 次`, { attemptsLeft });
  }
  if (student.openid && student.openid !== openid) throw conflict('该学号已被其他微信绑定，如需换绑请联系辅导员');

  const now = ctx.clock.now();
  if (!student.openid) {
    const claimed = await ctx.store.update(COLLECTIONS.students, { _id: student._id, openid: null }, { $set: { openid, boundAt: now } });
    if (claimed === 0) {
      const again = await ctx.store.get<StudentDoc>(COLLECTIONS.students, student._id);
      if (again?.openid !== openid) throw conflict('该学号已被其他微信绑定，如需换绑请联系辅导员');
    }
  }
  if (!user) {
    try {
      await ctx.store.insert(COLLECTIONS.users, { _id: openid, role: 'student', studentNo: student._id, classId: student.classId, name: student.name, rights: student.rights ?? [], boundAt: now } satisfies UserDoc);
    } catch (error) {
      if (!isStoreConflict(error)) throw error;
      const winner = await ctx.store.get<UserDoc>(COLLECTIONS.users, openid);
      if (!(winner?.role === 'student' && winner.studentNo === student._id)) {
        // This OPENID bound another student at the same moment: give this record back.
        await ctx.store.update(COLLECTIONS.students, { _id: student._id, openid }, { $set: { openid: null, boundAt: null } });
        throw conflict('该微信已绑定其他身份，如需更换请联系辅导员');
      }
    }
  }
  const cls = await ctx.store.get<ClassDoc>(COLLECTIONS.classes, student.classId);
  return { role: 'student', studentNo: student._id, name: student.name, classId: student.classId, className: cls?.name ?? '' };
}

/** Binds the caller as the teacher an invite names; the invite works once and for 7 days. */
export async function bindTeacher(ctx: Ctx, input: { inviteCode: string }): Promise<MeView> {
  const openid = callerOpenid(ctx.actor);
  const teacherId = `t_${input.inviteCode}`;
  const user = await ctx.store.get<UserDoc>(COLLECTIONS.users, openid);
  if (user && !(user.role === 'teacher' && user.teacherId === teacherId)) throw conflict('该微信已绑定其他身份');
  await assertNotLocked(ctx, openid);

  const invite = await ctx.store.get<InviteDoc>(COLLECTIONS.invites, input.inviteCode);
  const now = ctx.clock.now();
  if (!invite || invite.expiresAt <= now) {
    const attemptsLeft = await recordFailure(ctx, openid);
    throw new AppError('NOT_FOUND', `邀请码无效或已过期，还可尝试 ${attemptsLeft} 次`, { attemptsLeft });
  }
  if (invite.usedBy && invite.usedBy !== openid) throw conflict('邀请码已被使用，请联系管理员重新生成');
  if (!invite.usedBy) {
    const claimed = await ctx.store.update(COLLECTIONS.invites, { _id: invite._id, usedBy: null }, { $set: { usedBy: openid, usedAt: now } });
    if (claimed === 0 && (await ctx.store.get<InviteDoc>(COLLECTIONS.invites, invite._id))?.usedBy !== openid) {
      throw conflict('邀请码已被使用，请联系管理员重新生成');
    }
  }
  const teacher: TeacherDoc = { _id: teacherId, name: invite.name, classIds: invite.classIds, openid, createdAt: now };
  await ctx.store.insertMany(COLLECTIONS.teachers, [teacher]);
  if (!user) await ctx.store.insertMany(COLLECTIONS.users, [{ _id: openid, role: 'teacher', teacherId, classIds: invite.classIds, name: invite.name, boundAt: now } satisfies UserDoc]);
  return { role: 'teacher', teacherId, name: invite.name, classIds: invite.classIds, admin: ctx.config.adminOpenids.has(openid) };
}

export async function me(ctx: Ctx): Promise<MeView> {
  const actor = ctx.actor;
  switch (actor.kind) {
    case 'student': {
      const cls = await ctx.store.get<ClassDoc>(COLLECTIONS.classes, actor.classId);
      return { role: 'student', studentNo: actor.studentNo, name: actor.name, classId: actor.classId, className: cls?.name ?? '' };
    }
    case 'teacher':
      return { role: 'teacher', teacherId: actor.teacherId, name: actor.name, classIds: actor.classIds, admin: actor.admin };
    case 'admin':
      return { role: 'admin' };
    case 'unbound':
      return { role: 'unbound' };
    default:
      return { role: 'anonymous' };
  }
}

/** Frees a student record so the student can bind another WeChat (a lost phone, a new account). */
export async function unbindStudent(ctx: Ctx, input: { studentNo: string }): Promise<{ unbound: boolean }> {
  requireStaff(ctx.actor);
  const student = await getStudentForStaff(ctx, input.studentNo);
  if (!student.openid) return { unbound: false };
  await ctx.store.update(COLLECTIONS.students, { _id: student._id }, { $set: { openid: null, boundAt: null } });
  await ctx.store.remove(COLLECTIONS.users, { _id: student.openid, studentNo: student._id });
  return { unbound: true };
}
