/**
 * The Files port on disk: `<dataDir>/files/<path>`, downloaded through the gateway with URLs signed
 * by the server secret and valid for a limited time, like CloudBase's temporary URLs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type { Files } from '../../core/ports/files';

const PREFIX = 'local://';

export interface LocalFiles extends Files {
  /** The file behind a signed `/files/...` request, or null when the signature or time is wrong. */
  resolveSigned(path: string, expires: string, sig: string, now: number): string | null;
}

export function createLocalFiles(dataDir: string, secret: string, baseUrl: () => string): LocalFiles {
  const root = join(dataDir, 'files');
  const sign = (path: string, expires: number) => createHmac('sha256', secret).update(`${path}\n${expires}`).digest('base64url');
  const safePath = (path: string) => {
    const clean = normalize(path).replace(/^([/\\])+/, '');
    if (clean.startsWith('..') || clean.includes('\0')) throw new Error(`invalid file path: ${path}`);
    return clean;
  };
  const pathOf = (fileId: string) => {
    if (!fileId.startsWith(PREFIX)) throw new Error(`not a local file id: ${fileId}`);
    return safePath(fileId.slice(PREFIX.length));
  };
  return {
    async upload(path, content) {
      const clean = safePath(path);
      await mkdir(dirname(join(root, clean)), { recursive: true });
      await writeFile(join(root, clean), content);
      return { fileId: `${PREFIX}${clean}`, size: content.length };
    },
    async tempUrl(fileId, ttlSeconds) {
      const path = pathOf(fileId);
      const expires = Date.now() + ttlSeconds * 1000;
      return `${baseUrl()}/files/${path.split('/').map(encodeURIComponent).join('/')}?expires=${expires}&sig=${sign(path, expires)}`;
    },
    read: (fileId) => readFile(join(root, pathOf(fileId))),
    resolveSigned(path, expires, sig, now) {
      const clean = safePath(path);
      const expected = Buffer.from(sign(clean, Number(expires)));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given) || Number(expires) < now) return null;
      return join(root, clean);
    },
  };
}
