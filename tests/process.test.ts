/**
 * `npm start` as a process: it seeds a demo school on first start, prints how to use it, and what it
 * acknowledged survives `kill -9`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NoticeStats } from '../core/contracts/notices';
import { DEMO } from '../platform/local/seed';
import { callFn, killHard, startProcess } from './support/process';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fudao-proc-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('npm start', () => {
  it('seeds a demo school, and keeps what it acknowledged through kill -9', async () => {
    const dataDir = tempDir();
    const first = await startProcess(dataDir);
    expect(first.output()).toContain('demo-teacher');
    expect(first.output()).toContain(first.url);

    const classes = await callFn<{ items: { studentCount: number }[] }>(first.url, 'admin', { action: 'listClasses' }, DEMO.teacher);
    expect(classes.items.map((c) => c.studentCount)).toEqual([40, 40, 40]);
    const inbox = await callFn<{ items: unknown[] }>(first.url, 'notices', { action: 'inbox' }, DEMO.student(1));
    expect(inbox.items).toHaveLength(3);

    const { noticeId } = await callFn<{ noticeId: string }>(first.url, 'pushNotice', { action: 'create', title: '断电前的通知', body: '内容', category: '安全', urgency: 'urgent', audience: { all: true } }, DEMO.teacher);
    await callFn(first.url, 'notices', { action: 'read', noticeId }, DEMO.student(2));
    await killHard(first);
    // Really gone: nothing answers on its address any more.
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow();

    const second = await startProcess(dataDir);
    expect(second.output()).not.toContain('首次启动');
    const stats = await callFn<NoticeStats>(second.url, 'stats', { action: 'notice', noticeId }, DEMO.teacher);
    expect(stats).toMatchObject({ recipients: 120, read: 1 });
    const again = await callFn<{ items: { studentCount: number }[] }>(second.url, 'admin', { action: 'listClasses' }, DEMO.teacher);
    expect(again.items).toHaveLength(3);
    await killHard(second);
  });

  it('skips the demo school with --no-seed', async () => {
    const p = await startProcess(tempDir(), ['--no-seed']);
    const health = (await (await fetch(`${p.url}/healthz`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    const me = await callFn<{ role: string }>(p.url, 'bind', { action: 'me' }, DEMO.teacher);
    expect(me.role).toBe('unbound');
    await killHard(p);
  });
});
