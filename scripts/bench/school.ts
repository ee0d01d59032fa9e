/** A large school for the benchmarks, made through the functions' own services. */
import { COLLECTIONS } from '../../core/collections';
import type { Emulator } from '../../platform/local/emulator';

export const BENCH_ADMIN = 'bench-admin-openid';
export const BENCH_TEACHER = 'bench-teacher-openid';

export async function bigSchool(emulator: Emulator, students: number, perClass = 400): Promise<{ classIds: string[] }> {
  const admin = { openid: BENCH_ADMIN };
  const ok = async <T>(name: string, event: object, identity: object = admin): Promise<T> => {
    const res = await emulator.call(name, event, identity);
    if (!res.ok) throw new Error(`${name}: ${res.error.code} ${res.error.message}`);
    return res.data as T;
  };
  const classIds: string[] = [];
  for (let c = 0; c * perClass < students; c++) {
    const { classId } = await ok<{ classId: string }>('admin', { action: 'createClass', name: `压测${c}班`, grade: '2024', major: '压测' });
    classIds.push(classId);
    const rows = Array.from({ length: Math.min(perClass, students - c * perClass) }, (_, i) => ({
      studentNo: `B${String(c).padStart(3, '0')}${String(i).padStart(4, '0')}`,
      name: `压测学生${i}`,
      idTail: '123456',
    }));
    await ok('admin', { action: 'importStudents', classId, rows });
  }
  const { inviteCode } = await ok<{ inviteCode: string }>('admin', { action: 'createTeacherInvite', name: '压测老师', classIds });
  await ok('bind', { action: 'teacher', inviteCode }, { openid: BENCH_TEACHER });
  return { classIds };
}

/** Marks the first `n` students of the given classes as bound (setup only: binding is not measured). */
export async function bindStudents(emulator: Emulator, classIds: string[], n: number): Promise<void> {
  let done = 0;
  for (const classId of classIds) {
    const page = await emulator.store.find(COLLECTIONS.students, { classId }, { limit: 100, sort: { _id: 1 } });
    for (const s of page) {
      if (done >= n) return;
      await emulator.store.update(COLLECTIONS.students, { _id: s._id }, { $set: { openid: `bench-${s._id}`, boundAt: Date.now() } });
      done++;
    }
  }
}
