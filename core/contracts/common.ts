/** Field schemas shared by every function's contract: one definition of each limit. */
import { z } from 'zod';

/** Ids compose into deterministic ids with ':' — so no ':' inside one. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ID 只能包含字母、数字、下划线和连字符');
export const StudentNo = z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, '学号只能包含字母、数字、下划线和连字符，最多 32 位');
export const PersonName = z.string().trim().min(1, '姓名不能为空').max(32, '姓名最多 32 个字');
/** The last six characters of the ID number (the last one may be X). */
export const IdTail = z.string().trim().regex(/^\d{5}[\dXx]$/, '身份证后六位应为 6 位数字（最后一位可为 X）').transform((s) => s.toUpperCase());
export const Gender = z.enum(['male', 'female', 'unknown']);
export const Phone = z.string().trim().regex(/^1\d{10}$/, '手机号应为 11 位数字');
export const ShortText = z.string().trim().min(1, '不能为空').max(64, '最多 64 个字');
export const Cursor = z.string().max(512);
export const PageLimit = z.number().int().min(1).max(100).default(20);
export const InviteCode = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{8}$/, '邀请码应为 8 位字母或数字');

export const Page = { cursor: Cursor.optional(), limit: PageLimit };

export interface PageResult<T> {
  items: T[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/**
 * What a timer trigger becomes: `invoke` turns CloudBase's `{Type: 'Timer'}` event into this when,
 * and only when, the platform vouches that the caller is a timer.
 */
export const TimerAction = z.object({ action: z.literal('timer'), trigger: z.string().max(64).optional() });
