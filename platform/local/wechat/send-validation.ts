/**
 * WeChat's checks on the body of the two send APIs, in the order WeChat reports them
 * (recipient, then template, then content), so the first problem is the one production names.
 */

import { errmsgOf } from './errcodes';
import { checkSubscribeData, dataProblemErrmsg } from './subscribe-data';

export interface Refusal {
  errcode: number;
  errmsg: string;
}

export interface ValidationOptions {
  /** What an OPENID must look like; anything else is 40003. */
  openidPattern: RegExp;
  /** Known templates → their keywords. When given, other template ids are 40037 and missing keywords 47003. */
  templates?: Readonly<Record<string, readonly string[]>>;
}

const refuse = (errcode: number, errmsg = errmsgOf(errcode)): Refusal => ({ errcode, errmsg });

function checkTouser(body: Record<string, unknown>, options: ValidationOptions): Refusal | null {
  const touser = body.touser;
  return typeof touser === 'string' && options.openidPattern.test(touser) ? null : refuse(40003);
}

export function validateSubscribe(body: Record<string, unknown>, options: ValidationOptions): Refusal | null {
  const bad = checkTouser(body, options);
  if (bad) return bad;
  const templateId = body.template_id;
  if (typeof templateId !== 'string' || templateId === '') return refuse(40037);
  let keywords: readonly string[] = [];
  if (options.templates) {
    const known = options.templates[templateId];
    if (!known) return refuse(40037);
    keywords = known;
  }
  const problem = checkSubscribeData(body.data, keywords);
  return problem ? refuse(47003, dataProblemErrmsg(problem)) : null;
}

/** The message types a mini program may send through the customer-service API. */
const CUSTOM_TYPES = new Set(['text', 'image', 'link', 'miniprogrampage']);

export function validateCustomerService(body: Record<string, unknown>, options: ValidationOptions): Refusal | null {
  const bad = checkTouser(body, options);
  if (bad) return bad;
  const msgtype = body.msgtype;
  if (typeof msgtype !== 'string' || !CUSTOM_TYPES.has(msgtype)) return refuse(40008);
  const content = body[msgtype];
  if (content === null || typeof content !== 'object') return refuse(47001);
  const fields = content as Record<string, unknown>;
  if (msgtype === 'text' && (typeof fields.content !== 'string' || fields.content === '')) return refuse(44004);
  if (msgtype === 'image' && (typeof fields.media_id !== 'string' || fields.media_id === '')) return refuse(40007);
  return null;
}
