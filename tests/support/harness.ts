/** Starts an emulator on a free port over a fresh data folder, and calls it over HTTP as a client would. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../../core/function/envelope';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../platform/local/emulator';

export interface Harness {
  emulator: Emulator;
  dataDir: string;
  /** POST /api/fn/<name> with the dev identity header; answers the HTTP status and the envelope. */
  call<T = unknown>(name: string, event: unknown, openid?: string): Promise<{ status: number; body: Envelope<T> }>;
  /** Like `call`, but throws unless the answer is ok, and returns its data. */
  ok<T = unknown>(name: string, event: unknown, openid?: string): Promise<T>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const ADMIN = 'admin-openid-0001';

export async function startHarness(options: Omit<EmulatorOptions, 'dataDir' | 'port'> = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fudao-test-'));
  const env = { FUDAO_ADMIN_OPENIDS: ADMIN, FUDAO_SECRET: 'test-secret', ...options.env };
  const boot = () => startEmulator({ timers: false, ...options, env, dataDir, port: 0 });
  let emulator = await boot();

  const harness: Harness = {
    get emulator() {
      return emulator;
    },
    dataDir,
    async call<T>(name: string, event: unknown, openid?: string) {
      const res = await fetch(`${emulator.url}/api/fn/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(openid ? { 'x-fudao-openid': openid } : {}) },
        body: typeof event === 'string' ? event : JSON.stringify(event),
      });
      return { status: res.status, body: (await res.json()) as Envelope<T> };
    },
    async ok<T>(name: string, event: unknown, openid?: string) {
      const { body } = await harness.call<T>(name, event, openid);
      if (!body.ok) throw new Error(`${name} ${JSON.stringify(event).slice(0, 120)} → ${body.error.code} ${body.error.message}`);
      return body.data;
    },
    async restart() {
      await emulator.stop();
      emulator = await boot();
    },
    async close() {
      await emulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** `n` roster rows with predictable numbers, names and ID tails. */
export function rosterRows(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    studentNo: `${prefix}${String(i + 1).padStart(3, '0')}`,
    name: `学生${prefix}${i + 1}`,
    idTail: `${String(200000 + i).slice(-5)}${i % 10}`,
  }));
}

/** A school of one class with a bound teacher, ready for tests that need one. */
export async function schoolWithClass(h: Harness, teacherOpenid: string, prefix = 'S', students = 10) {
  const { classId } = await h.ok<{ classId: string }>('admin', { action: 'createClass', name: `${prefix}班`, grade: '2024', major: '测试' }, ADMIN);
  const { inviteCode } = await h.ok<{ inviteCode: string }>('admin', { action: 'createTeacherInvite', name: `${prefix}老师`, classIds: [classId] }, ADMIN);
  await h.ok('bind', { action: 'teacher', inviteCode }, teacherOpenid);
  const rows = rosterRows(prefix, students);
  await h.ok('admin', { action: 'importStudents', classId, rows }, teacherOpenid);
  return { classId, rows };
}
