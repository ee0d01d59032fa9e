/**
 * How the fake speaks HTTP the way api.weixin.qq.com does: always status 200 with a JSON body,
 * errors carrying a ` rid: …` request id, and msgids as bare 64-bit JSON numbers — which do not
 * fit a JS number, so a client that JSON.parses them naively gets a wrong id, as in production.
 */

import { randomBytes } from 'node:crypto';
import type http from 'node:http';

/** Bodies beyond this are refused as malformed rather than buffered. */
const MAX_BODY_BYTES = 1024 * 1024;

export type BodyRead = { ok: true; text: string } | { ok: false; reason: 'too large' | 'aborted' };

export function readBody(req: http.IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? { ok: false, reason: 'too large' } : { ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => resolve({ ok: false, reason: 'aborted' }));
    req.on('aborted', () => resolve({ ok: false, reason: 'aborted' }));
  });
}

/** WeChat's request id: the second in hex, then two random 32-bit hex groups. */
export function newRid(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000).toString(16).padStart(8, '0');
  return `${seconds}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

/** A random 19-digit msgid below 2^63, as WeChat's are. */
export function newMsgid(): string {
  const n = BigInt(`0x${randomBytes(8).toString('hex')}`) & ((1n << 63n) - 1n);
  return (n < 10n ** 18n ? n + 10n ** 18n : n).toString();
}

/** Writes `body` as WeChat does; `msgid` (decimal text) is spliced in as a bare JSON number. */
export function writeWeChatJson(res: http.ServerResponse, body: Record<string, unknown>, msgid?: string): void {
  if (res.destroyed || res.writableEnded) return;
  let text = JSON.stringify(body);
  if (msgid !== undefined) text = `${text.slice(0, -1)},"msgid":${msgid}}`;
  res.writeHead(200, {
    'Content-Type': 'application/json; encoding=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
