import { isAdmin, type Actor } from '../actor';
import { COLLECTIONS } from '../collections';
import { forbidden, notFound } from '../errors';
import type { Ctx } from '../function/define';
import type { NoticeDoc } from '../../database-schema/documents';

/** The teachers of a notice: its author, teachers of a class it reached, and administrators. */
export function isNoticeStaff(actor: Actor, notice: NoticeDoc): boolean {
  if (isAdmin(actor)) return true;
  if (actor.kind !== 'teacher') return false;
  return notice.authorOpenid === actor.openid || notice.classIds.some((id) => actor.classIds.includes(id));
}

export async function getPublishedNotice(ctx: Ctx, noticeId: string): Promise<NoticeDoc> {
  const notice = await ctx.store.get<NoticeDoc>(COLLECTIONS.notices, noticeId);
  if (!notice || notice.status !== 'published') throw notFound('通知不存在或已撤回');
  return notice;
}

/** Loads a notice for its staff; anyone else is refused. */
export async function getNoticeForStaff(ctx: Ctx, noticeId: string): Promise<NoticeDoc> {
  const notice = await getPublishedNotice(ctx, noticeId);
  if (!isNoticeStaff(ctx.actor, notice)) throw forbidden('只有发布通知的老师、相关班级老师或管理员可以查看');
  return notice;
}
