import type { ClassView, StudentView } from '../contracts/admin';
import type { ClassDoc, StudentDoc } from '../../database-schema/documents';

export const studentView = (s: StudentDoc): StudentView => ({
  studentNo: s._id,
  name: s.name,
  classId: s.classId,
  gender: s.gender,
  phone: s.phone,
  bound: s.openid !== null,
  boundAt: s.boundAt,
});

export const classView = (c: ClassDoc): ClassView => ({
  classId: c._id,
  name: c.name,
  grade: c.grade,
  major: c.major,
  studentCount: c.studentCount,
});
