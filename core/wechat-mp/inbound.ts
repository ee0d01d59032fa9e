import { z } from 'zod';
import type { FieldValue, Fields } from './fields';
import { decimal, digits, oneOrMany, parseWithVariants, variant, type MessageResult, type UnknownPush } from './message-schema';

/**
 * Every message and event the official account's server URL receives, as WeChat documents them
 * (接收普通消息 / 接收事件推送 / 订阅通知 / 模板消息 / 群发). Field names and text are WeChat's own.
 */

/** Present when the user sent the message from an article (文章评论/留言). */
const fromArticle = { MsgDataId: z.string().optional(), Idx: z.string().optional() };

const text = variant('text', { MsgType: z.literal('text'), Content: z.string(), MsgId: digits, ...fromArticle });
const image = variant('image', { MsgType: z.literal('image'), PicUrl: z.string(), MediaId: z.string(), MsgId: digits, ...fromArticle });
const voice = variant('voice', {
  MsgType: z.literal('voice'),
  MediaId: z.string(),
  Format: z.string(),
  /** Only when speech recognition is switched on for the account. */
  Recognition: z.string().optional(),
  MediaId16K: z.string().optional(),
  MsgId: digits,
  ...fromArticle,
});
const video = variant('video', { MsgType: z.literal('video'), MediaId: z.string(), ThumbMediaId: z.string(), MsgId: digits, ...fromArticle });
const shortvideo = variant('shortvideo', {
  MsgType: z.literal('shortvideo'),
  MediaId: z.string(),
  ThumbMediaId: z.string(),
  MsgId: digits,
  ...fromArticle,
});
const location = variant('location', {
  MsgType: z.literal('location'),
  Location_X: decimal,
  Location_Y: decimal,
  Scale: digits,
  Label: z.string(),
  MsgId: digits,
  ...fromArticle,
});
const link = variant('link', { MsgType: z.literal('link'), Title: z.string(), Description: z.string(), Url: z.string(), MsgId: digits, ...fromArticle });

const event = <E extends string>(name: E) => ({ MsgType: z.literal('event'), Event: z.literal(name) });

/** Scanning a parametric QR code while not yet following sends `qrscene_<scene>` plus the code's Ticket. */
const QR_PREFIX = 'qrscene_';
const subscribe = variant('event:subscribe', { ...event('subscribe'), EventKey: z.string().optional(), Ticket: z.string().optional() }).transform(
  (message) => (message.EventKey?.startsWith(QR_PREFIX) ? { ...message, qrScene: message.EventKey.slice(QR_PREFIX.length) } : message),
);
const unsubscribe = variant('event:unsubscribe', { ...event('unsubscribe'), EventKey: z.string().optional() });
/** Scanning a parametric QR code while already following: EventKey is the bare scene. */
const scan = variant('event:SCAN', { ...event('SCAN'), EventKey: z.string(), Ticket: z.string() });
const reportedLocation = variant('event:LOCATION', { ...event('LOCATION'), Latitude: decimal, Longitude: decimal, Precision: decimal });
const click = variant('event:CLICK', { ...event('CLICK'), EventKey: z.string() });
/** EventKey is the URL the menu opened. */
const view = variant('event:VIEW', { ...event('VIEW'), EventKey: z.string(), MenuId: z.string().optional() });

/** The outcome of one subscribe message (订阅通知) sent through the API; ErrorCode 0 is delivered. */
export const subscribeSentItem = z.object({ TemplateId: z.string(), MsgID: digits, ErrorCode: z.string().regex(/^-?\d+$/), ErrorStatus: z.string() });
export const subscribeMsgSent = variant('event:subscribe_msg_sent_event', {
  ...event('subscribe_msg_sent_event'),
  SubscribeMsgSentEvent: z.object({ List: oneOrMany(subscribeSentItem) }),
});

/** Status is `success`, `failed:user block` or `failed: system failed`, exactly as WeChat spells them. */
const templateSendFinished = variant('event:TEMPLATESENDJOBFINISH', { ...event('TEMPLATESENDJOBFINISH'), MsgID: digits, Status: z.string() });

const raw = z.custom<FieldValue>((value) => value !== undefined);
/**
 * Real pushes spell the id `MsgID`; some SDKs and older pages write `MsgId`, so either is accepted
 * and it is always reported as `MsgID`.
 */
const massSendFinished = z
  .preprocess(
    (value) => {
      const fields = value as Fields;
      return Object.hasOwn(fields, 'MsgID') || !Object.hasOwn(fields, 'MsgId') ? fields : { ...fields, MsgID: fields.MsgId };
    },
    variant('event:MASSSENDJOBFINISH', {
      ...event('MASSSENDJOBFINISH'),
      MsgID: digits,
      /** `send success`, `send fail` or `err(<code>)` when the content was blocked in review. */
      Status: z.string(),
      TotalCount: digits,
      FilterCount: digits,
      SentCount: digits,
      ErrorCount: digits,
      /** Originality check and published URLs; kept as sent because WeChat fills them unevenly (even as blank text). */
      CopyrightCheckResult: raw.optional(),
      ArticleUrlResult: raw.optional(),
    }),
  );

const VARIANTS = [
  ['text', text],
  ['image', image],
  ['voice', voice],
  ['video', video],
  ['shortvideo', shortvideo],
  ['location', location],
  ['link', link],
  ['event:subscribe', subscribe],
  ['event:unsubscribe', unsubscribe],
  ['event:SCAN', scan],
  ['event:LOCATION', reportedLocation],
  ['event:CLICK', click],
  ['event:VIEW', view],
  ['event:subscribe_msg_sent_event', subscribeMsgSent],
  ['event:TEMPLATESENDJOBFINISH', templateSendFinished],
  ['event:MASSSENDJOBFINISH', massSendFinished],
] as const;

type Known = z.output<(typeof VARIANTS)[number][1]>;

export type InboundMessage = Known | UnknownPush;
export type InboundKind = InboundMessage['kind'];

const variants: ReadonlyMap<string, z.ZodType<Known>> = new Map<string, z.ZodType<Known>>(VARIANTS);

/** Turns the fields of a decoded push into one typed message; unknown types parse to `unknown`. */
export const parseInbound = (fields: Fields): MessageResult<InboundMessage> => parseWithVariants(fields, variants);

/** Kinds a user sends by typing or sharing, as opposed to events the platform reports. */
export const USER_MESSAGE_KINDS: ReadonlySet<string> = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link']);
