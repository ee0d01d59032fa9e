/**
 * The demo school seeded on first start, made through the functions themselves (not written to the
 * store directly) so a newcomer sees the real thing: one counselor, 3 classes, 120 students of
 * whom 90 have bound WeChat, a few notices, some read.
 */
import type { Envelope } from '../../core/function/envelope';
import { COLLECTIONS } from '../../core/collections';
import type { Emulator } from './emulator';

export const DEMO = {
  admin: 'demo-admin',
  teacher: 'demo-teacher',
  student: (i: number) => `demo-student-${String(i).padStart(3, '0')}`,
  studentNo: (classIndex: number, i: number) => `2024${classIndex + 1}${String(i).padStart(3, '0')}`,
  idTail: (i: number) => `${String(100000 + i * 7).slice(-5)}${i % 10 === 0 ? 'X' : String(i % 10)}`,
  classes: [
    { name: '计算机2401班', grade: '2024', major: '计算机科学与技术' },
    { name: '计算机2402班', grade: '2024', major: '计算机科学与技术' },
    { name: '软件工程2401班', grade: '2024', major: '软件工程' },
  ],
};

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚'];

function unwrap<T>(envelope: Envelope, what: string): T {
  if (!envelope.ok) throw new Error(`seed: ${what} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.data as T;
}

export async function isSeeded(emulator: Emulator): Promise<boolean> {
  return (await emulator.store.get(COLLECTIONS.meta, 'seed')) !== null || (await emulator.store.count(COLLECTIONS.students, {})) > 0;
}

export async function seedDemoSchool(emulator: Emulator): Promise<void> {
  const system = { system: true };
  const classIds: string[] = [];
  for (const cls of DEMO.classes) classIds.push(unwrap<{ classId: string }>(await emulator.call('admin', { action: 'createClass', ...cls }, system), 'createClass').classId);

  const { inviteCode } = unwrap<{ inviteCode: string }>(await emulator.call('admin', { action: 'createTeacherInvite', name: '陈老师', classIds }, system), 'invite');
  unwrap(await emulator.call('bind', { action: 'teacher', inviteCode }, { openid: DEMO.teacher }), 'bind teacher');

  let n = 0;
  let bound = 0;
  for (const [c, classId] of classIds.entries()) {
    const rows = Array.from({ length: 40 }, (_, i) => {
      const k = n + i + 1;
      return { studentNo: DEMO.studentNo(c, i + 1), name: `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7) % GIVEN.length]}`, idTail: DEMO.idTail(k), gender: k % 2 ? 'male' : 'female' };
    });
    unwrap(await emulator.call('admin', { action: 'importStudents', classId, rows }, { openid: DEMO.teacher }), 'import');
    // Thirty of every forty have bound their WeChat.
    for (const row of rows.slice(0, 30)) {
      unwrap(await emulator.call('bind', { action: 'student', studentNo: row.studentNo, name: row.name, idTail: row.idTail }, { openid: DEMO.student(++bound) }), 'bind student');
    }
    n += 40;
  }

  const notices = [
    { title: '关于2026年国家奖学金评审的通知', category: '奖助', urgency: 'important', body: '各班同学：2026年国家奖学金评审工作即将开始，请符合条件的同学于12月5日前提交申请材料。' },
    { title: '寒假离校安全提醒', category: '安全', urgency: 'urgent', body: '寒假离校前请关闭宿舍水电，离校返校请如实填报行程。' },
    { title: '本周五班会安排', category: '活动', urgency: 'normal', body: '本周五下午4点在教学楼A203召开班会，请准时参加。' },
  ];
  for (const [i, notice] of notices.entries()) {
    const { noticeId } = unwrap<{ noticeId: string }>(
      await emulator.call('pushNotice', { action: 'create', ...notice, audience: { classIds }, requestId: `seed-${i}` }, { openid: DEMO.teacher }),
      'push',
    );
    for (let s = 1; s <= 20 + i * 10; s++) unwrap(await emulator.call('notices', { action: 'read', noticeId }, { openid: DEMO.student(s) }), 'read');
  }
  await emulator.store.set(COLLECTIONS.meta, { _id: 'seed', at: Date.now() });
}
