/**
 * Bad input for every action of every function: wrong types, missing fields, huge strings, unknown
 * actions and events that are not objects are all INVALID_INPUT (HTTP 400), and nothing is written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ADMIN, schoolWithClass, startHarness, type Harness } from './support/harness';

const TEACHER = 'teacher-bad-input';

/** One valid event per action: the mutations below break one thing at a time. */
const VALID: Record<string, Record<string, unknown>[]> = {
  admin: [
    { action: 'createClass', name: '班', grade: '2024', major: '专业' },
    { action: 'listClasses' },
    { action: 'importStudents', classId: 'c1', rows: [{ studentNo: 'S1', name: '名', idTail: '123456' }] },
    { action: 'listStudents', classId: 'c1', cursor: 'abc', limit: 10 },
    { action: 'updateStudent', studentNo: 'S1', name: '新名', gender: 'male', phone: '13800000000', classId: 'c1', idTail: '12345X' },
    { action: 'removeStudent', studentNo: 'S1' },
    { action: 'createTeacherInvite', name: '老师', classIds: ['c1'] },
  ],
  bind: [
    { action: 'student', studentNo: 'S1', name: '名', idTail: '123456' },
    { action: 'teacher', inviteCode: 'ABCDEFGH' },
    { action: 'me' },
    { action: 'unbind', studentNo: 'S1' },
  ],
  pushNotice: [{ action: 'create', title: '标题', body: '正文', category: '学业', urgency: 'urgent', audience: { classIds: ['c1'] }, requestId: 'r1' }],
  notices: [
    { action: 'inbox', cursor: 'abc', limit: 10 },
    { action: 'read', noticeId: 'n1' },
  ],
  stats: [
    { action: 'notice', noticeId: 'n1' },
    { action: 'unread', noticeId: 'n1', cursor: 'abc', limit: 10 },
    { action: 'recount', noticeId: 'n1' },
  ],
  deliver: [{ action: 'drain' }, { action: 'timer', trigger: 'everyMinute' }],
  checkIn: [
    { action: 'create', title: '班会', place: 'A203', startsAt: 1_800_000_000_000, endsAt: 1_800_003_600_000, audience: { classIds: ['c1'] }, modes: ['qr', 'geo'], geo: { lat: 30.1, lng: 120.2, radiusM: 100 }, lateAfterMin: 5, capacity: 50, signupRequired: true, signupDeadline: 1_799_990_000_000, notify: true, requestId: 'r1' },
    { action: 'list', cursor: 'abc', limit: 10 },
    { action: 'get', meetingId: 'm1' },
    { action: 'token', meetingId: 'm1' },
    { action: 'submit', meetingId: 'm1', token: 'abcdefgh', code: '1234', location: { lat: 30.1, lng: 120.2, accuracy: 20 } },
    { action: 'signup', meetingId: 'm1' },
    { action: 'cancelSignup', meetingId: 'm1' },
    { action: 'leave', meetingId: 'm1', reason: '生病' },
    { action: 'reviewLeave', meetingId: 'm1', studentNo: 'S1', approve: true, comment: '同意' },
    { action: 'markPresent', meetingId: 'm1', studentNo: 'S1', status: 'late' },
    { action: 'stats', meetingId: 'm1' },
    { action: 'absent', meetingId: 'm1', cursor: 'abc', limit: 10 },
    { action: 'export', meetingId: 'm1' },
    { action: 'remind' },
    { action: 'timer', trigger: 'remindEveryMinute' },
    { action: 'openReport', title: '返校报告', audience: { all: true }, deadline: 1_800_000_000_000 },
    { action: 'location', reportId: 'r1', lat: 30.1, lng: 120.2, accuracy: 15, address: '杭州', note: '已到家' },
    { action: 'reportStatus', reportId: 'r1', reported: false, cursor: 'abc', limit: 10 },
    { action: 'studentLocation', studentNo: 'S1' },
  ],
  // No actions: only events that are not objects are malformed.
  ping: [],
};

