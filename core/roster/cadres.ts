import { requireStaff } from '../actor';
import { COLLECTIONS } from '../collections';
import type { Ctx } from '../function/define';
import { getStudentForStaff } from './students';

export const CADRE_RIGHT_LABELS = { stats: '查看本班通知阅读统计', remind: '提醒本班未读同学', checkin: '组织本班活动签到' } as const;

/**
 * The counselor grants (or, with an empty list, withdraws) rights to a student of their class, who
 * then acts for that class only. The student's identity carries the rights at once.
 */
export async function grantRights(ctx: Ctx, input: { studentNo: string; rights: ('stats' | 'remind' | 'checkin')[] }): Promise<{ studentNo: string; rights: string[] }> {
  requireStaff(ctx.actor);
  const student = await getStudentForStaff(ctx, input.studentNo);
  const rights = [...new Set(input.rights)].sort();
  await ctx.store.update(COLLECTIONS.students, { _id: student._id }, { $set: { rights, updatedAt: ctx.clock.now() } });
  if (student.openid) await ctx.store.update(COLLECTIONS.users, { _id: student.openid, studentNo: student._id }, { $set: { rights } });
  return { studentNo: student._id, rights };
}
