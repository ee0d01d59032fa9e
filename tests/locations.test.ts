/** Location reports: who reported where, who did not — seen only by the students' own teachers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolWithClass, startHarness, type Harness } from './support/harness';

const TEACHER = 'teacher-location';
const OTHER = 'teacher-location-other';
const student = (i: number) => `location-student-${i}`;

describe('location reports', () => {
  let h: Harness;
  let classId: string;

  beforeAll(async () => {
    h = await startHarness();
    const a = await schoolWithClass(h, TEACHER, 'L', 4);
    classId = a.classId;
    for (let i = 0; i < 4; i++) await h.ok('bind', { action: 'student', ...a.rows[i] }, student(i + 1));
    await schoolWithClass(h, OTHER, 'Z', 1);
  });
  afterAll(() => h.close());

  it('collects reports once each, and shows reported and missing students to the class teacher', async () => {
    const { reportId, expected } = await h.ok<{ reportId: string; expected: number }>('checkIn', { action: 'openReport', title: '寒假离校报告', audience: { classIds: [classId] } }, TEACHER);
    expect(expected).toBe(4);
    await h.ok('checkIn', { action: 'location', reportId, lat: 30.27, lng: 120.15, accuracy: 20, address: '杭州市西湖区', note: '已到家' }, student(1));
    await h.ok('checkIn', { action: 'location', reportId, lat: 31.23, lng: 121.47, address: '上海市' }, student(2));
    await h.ok('checkIn', { action: 'location', reportId, lat: 31.24, lng: 121.48, address: '上海市黄浦区' }, student(2));
    const all = await h.ok<{ expected: number; reported: number; items: { studentNo: string; reportedAt: number | null; address: string | null }[] }>('checkIn', { action: 'reportStatus', reportId, limit: 100 }, TEACHER);
    expect(all).toMatchObject({ expected: 4, reported: 2 });
    expect(all.items.find((e) => e.studentNo === 'L002')?.address).toBe('上海市黄浦区');
    const missing = await h.ok<{ items: { studentNo: string }[] }>('checkIn', { action: 'reportStatus', reportId, reported: false, limit: 100 }, TEACHER);
    expect(missing.items.map((e) => e.studentNo)).toEqual(['L003', 'L004']);
  });

  it('keeps each student\'s latest location with its time, for their teachers only', async () => {
    await h.ok('checkIn', { action: 'location', lat: 39.9, lng: 116.4, address: '北京' }, student(3));
    const seen = await h.ok<{ lastLocation: { lat: number; address: string; at: number } }>('checkIn', { action: 'studentLocation', studentNo: 'L003' }, TEACHER);
    expect(seen.lastLocation).toMatchObject({ lat: 39.9, address: '北京', at: expect.any(Number) });
    expect((await h.call('checkIn', { action: 'studentLocation', studentNo: 'L003' }, OTHER)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await h.call('checkIn', { action: 'studentLocation', studentNo: 'L003' }, student(1))).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses other classes\' teachers, students and reports not addressed to the student', async () => {
    const { reportId } = await h.ok<{ reportId: string }>('checkIn', { action: 'openReport', title: '返校报告', audience: { studentNos: ['L001'] } }, TEACHER);
    expect((await h.call('checkIn', { action: 'reportStatus', reportId }, OTHER)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await h.call('checkIn', { action: 'reportStatus', reportId }, student(1))).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await h.call('checkIn', { action: 'location', reportId, lat: 1, lng: 1 }, student(2))).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await h.call('checkIn', { action: 'openReport', title: 'x', audience: { classIds: [classId] } }, OTHER)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
