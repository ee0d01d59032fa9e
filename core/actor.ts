import type { Ports } from './ports';
import { COLLECTIONS } from './collections';
import { AppError, forbidden } from './errors';
import type { UserDoc } from '../database-schema/documents';

/** Who is calling: resolved on the server from the platform's identity, never from the event. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'unbound'; openid: string }
  | { kind: 'student'; openid: string; studentNo: string; classId: string; name: string; rights: CadreRight[] }
  | { kind: 'teacher'; openid: string; teacherId: string; classIds: string[]; name: string; admin: boolean }
  /** An administrator from FUDAO_ADMIN_OPENIDS who has not bound a teacher record. */
  | { kind: 'admin'; openid: string }
  /** Timers and the platform itself. */
  | { kind: 'system' };

/** What a counselor may grant a class cadre (班干部) for their own class. */
export type CadreRight = 'stats' | 'remind' | 'checkin';

/** A student granted `right`, acting for their own class only. */
export function hasCadreRight(actor: Actor, right: CadreRight, classId: string): boolean {
  return actor.kind === 'student' && actor.rights.includes(right) && actor.classId === classId;
}

export type Identity = { openid?: string; system?: boolean };

export async function resolveActor(ports: Ports, identity: Identity): Promise<Actor> {
  if (identity.system) return { kind: 'system' };
  const openid = identity.openid;
  if (!openid) return { kind: 'anonymous' };
  const isAdmin = ports.config.adminOpenids.has(openid);
  const user = await ports.store.get<UserDoc>(COLLECTIONS.users, openid);
  if (user?.role === 'student') return { kind: 'student', openid, studentNo: user.studentNo, classId: user.classId, name: user.name, rights: user.rights ?? [] };
  if (user?.role === 'teacher') return { kind: 'teacher', openid, teacherId: user.teacherId, classIds: user.classIds, name: user.name, admin: isAdmin };
  if (isAdmin) return { kind: 'admin', openid };
  return { kind: 'unbound', openid };
}

export const isAdmin = (actor: Actor): boolean =>
  actor.kind === 'admin' || actor.kind === 'system' || (actor.kind === 'teacher' && actor.admin);

export type StaffActor = Extract<Actor, { kind: 'teacher' | 'admin' | 'system' }>;

/** Teachers and administrators; everyone else is refused. */
export function requireStaff(actor: Actor): StaffActor {
  if (actor.kind === 'teacher' || actor.kind === 'admin' || actor.kind === 'system') return actor;
  throw refusal(actor, '仅老师可以进行此操作');
}

export function requireAdmin(actor: Actor): StaffActor {
  if (isAdmin(actor)) return actor as StaffActor;
  throw refusal(actor, '仅管理员可以进行此操作');
}

export function requireStudent(actor: Actor): Extract<Actor, { kind: 'student' }> {
  if (actor.kind === 'student') return actor;
  throw refusal(actor, '仅已绑定的学生可以进行此操作');
}

/** The caller may manage this class: an administrator, or one of its teachers. */
export function canManageClass(actor: Actor, classId: string): boolean {
  if (isAdmin(actor)) return true;
  return actor.kind === 'teacher' && actor.classIds.includes(classId);
}

export function requireClass(actor: Actor, classId: string): void {
  if (!canManageClass(actor, classId)) throw forbidden('只能管理自己负责的班级');
}

/** Anonymous or unbound callers learn they must bind; bound ones that they lack the right. */
function refusal(actor: Actor, message: string): AppError {
  if (actor.kind === 'anonymous' || actor.kind === 'unbound') return new AppError('UNAUTHENTICATED');
  return forbidden(message);
}

/**
 * Whose people (names, unread lists, absentees, locations) the caller may see among `classIds`:
 * `null` for all of them (administrators, and the record's owner when one is named), otherwise the
 * classes the caller teaches — or, for a cadre, their own class. Access to the record itself is
 * checked before; this narrows what is listed.
 */
export function visibleClasses(actor: Actor, classIds: string[], owner?: string): string[] | null {
  if (isAdmin(actor) || (owner !== undefined && actor.kind === 'teacher' && actor.openid === owner)) return null;
  if (actor.kind === 'teacher') return classIds.filter((id) => actor.classIds.includes(id));
  if (actor.kind === 'student') return classIds.filter((id) => id === actor.classId);
  return [];
}
