/** Bursts through the HTTP gateway: every check-in counted once, capacity never exceeded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../core/collections';
import type { MeetingStats } from '../core/contracts/checkin';
import type { MeetingDoc } from '../database-schema/documents';
import { ADMIN, rosterRows, startHarness, type Harness } from './support/harness';

const openid = (i: number) => `burst-student-${String(i).padStart(3, '0')}`;
const MIN = 60_000;

describe('check-in under concurrency', () => {
  let h: Harness;
  let classId: string;

  beforeAll(async () => {
    h = await startHarness();
    ({ classId } = await h.ok<{ classId: string }>('admin', { action: 'createClass', name: '大课', grade: '2024', major: '公共课' }, ADMIN));
    const rows = rosterRows('P', 300);
    await h.ok('admin', { action: 'importStudents', classId, rows }, ADMIN);
    await Promise.all(rows.map((row, i) => h.ok('bind', { action: 'student', ...row }, openid(i + 1))));
  });
  afterAll(() => h.close());

  it('500 concurrent submits for 300 students make exactly 300 records and exact counters', async () => {
    const { meetingId, code } = await h.ok<{ meetingId: string; code: string }>('checkIn', {
      action: 'create', title: '形势与政策', startsAt: Date.now() + 10 * MIN, endsAt: Date.now() + 100 * MIN, audience: { classIds: [classId] }, modes: ['code'],
    }, ADMIN);
    const callers = [...Array.from({ length: 300 }, (_, i) => i + 1), ...Array.from({ length: 200 }, (_, i) => (i * 7) % 300 + 1)];
    const answers = await Promise.all(callers.map((i) => h.call('checkIn', { action: 'submit', meetingId, code }, openid(i))));
    expect(answers.every((a) => a.body.ok)).toBe(true);
    expect(answers.filter((a) => a.body.ok && !(a.body.data as { repeated: boolean }).repeated)).toHaveLength(300);
    const recorded = await h.emulator.store.count(COLLECTIONS.attendees, { meetingId, checkedInAt: { $ne: null } });
    expect(recorded).toBe(300);
    const stats = await h.ok<MeetingStats>('checkIn', { action: 'stats', meetingId }, ADMIN);
    expect(stats).toMatchObject({ expected: 300, checkedIn: 300, onTime: 300, late: 0, absent: 0 });
  });

  it('200 concurrent sign-ups for 150 places sign up exactly 150', async () => {
    const { meetingId } = await h.ok<{ meetingId: string }>('checkIn', {
      action: 'create', title: '讲座', startsAt: Date.now() + 60 * MIN, endsAt: Date.now() + 120 * MIN, audience: { classIds: [classId] }, modes: ['qr'], capacity: 150, signupRequired: true,
    }, ADMIN);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => h.call('checkIn', { action: 'signup', meetingId }, openid(i + 1))));
    expect(answers.filter((a) => a.body.ok)).toHaveLength(150);
    expect(answers.filter((a) => !a.body.ok && a.body.error.code === 'CONFLICT')).toHaveLength(50);
    expect(await h.emulator.store.count(COLLECTIONS.attendees, { meetingId, signup: 'signed' })).toBe(150);
    const meeting = await h.emulator.store.get<MeetingDoc>(COLLECTIONS.meetings, meetingId);
    expect(meeting?.counts.signedUp).toBe(150);
  });
});
