/**
 * `npm run build`: bundles each cloudfunctions/<fn>/index.ts with esbuild into
 * dist/cloudfunctions/<fn>/ — index.js exporting `main`, a package.json naming wx-server-sdk (which
 * CloudBase installs), and the function's config.json (timeout, triggers, openapi permissions).
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

export interface BuiltFunction {
  name: string;
  dir: string;
  bytes: number;
}

export async function buildFunctions(outDir = join(ROOT, 'dist', 'cloudfunctions')): Promise<BuiltFunction[]> {
  const sourceDir = join(ROOT, 'cloudfunctions');
  const rootPackage = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const names = (await readdir(sourceDir)).filter((name) => existsSync(join(sourceDir, name, 'index.ts'))).sort();
  await rm(outDir, { recursive: true, force: true });
  const built: BuiltFunction[] = [];
  for (const name of names) {
    const dir = join(outDir, name);
    await mkdir(dir, { recursive: true });
    const result = await build({
      entryPoints: [join(sourceDir, name, 'index.ts')],
      outfile: join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      // CloudBase's Node.js 16 runtime is the oldest this code is deployed to.
      target: 'node16',
      format: 'cjs',
      // Installed by CloudBase from package.json ("云端安装依赖"), as its docs recommend.
      external: ['wx-server-sdk'],
      legalComments: 'none',
      logLevel: 'silent',
      metafile: true,
    });
    await writeFile(
      join(dir, 'package.json'),
      `${JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': rootPackage.dependencies['wx-server-sdk'] } }, null, 2)}\n`,
    );
    await copyFile(join(sourceDir, name, 'config.json'), join(dir, 'config.json'));
    const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
    built.push({ name, dir, bytes });
  }
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildFunctions();
  for (const f of built) console.log(`  ${f.name.padEnd(12)} ${(f.bytes / 1024).toFixed(0).padStart(5)} KiB  ${f.dir}`);
  console.log(`built ${built.length} functions`);
}
