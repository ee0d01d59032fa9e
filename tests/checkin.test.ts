/** Meetings and check-in through the HTTP gateway: each mode, its refusals, leave, stats, export, cadres. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../core/collections';
import type { AttendanceRecord, MeetingStats } from '../core/contracts/checkin';
import { stepAt, tokenFor } from '../core/meetings/qr-token';
import type { MeetingDoc } from '../database-schema/documents';
import { schoolWithClass, startHarness, type Harness } from './support/harness';

const TEACHER = 'teacher-checkin';
const OTHER_TEACHER = 'teacher-checkin-b';
const student = (i: number) => `checkin-student-${i}`;
const OUTSIDER = 'checkin-outsider';
const MIN = 60_000;
const CENTRE = { lat: 30.0, lng: 120.0 };
/** A point `m` metres north of the centre (one degree of latitude ≈ 111,195 m). */
const north = (m: number) => ({ lat: CENTRE.lat + m / 111_195, lng: CENTRE.lng });

describe('checkIn', () => {
  let h: Harness;
  let classId: string;
  let otherClass: string;

  beforeAll(async () => {
    h = await startHarness();
    const a = await schoolWithClass(h, TEACHER, 'C', 12);
    classId = a.classId;
    for (let i = 0; i < 12; i++) await h.ok('bind', { action: 'student', ...a.rows[i] }, student(i + 1));
    const b = await schoolWithClass(h, OTHER_TEACHER, 'X', 2);
    otherClass = b.classId;
    await h.ok('bind', { action: 'student', ...b.rows[0] }, OUTSIDER);
  });
  afterAll(() => h.close());

  const create = (extra: object = {}) =>
    h.ok<{ meetingId: string; code?: string; noticeId?: string }>('checkIn', {
      action: 'create',
      title: '主题班会',
      place: '教学楼A203',
      // Check-in opens 30 minutes early; 20 minutes ahead is also outside the reminder window.
      startsAt: Date.now() + 20 * MIN,
      endsAt: Date.now() + 80 * MIN,
      audience: { classIds: [classId] },
      modes: ['qr'],
      ...extra,
    }, TEACHER);
  const submit = (meetingId: string, who: string, extra: object) => h.call<AttendanceRecord>('checkIn', { action: 'submit', meetingId, ...extra }, who);
  const stats = (meetingId: string) => h.ok<MeetingStats>('checkIn', { action: 'stats', meetingId }, TEACHER);
  const secretOf = async (meetingId: string) => (await h.emulator.store.get<MeetingDoc>(COLLECTIONS.meetings, meetingId))!.secret;

  it('qr: the current token and the one a step old are accepted; two steps old is refused', async () => {
    const { meetingId } = await create();
    const { token, expiresAt, qr } = await h.ok<{ token: string; expiresAt: number; qr: string }>('checkIn', { action: 'token', meetingId }, TEACHER);
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(qr).toContain(token);
    expect((await submit(meetingId, student(1), { token })).body).toMatchObject({ ok: true, data: { status: 'on_time', method: 'qr', repeated: false } });
    const secret = await secretOf(meetingId);
    const oneOld = tokenFor(secret, meetingId, stepAt(Date.now()) - 1);
    expect((await submit(meetingId, student(2), { token: oneOld })).body).toMatchObject({ ok: true, data: { method: 'qr' } });
    const twoOld = tokenFor(secret, meetingId, stepAt(Date.now()) - 2);
    expect((await submit(meetingId, student(3), { token: twoOld })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'WRONG_CREDENTIAL', attemptsLeft: 4 } } });
    // Students never get the token themselves.
    expect((await h.call('checkIn', { action: 'token', meetingId }, student(3))).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a second check-in returns the first record and counts once', async () => {
    const { meetingId } = await create();
    const { token } = await h.ok<{ token: string }>('checkIn', { action: 'token', meetingId }, TEACHER);
    const first = (await submit(meetingId, student(1), { token })).body;
    const again = (await submit(meetingId, student(1), { token: 'whatever-token' })).body;
    expect(again).toMatchObject({ ok: true, data: { repeated: true } });
    if (first.ok && again.ok) expect(again.data.checkedInAt).toBe(first.data.checkedInAt);
    expect(await stats(meetingId)).toMatchObject({ expected: 12, checkedIn: 1, onTime: 1, absent: 11 });
  });

  it('code: the room code checks in; five wrong codes lock the student out', async () => {
    const { meetingId, code } = await create({ modes: ['code'] });
    expect(code).toMatch(/^\d{4}$/);
    const student1View = await h.ok<{ code?: string }>('checkIn', { action: 'get', meetingId }, student(1));
    expect(student1View.code).toBeUndefined();
    expect((await submit(meetingId, student(1), { code })).body).toMatchObject({ ok: true, data: { method: 'code' } });
    const wrong = code === '0000' ? '1111' : '0000';
    for (let left = 4; left >= 0; left--) {
      expect((await submit(meetingId, student(2), { code: wrong })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { attemptsLeft: left } } });
    }
    expect((await submit(meetingId, student(2), { code })).body).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('geo: 80 m outside a 100 m fence is refused with the distance; inside is accepted; poor accuracy is refused', async () => {
    const { meetingId } = await create({ modes: ['geo'], geo: { ...CENTRE, radiusM: 100 } });
    const outside = await submit(meetingId, student(1), { location: { ...north(180), accuracy: 10 } });
    expect(outside.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'OUTSIDE_FENCE', radiusM: 100 } } });
    if (!outside.body.ok) {
      expect(outside.body.error.details?.distanceM).toBeGreaterThanOrEqual(179);
      expect(outside.body.error.details?.distanceM).toBeLessThanOrEqual(181);
      expect(outside.body.error.message).toContain(`${outside.body.error.details?.distanceM} 米`);
    }
    const blurry = await submit(meetingId, student(1), { location: { ...north(20), accuracy: 150 } });
    expect(blurry.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'INACCURATE' } } });
    expect((await submit(meetingId, student(1), { location: { ...north(60), accuracy: 15 } })).body).toMatchObject({ ok: true, data: { method: 'geo' } });
    // Walking away afterwards changes nothing: a repeat returns the first record.
    expect((await submit(meetingId, student(1), { location: { ...north(900), accuracy: 15 } })).body).toMatchObject({ ok: true, data: { repeated: true } });
    const noLocation = await submit(meetingId, student(2), {});
    expect(noLocation.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('qr+geo needs both the token and a point inside the fence', async () => {
    const { meetingId } = await create({ modes: ['qr', 'geo'], geo: { ...CENTRE, radiusM: 100 } });
    const { token } = await h.ok<{ token: string }>('checkIn', { action: 'token', meetingId }, TEACHER);
    expect((await submit(meetingId, student(1), { token, location: { ...north(500), accuracy: 10 } })).body).toMatchObject({ ok: false, error: { details: { reason: 'OUTSIDE_FENCE' } } });
    expect((await submit(meetingId, student(1), { location: { ...north(10), accuracy: 10 } })).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await submit(meetingId, student(1), { token, location: { ...north(10), accuracy: 10 } })).body).toMatchObject({ ok: true, data: { method: 'qr' } });
  });

  it('a student not in the audience is refused; outside the time window is refused', async () => {
    const { meetingId, code } = await create({ modes: ['code'] });
    expect((await submit(meetingId, OUTSIDER, { code })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const later = await create({ modes: ['code'], startsAt: Date.now() + 120 * MIN, endsAt: Date.now() + 180 * MIN });
    expect((await submit(later.meetingId, student(1), { code: later.code })).body).toMatchObject({ ok: false, error: { details: { reason: 'NOT_OPEN' } } });
    const over = await create({ modes: ['code'], startsAt: Date.now() - 120 * MIN, endsAt: Date.now() - 60 * MIN });
    expect((await submit(over.meetingId, student(1), { code: over.code })).body).toMatchObject({ ok: false, error: { details: { reason: 'CLOSED' } } });
  });

  it('after the late threshold a check-in is late', async () => {
    const { meetingId, code } = await create({ modes: ['code'], startsAt: Date.now() - 20 * MIN, lateAfterMin: 10 });
    expect((await submit(meetingId, student(1), { code })).body).toMatchObject({ ok: true, data: { status: 'late' } });
    expect(await stats(meetingId)).toMatchObject({ checkedIn: 1, late: 1, onTime: 0 });
  });

  it('leave, manual marks, statistics, the absentee list and the export agree', async () => {
    const { meetingId, code } = await create({ modes: ['code'] });
    expect(await h.ok('checkIn', { action: 'leave', meetingId, reason: '发烧就医' }, student(4))).toEqual({ leave: 'pending' });
    expect(await h.ok('checkIn', { action: 'reviewLeave', meetingId, studentNo: 'C004', approve: true }, TEACHER)).toEqual({ leave: 'approved' });
    await h.ok('checkIn', { action: 'leave', meetingId, reason: '不想去' }, student(5));
    expect(await h.ok('checkIn', { action: 'reviewLeave', meetingId, studentNo: 'C005', approve: false, comment: '请按时参加' }, TEACHER)).toEqual({ leave: 'rejected' });
    // Check-in opens 30 minutes before the start.
    await submit(meetingId, student(1), { code });
    await submit(meetingId, student(2), { code });
    const marked = await h.ok<AttendanceRecord>('checkIn', { action: 'markPresent', meetingId, studentNo: 'C003' }, TEACHER);
    expect(marked).toMatchObject({ method: 'manual', status: 'on_time' });
    const s = await stats(meetingId);
    expect(s).toEqual({ expected: 12, checkedIn: 3, onTime: 3, late: 0, leave: 1, absent: 8, signedUp: 0, byClass: [{ classId, expected: 12, checkedIn: 3, late: 0, leave: 1, absent: 8 }] });
    const absent = await h.ok<{ items: { studentNo: string; leave: string }[] }>('checkIn', { action: 'absent', meetingId, limit: 100 }, TEACHER);
    expect(absent.items.map((a) => a.studentNo)).toEqual(['C005', 'C006', 'C007', 'C008', 'C009', 'C010', 'C011', 'C012']);
    expect(absent.items.find((a) => a.studentNo === 'C011')?.leave).toBe('none');
    expect(absent.items[0]!.leave).toBe('rejected');

    // A student on approved leave who comes after all is present, no longer on leave.
    await h.ok('checkIn', { action: 'leave', meetingId, reason: '可能来不了' }, student(11));
    await h.ok('checkIn', { action: 'reviewLeave', meetingId, studentNo: 'C011', approve: true }, TEACHER);
    expect(await stats(meetingId)).toMatchObject({ checkedIn: 3, leave: 2, absent: 7 });
    expect((await submit(meetingId, student(11), { code })).body).toMatchObject({ ok: true, data: { repeated: false } });
    expect(await stats(meetingId)).toMatchObject({ checkedIn: 4, leave: 1, absent: 7 });

    const exported = await h.ok<{ url: string; rows: number }>('checkIn', { action: 'export', meetingId }, TEACHER);
    expect(exported.rows).toBe(12);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await (await fetch(exported.url)).arrayBuffer()) as never);
    const rows = book.getWorksheet('签到表')!.getSheetValues().slice(2) as unknown[][];
    const byNo = new Map(rows.map((r) => [r[1], r]));
    expect(byNo.get('C001')).toEqual(expect.arrayContaining(['C001', '准时', '签到码']));
    expect(byNo.get('C003')).toEqual(expect.arrayContaining(['准时', '老师补签']));
    expect(byNo.get('C004')).toEqual(expect.arrayContaining(['请假', '已批准', '发烧就医']));
    expect(byNo.get('C011')).toEqual(expect.arrayContaining(['准时', '已批准']));
    expect(byNo.get('C012')).toEqual(expect.arrayContaining(['缺勤']));
    // Another class's teacher sees none of it.
    expect((await h.call('checkIn', { action: 'export', meetingId }, OTHER_TEACHER)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a cadre granted check-in runs it for their class; others cannot', async () => {
    const { meetingId } = await create();
    expect((await h.call('checkIn', { action: 'token', meetingId }, student(6))).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await h.ok('admin', { action: 'grantRights', studentNo: 'C006', rights: ['checkin'] }, TEACHER);
    const { token } = await h.ok<{ token: string }>('checkIn', { action: 'token', meetingId }, student(6));
    await submit(meetingId, student(7), { token });
    expect(await h.ok<MeetingStats>('checkIn', { action: 'stats', meetingId }, student(6))).toMatchObject({ checkedIn: 1 });
    expect(await h.ok('checkIn', { action: 'markPresent', meetingId, studentNo: 'C008' }, student(6))).toMatchObject({ method: 'manual' });
    // A teacher of another class cannot grant rights to this class's students.
    expect((await h.call('admin', { action: 'grantRights', studentNo: 'C009', rights: ['checkin'] }, OTHER_TEACHER)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await h.ok('admin', { action: 'grantRights', studentNo: 'C006', rights: [] }, TEACHER);
    expect((await h.call('checkIn', { action: 'token', meetingId }, student(6))).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('sign-up: capacity and deadline hold, a cancelled seat frees up, and only those signed up may check in', async () => {
    const closed = await create({ modes: ['code'], capacity: 2, signupRequired: true, signupDeadline: Date.now() - MIN });
    expect((await h.call('checkIn', { action: 'signup', meetingId: closed.meetingId }, student(1))).body).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'SIGNUP_CLOSED' } } });
    const open = await create({ modes: ['code'], capacity: 2, signupRequired: true });
    expect(await h.ok('checkIn', { action: 'signup', meetingId: open.meetingId }, student(1))).toEqual({ signedUp: true, seatsLeft: 1 });
    expect(await h.ok('checkIn', { action: 'signup', meetingId: open.meetingId }, student(1))).toEqual({ signedUp: true, seatsLeft: 1 });
    await h.ok('checkIn', { action: 'signup', meetingId: open.meetingId }, student(2));
    expect((await h.call('checkIn', { action: 'signup', meetingId: open.meetingId }, student(3))).body).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'FULL' } } });
    await h.ok('checkIn', { action: 'cancelSignup', meetingId: open.meetingId }, student(2));
    expect(await h.ok('checkIn', { action: 'signup', meetingId: open.meetingId }, student(3))).toEqual({ signedUp: true, seatsLeft: 0 });
    expect((await submit(open.meetingId, student(2), { code: open.code })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await submit(open.meetingId, student(3), { code: open.code })).body).toMatchObject({ ok: true });
    expect(await stats(open.meetingId)).toMatchObject({ expected: 2, signedUp: 2, checkedIn: 1, absent: 1 });
  });

  it('ten minutes before the start, those expected who have not checked in get one WeChat reminder', async () => {
    const { meetingId } = await create({ modes: ['code'], signupRequired: true, startsAt: Date.now() + 12 * MIN, endsAt: Date.now() + 60 * MIN });
    for (const i of [1, 2, 3]) await h.ok('checkIn', { action: 'signup', meetingId }, student(i));
    await h.emulator.store.update(COLLECTIONS.meetings, { _id: meetingId }, { $set: { startsAt: Date.now() + 5 * MIN } });
    await h.ok('checkIn', { action: 'markPresent', meetingId, studentNo: 'C003' }, TEACHER);
    h.emulator.wechat.clearOutbox();
    const first = await h.ok<{ queued: number }>('checkIn', { action: 'remind' }, TEACHER);
    expect(first.queued).toBe(2);
    expect((await h.ok<{ queued: number }>('checkIn', { action: 'remind' }, TEACHER)).queued).toBe(0);
    await h.emulator.idle();
    const sent = h.emulator.wechat.outbox({ api: 'subscribeMessage.send' }).filter((e) => e.result.errcode === 0);
    expect(sent.map((e) => e.touser).sort()).toEqual([student(1), student(2)]);
    expect(sent[0]!.payload).toMatchObject({ template_id: 'fudao-meeting-template', data: { thing1: { value: '主题班会' } } });
    const meeting = await h.emulator.store.get<MeetingDoc>(COLLECTIONS.meetings, meetingId);
    expect(meeting?.delivery).toEqual({ pending: 0, sent: 2, failed: 0 });
  });

  it('creating a meeting can push a notice to its audience', async () => {
    const { noticeId } = await create({ notify: true, title: '志愿者动员会' });
    expect(noticeId).toBeDefined();
    const inbox = await h.ok<{ items: { noticeId: string; title: string }[] }>('notices', { action: 'inbox' }, student(9));
    expect(inbox.items.find((n) => n.noticeId === noticeId)?.title).toBe('活动通知：志愿者动员会');
  });

  it('lists a student\'s meetings and a teacher\'s, newest first, without the code for students', async () => {
    const mine = await h.ok<{ items: { code?: string; mine?: object }[] }>('checkIn', { action: 'list', limit: 50 }, student(1));
    expect(mine.items.length).toBeGreaterThan(5);
    expect(mine.items.every((m) => m.code === undefined && m.mine)).toBe(true);
    const theirs = await h.ok<{ items: { startsAt: number }[] }>('checkIn', { action: 'list', limit: 50 }, TEACHER);
    const starts = theirs.items.map((m) => m.startsAt);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect((await h.ok<{ items: unknown[] }>('checkIn', { action: 'list', limit: 50 }, OUTSIDER)).items).toEqual([]);
    expect(otherClass).toBeDefined();
  });
});
