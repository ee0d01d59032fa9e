/**
 * The deployable bundles, not the sources: each one loads on its own, and runs on CloudBase's terms
 * (wx-server-sdk reaching the database at the URL the platform injects, the caller in WX_* variables)
 * against the emulator.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../core/collections';
import { ADMIN, startHarness, type Harness } from '../tests/support/harness';
import { buildFunctions, type BuiltFunction } from './build';

const ROOT = resolve(import.meta.dirname, '..');
// Inside the repository so the bundles resolve wx-server-sdk from its node_modules, as they would
// from their own on CloudBase.
const OUT = join(ROOT, '.tmp', `build-test-${process.pid}`);

describe('npm run build', () => {
  let built: BuiltFunction[];
  let h: Harness;

  beforeAll(async () => {
    built = await buildFunctions(OUT);
    h = await startHarness();
  }, 120_000);
  afterAll(async () => {
    await h.close();
    rmSync(OUT, { recursive: true, force: true });
  });

  it('bundles every function with its package.json and config.json', () => {
    const sources = ['admin', 'bind', 'deliver', 'notices', 'pushNotice', 'stats'];
    expect(built.map((f) => f.name)).toEqual(expect.arrayContaining(sources));
    for (const f of built) {
      const pkg = JSON.parse(readFileSync(join(f.dir, 'package.json'), 'utf8'));
      expect(pkg.main).toBe('index.js');
      expect(Object.keys(pkg.dependencies)).toEqual(['wx-server-sdk']);
      expect(JSON.parse(readFileSync(join(f.dir, 'config.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(ROOT, 'cloudfunctions', f.name, 'config.json'), 'utf8')));
      // Nothing of the emulator or of the test tools ends up in a deployed function.
      const code = readFileSync(join(f.dir, 'index.js'), 'utf8');
      expect(code).not.toMatch(/@seald-io\/nedb|vitest|fake-api/);
    }
  });

  it('every bundle can be required and exports main', () => {
    const require = createRequire(join(OUT, 'index.js'));
    for (const f of built) {
      const mod = require(join(f.dir, 'index.js'));
      expect(typeof mod.main, f.name).toBe('function');
    }
  });

  it('the bundles run against the emulator as they would on CloudBase', async () => {
    const calls = [
      { fn: 'admin', openid: ADMIN, event: { action: 'createClass', name: '部署测试班', grade: '2025', major: '云开发' } },
      { fn: 'bind', openid: 'nobody-openid-01', event: { action: 'me' } },
      { fn: 'admin', openid: 'nobody-openid-01', event: { action: 'listClasses' } },
      { fn: 'admin', openid: ADMIN, event: { action: 'createClass', name: '' } },
      // A client cannot pose as the timer: its call chain says wx_client.
      { fn: 'deliver', event: { Type: 'Timer' } },
      { fn: 'deliver', event: { action: 'timer' } },
      { fn: 'deliver', source: 'wx_trigger', event: { Type: 'Timer', TriggerName: 'everyMinute' } },
    ];
    const env = {
      ...process.env,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${h.emulator.url}/admin` }),
      TCB_ENV: 'fudao-test',
      TENCENTCLOUD_SECRETID: 'test-id',
      TENCENTCLOUD_SECRETKEY: 'test-key',
      FUDAO_SECRET: 'test-secret',
      FUDAO_ADMIN_OPENIDS: ADMIN,
    };
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'tests', 'support', 'run-bundles.cjs'), JSON.stringify({ dir: OUT, calls })], { env, timeout: 60_000 });
    const [created, me, refused, invalid, forged, forgedAction, timer] = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(created).toMatchObject({ ok: true, data: { classId: expect.any(String) } });
    // Written through wx-server-sdk into the emulator's store.
    const stored = await h.emulator.store.get(COLLECTIONS.classes, created.data.classId);
    expect(stored).toMatchObject({ name: '部署测试班', createdBy: ADMIN });
    expect(me).toEqual({ ok: true, data: { role: 'unbound' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(forged).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(forgedAction).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(timer).toMatchObject({ ok: true, data: { stoppedBy: 'empty' } });
    expect(existsSync(OUT)).toBe(true);
  });
});