const HUGE = 'x'.repeat(200_000);

interface Case {
  name: string;
  event: unknown;
}

function casesFor(fn: string, valid: Record<string, unknown>, schema: z.ZodType): Case[] {
  const cases: Case[] = [];
  const at = `${fn}.${String(valid.action)}`;
  for (const [key, value] of Object.entries(valid)) {
    if (key === 'action') continue;
    const without = { ...valid };
    delete without[key];
    // Missing: only where the schema itself says the field is required.
    if (!schema.safeParse(without).success) cases.push({ name: `${at} without ${key}`, event: without });
    cases.push({ name: `${at} ${key} of the wrong type`, event: { ...valid, [key]: typeof value === 'number' ? 'ten' : typeof value === 'string' ? 12345 : 'not-a-list' } });
    cases.push({ name: `${at} ${key} as a huge string`, event: { ...valid, [key]: HUGE } });
    cases.push({ name: `${at} ${key} nested deeply`, event: { ...valid, [key]: JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200)) } });
  }
  return cases;
}

function storeSnapshot(dataDir: string): string {
  const dir = join(dataDir, 'db');
  return readdirSync(dir).sort().map((f) => `${f}\n${readFileSync(join(dir, f), 'utf8')}`).join('\n');
}

describe('bad input is refused with INVALID_INPUT and writes nothing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await schoolWithClass(h, TEACHER, 'Q', 3);
  });
  afterAll(() => h.close());

  for (const [fn, events] of Object.entries(VALID)) {
    it(`${fn}: every action, every field`, async () => {
      const schema = h.emulator.functions.get(fn)!.spec.input;
      for (const valid of events) expect(schema.safeParse(valid).success, `${fn} ${JSON.stringify(valid)} should be valid`).toBe(true);
      const cases: Case[] = [
        ...(events.length > 0 ? [{ name: `${fn} unknown action`, event: { action: 'dropDatabase' } }, { name: `${fn} no action`, event: {} }] : []),
        { name: `${fn} array event`, event: [] },
        { name: `${fn} string event`, event: '"hello"' },
        { name: `${fn} null event`, event: 'null' },
        { name: `${fn} number event`, event: '42' },
        ...events.flatMap((valid) => casesFor(fn, valid, schema)),
      ];
      const before = storeSnapshot(h.dataDir);
      for (const c of cases) {
        for (const openid of [ADMIN, TEACHER]) {
          const { status, body } = await h.call(fn, c.event, openid);
          expect(body.ok, c.name).toBe(false);
          if (!body.ok) {
            expect(body.error.code, c.name).toBe('INVALID_INPUT');
            expect(body.error.message, c.name).toMatch(/[\u4e00-\u9fa5]/);
          }
          expect(status, c.name).toBe(400);
        }
      }
      expect(storeSnapshot(h.dataDir)).toBe(before);
    });
  }

  it('covers every function the emulator serves', () => {
    expect(Object.keys(VALID).sort()).toEqual([...h.emulator.functions.keys()].sort());
  });

  it('a body that is not JSON, or too large, is refused before any function runs', async () => {
    const before = storeSnapshot(h.dataDir);
    const notJson = await h.call('admin', '{"action": "createClass", ', ADMIN);
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const tooLarge = await h.call('admin', { action: 'createClass', name: 'x'.repeat(5 * 1024 * 1024), grade: '1', major: '1' }, ADMIN);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unknownFn = await h.call('nope', {}, ADMIN);
    expect(unknownFn.status).toBe(404);
    expect(storeSnapshot(h.dataDir)).toBe(before);
  });

  it('an import of more than 5,000 rows is refused whole', async () => {
    const rows = Array.from({ length: 5001 }, (_, i) => ({ studentNo: `T${i}`, name: '名', idTail: '123456' }));
    const { body } = await h.call('admin', { action: 'importStudents', classId: 'c1', rows }, ADMIN);
    expect(body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
