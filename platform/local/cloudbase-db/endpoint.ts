import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { LocalStore } from '../store/nedb-store';
import { readBody, sendJson } from '../http/body';
import { runDatabaseAction, type DbRequest } from './database-actions';

const MAX_BODY = 16 * 1024 * 1024;

/** `POST /admin`: the CloudBase server API the SDKs call when given `serviceUrl`. */
export async function handleDatabaseRequest(store: LocalStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  let body: DbRequest;
  try {
    body = JSON.parse((await readBody(req, MAX_BODY)).toString('utf8')) as DbRequest;
  } catch {
    sendJson(res, 200, { code: 'INVALID_PARAM', message: 'body must be JSON', requestId });
    return;
  }
  try {
    sendJson(res, 200, { ...(await runDatabaseAction(store, body)), requestId });
  } catch (error) {
    sendJson(res, 200, { code: 'SYS_ERR', message: (error as Error).message, requestId });
  }
}
