import { z } from 'zod';
import { IdTail, InviteCode, PersonName, StudentNo } from './common';

export const BindEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal('student'), studentNo: StudentNo, name: PersonName, idTail: IdTail }),
  z.object({ action: z.literal('teacher'), inviteCode: InviteCode }),
  z.object({ action: z.literal('me') }),
  z.object({ action: z.literal('unbind'), studentNo: StudentNo }),
]);
export type BindEvent = z.infer<typeof BindEvent>;

export type MeView =
  | { role: 'anonymous' | 'unbound' }
  | { role: 'student'; studentNo: string; name: string; classId: string; className: string }
  | { role: 'teacher'; teacherId: string; name: string; classIds: string[]; admin: boolean }
  | { role: 'admin' };
