import { z } from 'zod';
import { Gender, Id, Page, PersonName, Phone, ShortText, StudentNo } from './common';

/** One roster row as imported: checked row by row so that bad rows are reported, good rows kept. */
export const StudentRow = z.object({
  studentNo: StudentNo,
  name: PersonName,
  idTail: z.string().trim().regex(/^\d{5}[\dXx]$/, '身份证后六位应为 6 位数字（最后一位可为 X）').transform((s) => s.toUpperCase()),
  gender: Gender.optional(),
  phone: Phone.optional(),
});
export type StudentRow = z.infer<typeof StudentRow>;

export const MAX_IMPORT_ROWS = 5000;

export const AdminEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal('createClass'), name: ShortText, grade: z.string().trim().min(1).max(16), major: ShortText }),
  z.object({ action: z.literal('listClasses') }),
  z.object({
    action: z.literal('importStudents'),
    classId: Id,
    // Rows are validated one by one in the service, so one bad row does not refuse the file.
    rows: z.array(z.unknown()).min(1, '至少需要一行').max(MAX_IMPORT_ROWS, `一次最多导入 ${MAX_IMPORT_ROWS} 行`),
  }),
  z.object({ action: z.literal('listStudents'), classId: Id.optional(), ...Page }),
  z.object({
    action: z.literal('updateStudent'),
    studentNo: StudentNo,
    name: PersonName.optional(),
    gender: Gender.optional(),
    phone: Phone.nullable().optional(),
    classId: Id.optional(),
    idTail: StudentRow.shape.idTail.optional(),
  }),
  z.object({ action: z.literal('removeStudent'), studentNo: StudentNo }),
  z.object({ action: z.literal('createTeacherInvite'), name: PersonName, classIds: z.array(Id).min(1).max(50) }),
  z.object({ action: z.literal('grantRights'), studentNo: StudentNo, rights: z.array(z.enum(['stats', 'remind', 'checkin'])).max(3) }),
]);
export type AdminEvent = z.infer<typeof AdminEvent>;

export interface ImportResult {
  created: number;
  updated: number;
  errors: { row: number; code: string; message: string }[];
}

export interface StudentView {
  studentNo: string;
  name: string;
  classId: string;
  gender: 'male' | 'female' | 'unknown';
  phone: string | null;
  bound: boolean;
  boundAt: number | null;
}

export interface ClassView {
  classId: string;
  name: string;
  grade: string;
  major: string;
  studentCount: number;
}
