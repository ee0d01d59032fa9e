import { canManageClass, requireStaff } from '../actor';
import { COLLECTIONS } from '../collections';
import { forbidden, notFound } from '../errors';
import type { Ctx } from '../function/define';
import { getMany } from '../paging';
import { newInviteCode } from '../identity/secrets';
import { isStoreConflict } from '../ports/store';
import type { ClassDoc, InviteDoc } from '../../database-schema/documents';

export const INVITE_TTL_MS = 7 * 24 * 3600_000;

/** A one-time code a new teacher enters in the mini-program to become teacher of these classes. */
export async function createTeacherInvite(ctx: Ctx, input: { name: string; classIds: string[] }): Promise<{ inviteCode: string; expiresAt: number }> {
  const actor = requireStaff(ctx.actor);
  const classIds = [...new Set(input.classIds)];
  // Teachers may invite colleagues to their own classes only; administrators to any.
  if (!classIds.every((id) => canManageClass(actor, id))) {
    throw forbidden('只能邀请老师加入自己负责的班级');
  }
  const classes = await getMany<ClassDoc>(ctx.store, COLLECTIONS.classes, classIds);
  const missing = classIds.filter((id) => !classes.has(id));
  if (missing.length > 0) throw notFound(`班级不存在：${missing.join('、')}`);

  const now = ctx.clock.now();
  for (let attempt = 0; ; attempt++) {
    const invite: InviteDoc = {
      _id: newInviteCode(),
      name: input.name,
      classIds,
      createdBy: actor.kind === 'system' ? 'system' : actor.openid,
      createdAt: now,
      expiresAt: now + INVITE_TTL_MS,
      usedBy: null,
      usedAt: null,
    };
    try {
      await ctx.store.insert(COLLECTIONS.invites, invite);
      return { inviteCode: invite._id, expiresAt: invite.expiresAt };
    } catch (error) {
      // 31^8 codes make a collision rare; a few retries make it harmless.
      if (!isStoreConflict(error) || attempt >= 4) throw error;
    }
  }
}
