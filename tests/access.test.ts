/** Access is decided on the server: each refusal below is made by the function, whatever the caller sends. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, schoolWithClass, startHarness, type Harness } from './support/harness';

const TEACHER_A = 'teacher-a-openid';
const TEACHER_B = 'teacher-b-openid';
const STUDENT_A = 'student-a-openid';
const STUDENT_B = 'student-b-openid';

describe('access', () => {
  let h: Harness;
  let classA: string;
  let classB: string;
  let noticeA: string;
  let rowsA: { studentNo: string; name: string; idTail: string }[];

  beforeAll(async () => {
    h = await startHarness();
    const a = await schoolWithClass(h, TEACHER_A, 'A', 5);
    const b = await schoolWithClass(h, TEACHER_B, 'B', 5);
    classA = a.classId;
    classB = b.classId;
    rowsA = a.rows;
    await h.ok('bind', { action: 'student', ...a.rows[0] }, STUDENT_A);
    await h.ok('bind', { action: 'student', ...b.rows[0] }, STUDENT_B);
    ({ noticeId: noticeA } = await h.ok<{ noticeId: string }>('pushNotice', { action: 'create', title: 'A班通知', body: '内容', category: '学业', urgency: 'normal', audience: { classIds: [classA] } }, TEACHER_A));
  });
  afterAll(() => h.close());

  const push = (audience: object) => ({ action: 'create', title: 't', body: 'b', category: '学业', urgency: 'normal', audience });
  const expectError = async (name: string, event: object, openid: string | undefined, code: string, status: number) => {
    const { status: got, body } = await h.call(name, event, openid);
    expect(body).toMatchObject({ ok: false, error: { code } });
    expect(got).toBe(status);
  };

  it('a student cannot push, see statistics or administer the roster', async () => {
    await expectError('pushNotice', push({ classIds: [classA] }), STUDENT_A, 'FORBIDDEN', 403);
    await expectError('stats', { action: 'notice', noticeId: noticeA }, STUDENT_A, 'FORBIDDEN', 403);
    await expectError('stats', { action: 'unread', noticeId: noticeA }, STUDENT_A, 'FORBIDDEN', 403);
    await expectError('admin', { action: 'listStudents', classId: classA }, STUDENT_A, 'FORBIDDEN', 403);
    await expectError('admin', { action: 'createClass', name: 'x', grade: '2024', major: 'y' }, STUDENT_A, 'FORBIDDEN', 403);
    await expectError('deliver', { action: 'drain' }, STUDENT_A, 'FORBIDDEN', 403);
  });

  it('a student cannot read a notice of another class, nor find it in the inbox', async () => {
    await expectError('notices', { action: 'read', noticeId: noticeA }, STUDENT_B, 'NOT_FOUND', 404);
    const inbox = await h.ok<{ items: unknown[] }>('notices', { action: 'inbox' }, STUDENT_B);
    expect(inbox.items).toEqual([]);
  });

  it('a teacher cannot push to, list, import into or unbind in a class that is not theirs', async () => {
    await expectError('pushNotice', push({ classIds: [classB] }), TEACHER_A, 'FORBIDDEN', 403);
    await expectError('pushNotice', push({ classIds: [classA, classB] }), TEACHER_A, 'FORBIDDEN', 403);
    await expectError('admin', { action: 'listStudents', classId: classB }, TEACHER_A, 'FORBIDDEN', 403);
    await expectError('admin', { action: 'importStudents', classId: classB, rows: [{ studentNo: 'X1', name: '某', idTail: '123456' }] }, TEACHER_A, 'FORBIDDEN', 403);
    await expectError('bind', { action: 'unbind', studentNo: 'B001' }, TEACHER_A, 'FORBIDDEN', 403);
    await expectError('stats', { action: 'notice', noticeId: noticeA }, TEACHER_B, 'FORBIDDEN', 403);
    await expectError('admin', { action: 'createTeacherInvite', name: '新老师', classIds: [classB] }, TEACHER_A, 'FORBIDDEN', 403);
  });

  it('a teacher naming a student of another class is refused, and "all" means only their own classes', async () => {
    await expectError('pushNotice', push({ studentNos: ['B002'] }), TEACHER_A, 'FORBIDDEN', 403);
    const { recipientCount } = await h.ok<{ recipientCount: number }>('pushNotice', push({ all: true }), TEACHER_A);
    expect(recipientCount).toBe(5);
    const whole = await h.ok<{ recipientCount: number }>('pushNotice', push({ all: true }), ADMIN);
    expect(whole.recipientCount).toBe(10);
  });

  it('a teacher sees only their own classes in listings', async () => {
    const page = await h.ok<{ items: { classId: string }[] }>('admin', { action: 'listStudents', limit: 100 }, TEACHER_A);
    expect(page.items.length).toBe(5);
    expect(page.items.every((s) => s.classId === classA)).toBe(true);
    const classes = await h.ok<{ items: { classId: string }[] }>('admin', { action: 'listClasses' }, TEACHER_A);
    expect(classes.items.map((c) => c.classId)).toEqual([classA]);
  });

  it('callers without an identity are asked to bind', async () => {
    await expectError('notices', { action: 'inbox' }, undefined, 'UNAUTHENTICATED', 401);
    await expectError('pushNotice', push({ classIds: [classA] }), undefined, 'UNAUTHENTICATED', 401);
    await expectError('pushNotice', push({ classIds: [classA] }), 'never-bound-openid', 'UNAUTHENTICATED', 401);
    await expectError('deliver', { action: 'timer' }, undefined, 'UNAUTHENTICATED', 401);
    // A timer event from a client is not a timer: it is not even a valid event.
    await expectError('deliver', { Type: 'Timer' }, undefined, 'INVALID_INPUT', 400);
    const me = await h.ok<{ role: string }>('bind', { action: 'me' }, 'never-bound-openid');
    expect(me.role).toBe('unbound');
  });

  it('one OPENID ↔ one student: a second binding of either side is a conflict', async () => {
    await expectError('bind', { action: 'student', ...rowsA[1] }, STUDENT_A, 'CONFLICT', 409);
    await expectError('bind', { action: 'student', ...rowsA[0] }, 'another-openid-01', 'CONFLICT', 409);
    // The same binding again is not a conflict: a retried request succeeds.
    const me = await h.ok<{ studentNo: string }>('bind', { action: 'student', ...rowsA[0] }, STUDENT_A);
    expect(me.studentNo).toBe(rowsA[0]!.studentNo);
  });

  it('five failed attempts within an hour lock the OPENID, even for a right answer', async () => {
    const openid = 'guessing-openid-01';
    for (let i = 0; i < 5; i++) await expectError('bind', { action: 'student', ...rowsA[2], idTail: `00000${i}` }, openid, 'NOT_FOUND', 404);
    await expectError('bind', { action: 'student', ...rowsA[2] }, openid, 'RATE_LIMITED', 429);
    await expectError('bind', { action: 'teacher', inviteCode: 'ABCDEFGH' }, openid, 'RATE_LIMITED', 429);
  });

  it('a teacher unbinds a student of their class, who can then bind again', async () => {
    expect(await h.ok('bind', { action: 'unbind', studentNo: rowsA[0]!.studentNo }, TEACHER_A)).toEqual({ unbound: true });
    expect((await h.ok<{ role: string }>('bind', { action: 'me' }, STUDENT_A)).role).toBe('unbound');
    await h.ok('bind', { action: 'student', ...rowsA[0] }, 'student-a-new-phone');
    expect((await h.ok<{ role: string }>('bind', { action: 'me' }, 'student-a-new-phone')).role).toBe('student');
  });
});
