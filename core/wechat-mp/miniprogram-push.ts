import { z } from 'zod';
import type { Dialect } from './dialect';
import { emptyFields, textField, type Fields } from './fields';
import { subscribeMsgSent } from './inbound';
import { parseWeChatJson } from './json';
import { digits, parseWithVariants, variant, type MessageResult, type UnknownPush } from './message-schema';
import { parseWeChatXml } from './xml';

/**
 * The mini-program's message push (消息推送): customer-service messages users send from the
 * mini-program's contact button, and platform events. The console chooses JSON or XML; both
 * carry the same fields, and safe mode wraps either in an `Encrypt` field with the same crypto.
 */

const text = variant('text', { MsgType: z.literal('text'), Content: z.string(), MsgId: digits });
const image = variant('image', { MsgType: z.literal('image'), PicUrl: z.string(), MediaId: z.string(), MsgId: digits });
/** A mini-program card the user shared into the conversation. */
const miniprogrampage = variant('miniprogrampage', {
  MsgType: z.literal('miniprogrampage'),
  MsgId: digits,
  Title: z.string(),
  AppId: z.string(),
  PagePath: z.string(),
  ThumbUrl: z.string(),
  ThumbMediaId: z.string(),
});
/** The user opened the customer-service conversation; SessionFrom is the button's session-from. */
const enterTempSession = variant('event:user_enter_tempsession', {
  MsgType: z.literal('event'),
  Event: z.literal('user_enter_tempsession'),
  SessionFrom: z.string(),
});

const VARIANTS = [
  ['text', text],
  ['image', image],
  ['miniprogrampage', miniprogrampage],
  ['event:user_enter_tempsession', enterTempSession],
  // Results of subscribe messages sent by the mini-program arrive on this same push.
  ['event:subscribe_msg_sent_event', subscribeMsgSent],
] as const;

type Known = z.output<(typeof VARIANTS)[number][1]>;

export type MiniProgramMessage = Known | UnknownPush;

const variants: ReadonlyMap<string, z.ZodType<Known>> = new Map<string, z.ZodType<Known>>(VARIANTS);

/**
 * The JSON form of subscribe_msg_sent_event puts `List` at the top level where the XML form
 * nests it in `SubscribeMsgSentEvent`; both are read as the XML shape.
 */
function nestSentList(fields: Fields): Fields {
  if (textField(fields, 'Event') !== 'subscribe_msg_sent_event' || Object.hasOwn(fields, 'SubscribeMsgSentEvent') || !Object.hasOwn(fields, 'List')) {
    return fields;
  }
  const nested = emptyFields();
  nested.List = fields.List!;
  const out = Object.assign(emptyFields(), fields);
  delete out.List;
  out.SubscribeMsgSentEvent = nested;
  return out;
}

export const parseMiniProgramMessage = (fields: Fields): MessageResult<MiniProgramMessage> => parseWithVariants(nestSentList(fields), variants);

export const MINIPROGRAM_JSON: Dialect<MiniProgramMessage> = { read: parseWeChatJson, toMessage: parseMiniProgramMessage };
export const MINIPROGRAM_XML: Dialect<MiniProgramMessage> = { read: parseWeChatXml, toMessage: parseMiniProgramMessage };
