/** Runs `npm start`'s script as its own process, the way a developer (or a crash) meets it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

export interface StartedProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts scripts/start.ts and resolves once it has printed that it is up. */
export async function startProcess(dataDir: string, args: string[] = [], env: Record<string, string> = {}): Promise<StartedProcess> {
  const port = await freePort();
  // One process, tsx as a loader: a SIGKILL must hit the server itself, not a wrapper around it.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), FUDAO_DATA_DIR: dataDir, FUDAO_ADMIN_OPENIDS: '', FUDAO_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolveUp, reject) => {
    const timer = setTimeout(() => reject(new Error(`not up within 60 s:\n${out}`)), 60_000);
    const check = () => {
      if (out.includes('已启动')) {
        clearTimeout(timer);
        resolveUp();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, output: () => out };
}

export async function killHard(p: StartedProcess): Promise<void> {
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGKILL');
  await exited;
}

export async function callFn<T>(url: string, name: string, event: object, openid?: string): Promise<T> {
  const res = await fetch(`${url}/api/fn/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-fudao-openid': openid } : {}) },
    body: JSON.stringify(event),
  });
  const body = (await res.json()) as { ok: boolean; data: T; error?: unknown };
  if (!body.ok) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
  return body.data;
}
