/**
 * WeChat's server API as Fudao uses it. Every call answers WeChat's own `{errcode, errmsg}`
 * instead of throwing, because the errcode is data: it decides retry, failure reason and statistics.
 */

export interface WeChatResult {
  errcode: number;
  errmsg: string;
  /** Set when WeChat returned an id for the send (subscribe messages return `msgid`). */
  msgid?: string;
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  /** Mini-program page opened from the message, with query. */
  page?: string;
  /** `{ key: { value } }` as WeChat expects. */
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

export type CustomerServiceMessage =
  | { touser: string; msgtype: 'text'; text: { content: string } }
  | { touser: string; msgtype: 'image'; image: { media_id: string } }
  | { touser: string; msgtype: 'link'; link: { title: string; description: string; url: string; thumb_url: string } }
  | { touser: string; msgtype: 'miniprogrampage'; miniprogrampage: { title: string; pagepath: string; thumb_media_id: string } };

export interface WeChat {
  sendSubscribeMessage(message: SubscribeMessage): Promise<WeChatResult>;
  sendCustomerServiceMessage(message: CustomerServiceMessage): Promise<WeChatResult>;
}

/** errcodes after which the same send may succeed later. */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45009]);
