/**
 * The product's core loop through the HTTP gateway: roster → binding → push → read → statistics →
 * WeChat sends, and all of it still there after the emulator restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../core/contracts/admin';
import type { InboxItem, NoticeStats } from '../core/contracts/notices';
import type { PageResult } from '../core/contracts/common';
import { ADMIN, rosterRows, startHarness, type Harness } from './support/harness';

const TEACHER = 'teacher-openid-core';
const student = (i: number) => `student-openid-${String(i).padStart(3, '0')}`;

describe('core loop: bind → push → read → stats', () => {
  let h: Harness;
  let classId: string;
  let noticeId: string;
  const rows = rosterRows('2024', 40);

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('an administrator makes a class and imports 40 students; 2 bad rows are reported, the rest kept', async () => {
    ({ classId } = await h.ok<{ classId: string }>('admin', { action: 'createClass', name: '计算机2401班', grade: '2024', major: '计算机科学与技术' }, ADMIN));
    const bad = [
      { studentNo: '2024X01', name: '', idTail: '123456' },
      { studentNo: '2024X02', name: '坏行', idTail: '12' },
    ];
    const result = await h.ok<ImportResult>('admin', { action: 'importStudents', classId, rows: [...rows.slice(0, 20), bad[0], ...rows.slice(20), bad[1]] }, ADMIN);
    expect(result.created).toBe(40);
    expect(result.updated).toBe(0);
    expect(result.errors.map((e) => e.row)).toEqual([21, 42]);
    expect(result.errors.every((e) => e.code === 'INVALID_INPUT' && e.message.length > 0)).toBe(true);
    const page = await h.ok<PageResult<unknown>>('admin', { action: 'listStudents', classId, limit: 100 }, ADMIN);
    expect(page.items).toHaveLength(40);
  });

  it('a teacher binds with an invite', async () => {
    const { inviteCode } = await h.ok<{ inviteCode: string }>('admin', { action: 'createTeacherInvite', name: '陈老师', classIds: [classId] }, ADMIN);
    const me = await h.ok<{ role: string; classIds: string[] }>('bind', { action: 'teacher', inviteCode }, TEACHER);
    expect(me).toMatchObject({ role: 'teacher', classIds: [classId] });
    // The invite works once.
    const again = await h.call('bind', { action: 'teacher', inviteCode }, 'someone-else-0001');
    expect(again.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('30 students bind; one with a wrong ID tail is refused', async () => {
    const wrong = await h.call('bind', { action: 'student', studentNo: rows[0]!.studentNo, name: rows[0]!.name, idTail: '999999' }, student(1));
    expect(wrong.status).toBe(404);
    expect(wrong.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (let i = 0; i < 30; i++) {
      const me = await h.ok<{ role: string; studentNo: string }>('bind', { action: 'student', ...rows[i] }, student(i + 1));
      expect(me).toMatchObject({ role: 'student', studentNo: rows[i]!.studentNo });
    }
    const me = await h.ok<{ role: string; className: string }>('bind', { action: 'me' }, student(5));
    expect(me).toMatchObject({ role: 'student', className: '计算机2401班' });
  });

  it('the teacher pushes a notice to the class', async () => {
    const pushed = await h.ok<{ noticeId: string; recipientCount: number }>('pushNotice', {
      action: 'create',
      title: '关于2026年国家奖学金评审的通知',
      body: '请符合条件的同学于12月5日前提交申请材料。',
      category: '奖助',
      urgency: 'important',
      audience: { classIds: [classId] },
    }, TEACHER);
    expect(pushed.recipientCount).toBe(40);
    noticeId = pushed.noticeId;
  });

  it('10 students read it, one of them twice; the inbox shows it read', async () => {
    for (let i = 1; i <= 10; i++) {
      const notice = await h.ok<{ title: string; readAt: number }>('notices', { action: 'read', noticeId }, student(i));
      expect(notice.title).toBe('关于2026年国家奖学金评审的通知');
    }
    const first = await h.ok<{ readAt: number }>('notices', { action: 'inbox' }, student(3));
    const again = await h.ok<{ readAt: number }>('notices', { action: 'read', noticeId }, student(3));
    expect(again.readAt).toBeGreaterThan(0);
    expect(first).toMatchObject({ items: [{ noticeId, read: true }] });
    const unreadInbox = await h.ok<PageResult<InboxItem>>('notices', { action: 'inbox' }, student(20));
    expect(unreadInbox.items).toEqual([expect.objectContaining({ noticeId, read: false, urgency: 'important' })]);
  });

  it('stats say 40 recipients, 10 read, 30 unread, and the outbox holds 30 sends', async () => {
    await h.emulator.idle();
    const stats = await h.ok<NoticeStats>('stats', { action: 'notice', noticeId }, TEACHER);
    expect(stats).toMatchObject({ recipients: 40, read: 10, unread: 30, delivered: 30, failed: 0, pending: 0 });
    expect(stats.byClass).toEqual([{ classId, recipients: 40, read: 10 }]);
    const outbox = (await (await fetch(`${h.emulator.url}/dev/outbox?limit=1000`)).json()) as { items: { touser: string; result: { errcode: number } }[] };
    const sends = outbox.items.filter((e) => e.result.errcode === 0);
    expect(sends).toHaveLength(30);
    expect(new Set(sends.map((s) => s.touser)).size).toBe(30);
    const unread = await h.ok<PageResult<{ studentNo: string; reachable: boolean }>>('stats', { action: 'unread', noticeId, limit: 100 }, TEACHER);
    expect(unread.items).toHaveLength(30);
    expect(unread.items.filter((s) => !s.reachable)).toHaveLength(10);
  });

  it('after a restart everything is still there, and the counters equal a recount', async () => {
    await h.restart();
    const stats = await h.ok<NoticeStats>('stats', { action: 'notice', noticeId }, TEACHER);
    expect(stats).toMatchObject({ recipients: 40, read: 10, unread: 30, delivered: 30 });
    const me = await h.ok<{ role: string }>('bind', { action: 'me' }, student(7));
    expect(me.role).toBe('student');
    const inbox = await h.ok<PageResult<InboxItem>>('notices', { action: 'inbox' }, student(7));
    expect(inbox.items[0]).toMatchObject({ noticeId, read: true });
    const recount = await h.ok<{ corrected: boolean }>('stats', { action: 'recount', noticeId }, TEACHER);
    expect(recount.corrected).toBe(false);
    const outbox = (await (await fetch(`${h.emulator.url}/dev/outbox?limit=1000`)).json()) as { items: unknown[] };
    expect(outbox.items.length).toBeGreaterThanOrEqual(30);
  });
});
