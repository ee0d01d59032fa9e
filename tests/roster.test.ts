/** Roster work as a counselor does it: re-imports, moves, removals, paging — and identities kept in step. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../core/collections';
import type { ClassView, ImportResult, StudentView } from '../core/contracts/admin';
import type { PageResult } from '../core/contracts/common';
import { ADMIN, rosterRows, schoolWithClass, startHarness, type Harness } from './support/harness';

const TEACHER = 'teacher-roster';
const OTHER = 'teacher-roster-other';

describe('roster', () => {
  let h: Harness;
  let classId: string;
  let otherClass: string;
  let rows: ReturnType<typeof rosterRows>;

  beforeAll(async () => {
    h = await startHarness();
    ({ classId, rows } = await schoolWithClass(h, TEACHER, 'R', 25));
    ({ classId: otherClass } = await schoolWithClass(h, OTHER, 'O', 3));
    await h.ok('bind', { action: 'student', ...rows[0] }, 'roster-student-1');
  });
  afterAll(() => h.close());

  it('re-importing the same file changes nothing; a changed row is updated and the bound student sees it', async () => {
    const same = await h.ok<ImportResult>('admin', { action: 'importStudents', classId, rows }, TEACHER);
    expect(same).toEqual({ created: 0, updated: 0, errors: [] });
    const renamed = await h.ok<ImportResult>('admin', { action: 'importStudents', classId, rows: [{ ...rows[0], name: '改名后' }] }, TEACHER);
    expect(renamed).toEqual({ created: 0, updated: 1, errors: [] });
    expect(await h.ok('bind', { action: 'me' }, 'roster-student-1')).toMatchObject({ role: 'student', name: '改名后' });
  });

  it('reports duplicate rows and students of other teachers row by row', async () => {
    const result = await h.ok<ImportResult>('admin', {
      action: 'importStudents',
      classId,
      rows: [
        { studentNo: 'R900', name: '新生', idTail: '123456' },
        { studentNo: 'R900', name: '重复', idTail: '123456' },
        { studentNo: 'O001', name: '别班', idTail: '123456' },
      ],
    }, TEACHER);
    expect(result.created).toBe(1);
    expect(result.errors).toEqual([
      { row: 2, code: 'CONFLICT', message: expect.stringContaining('第 1 行重复') },
      { row: 3, code: 'FORBIDDEN', message: expect.stringContaining('其他老师') },
    ]);
  });

  it('pages through a class without gaps or repeats, and refuses a forged cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: PageResult<StudentView> = await h.ok('admin', { action: 'listStudents', classId, limit: 10, ...(cursor ? { cursor } : {}) }, TEACHER);
      seen.push(...page.items.map((s) => s.studentNo));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect(seen).toEqual([...seen].sort());
    const forged = await h.call('admin', { action: 'listStudents', classId, cursor: '%%%not-base64%%%' }, TEACHER);
    expect(forged.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('moving a student keeps class counts and the student\'s identity in step', async () => {
    const moved = await h.ok<StudentView>('admin', { action: 'updateStudent', studentNo: rows[0]!.studentNo, classId: otherClass }, ADMIN);
    expect(moved.classId).toBe(otherClass);
    expect(await h.ok('bind', { action: 'me' }, 'roster-student-1')).toMatchObject({ classId: otherClass, className: 'O班' });
    const classes = await h.ok<{ items: ClassView[] }>('admin', { action: 'listClasses' }, ADMIN);
    expect(classes.items.find((c) => c.classId === classId)?.studentCount).toBe(25);
    expect(classes.items.find((c) => c.classId === otherClass)?.studentCount).toBe(4);
    // The teacher of the old class no longer manages them.
    const refused = await h.call('admin', { action: 'updateStudent', studentNo: rows[0]!.studentNo, name: 'x' }, TEACHER);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('removing a bound student unbinds their WeChat', async () => {
    await h.ok('bind', { action: 'student', ...rows[1] }, 'roster-student-2');
    expect(await h.ok('admin', { action: 'removeStudent', studentNo: rows[1]!.studentNo }, TEACHER)).toEqual({ removed: true });
    expect(await h.ok('bind', { action: 'me' }, 'roster-student-2')).toEqual({ role: 'unbound' });
    const missing = await h.call('admin', { action: 'removeStudent', studentNo: rows[1]!.studentNo }, TEACHER);
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a class a teacher creates is theirs at once, without binding again', async () => {
    const { classId: fresh } = await h.ok<{ classId: string }>('admin', { action: 'createClass', name: '新建班', grade: '2025', major: '测试' }, TEACHER);
    await h.ok('admin', { action: 'importStudents', classId: fresh, rows: rosterRows('N', 2) }, TEACHER);
    const pushed = await h.ok<{ recipientCount: number }>('pushNotice', { action: 'create', title: '新班通知', body: '内容', category: '其他', urgency: 'normal', audience: { classIds: [fresh] } }, TEACHER);
    expect(pushed.recipientCount).toBe(2);
  });

  it('an expired or unknown invite is refused and counts as a failed attempt', async () => {
    const { inviteCode } = await h.ok<{ inviteCode: string }>('admin', { action: 'createTeacherInvite', name: '过期老师', classIds: [classId] }, ADMIN);
    await h.emulator.store.update(COLLECTIONS.invites, { _id: inviteCode }, { $set: { expiresAt: Date.now() - 1 } });
    const expired = await h.call('bind', { action: 'teacher', inviteCode }, 'late-teacher');
    expect(expired.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { attemptsLeft: 4 } } });
  });

  it('the ID tail is stored only as a keyed hash', async () => {
    const doc = await h.emulator.store.get(COLLECTIONS.students, rows[2]!.studentNo);
    expect(JSON.stringify(doc)).not.toContain(rows[2]!.idTail);
    expect(doc).toMatchObject({ idTailHash: expect.any(String), idTailSalt: expect.any(String) });
  });
});
