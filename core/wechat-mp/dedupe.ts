/**
 * WeChat retries a push it got no answer to within 5 seconds, three times in all, so the same
 * message can arrive more than once. Its advice: deduplicate messages by MsgId and events by
 * FromUserName + CreateTime.
 */
export interface Dedupable {
  MsgType: string;
  FromUserName: string;
  CreateTime: string;
  MsgId?: string;
  Event?: string;
  MsgID?: string;
  SubscribeMsgSentEvent?: { List: ReadonlyArray<{ MsgID: string }> };
}

export function dedupeKey(message: Dedupable): string {
  if (message.MsgId !== undefined) return `msg:${message.MsgId}`;
  // A push of a type not known yet that has no MsgId is treated like an event, under its MsgType.
  const base =
    message.Event === undefined
      ? `push:${message.FromUserName}:${message.CreateTime}:${message.MsgType}`
      : `event:${message.FromUserName}:${message.CreateTime}:${message.Event}`;
  // Send-result events name the send they report on. Two template sends to one user can finish
  // in the same second; without the id the second result would be dropped as a retry of the first.
  const ids = message.SubscribeMsgSentEvent?.List.map((item) => item.MsgID) ?? (message.MsgID === undefined ? [] : [message.MsgID]);
  return ids.length === 0 ? base : `${base}:${ids.join(',')}`;
}
