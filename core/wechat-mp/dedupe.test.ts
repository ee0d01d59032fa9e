import { describe, expect, it } from 'vitest';
import { dedupeKey } from './dedupe';
import { parseInbound } from './inbound';
import { vectors } from './test-vectors';
import { parseWeChatXml } from './xml';

const messageOf = (xml: string) => {
  const read = parseWeChatXml(xml);
  if (!read.ok) throw new Error(read.reason);
  const parsed = parseInbound(read.fields);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.message;
};

const vector = (id: string) => messageOf(vectors.inbound.find((v) => v.id === id)!.xml);

describe('dedupeKey', () => {
  it('keys a message by its MsgId, which survives as text', () => {
    expect(dedupeKey(vector('chanxuehong-TestTextMessage'))).toBe('msg:6260957665266699303');
  });

  it('gives a retried push the same key as the first delivery', () => {
    const first = vectors.inbound.find((v) => v.id === 'chanxuehong-TestScanEvent')!.xml;
    const retry = first.replace(/\n/g, '');
    expect(dedupeKey(messageOf(retry))).toBe(dedupeKey(messageOf(first)));
  });

  it('keys an event by sender, time and event name', () => {
    expect(dedupeKey(vector('chanxuehong-TestSubscribeEvent-plain'))).toBe('event:os-IKuHd9pJ6xsn4mS7GyL4HxqI4:1457752147:subscribe');
  });

  it('tells apart two events of one user in the same second', () => {
    const subscribe = vector('wechatpy-subscribe-scan');
    const click = vector('wechatpy-click');
    expect(subscribe.FromUserName).toBe(click.FromUserName);
    expect(subscribe.CreateTime).toBe(click.CreateTime);
    expect(dedupeKey(subscribe)).not.toBe(dedupeKey(click));
  });

  it('adds the send id to send results, so two results in one second are both kept', () => {
    const result = (msgId: string) =>
      messageOf(
        `<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1395658920</CreateTime><MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>${msgId}</MsgID><Status>success</Status></xml>`,
      );
    expect(dedupeKey(result('200163836'))).toBe('event:o1:1395658920:TEMPLATESENDJOBFINISH:200163836');
    expect(dedupeKey(result('200163836'))).not.toBe(dedupeKey(result('200163837')));
  });

  it('adds every MsgID of a subscribe_msg_sent_event', () => {
    const message = messageOf(
      '<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>subscribe_msg_sent_event</Event><SubscribeMsgSentEvent><List><TemplateId>t</TemplateId><MsgID>5</MsgID><ErrorCode>0</ErrorCode><ErrorStatus>success</ErrorStatus></List><List><TemplateId>t</TemplateId><MsgID>6</MsgID><ErrorCode>0</ErrorCode><ErrorStatus>success</ErrorStatus></List></SubscribeMsgSentEvent></xml>',
    );
    expect(dedupeKey(message)).toBe('event:o1:1:subscribe_msg_sent_event:5,6');
  });

  it('keys an unknown push by MsgId when it has one, else like an event', () => {
    const head = '<ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>9</CreateTime>';
    expect(dedupeKey(messageOf(`<xml>${head}<MsgType>newtype</MsgType><MsgId>77</MsgId></xml>`))).toBe('msg:77');
    expect(dedupeKey(messageOf(`<xml>${head}<MsgType>event</MsgType><Event>new_event</Event></xml>`))).toBe('event:o1:9:new_event');
    expect(dedupeKey(messageOf(`<xml>${head}<MsgType>newtype</MsgType></xml>`))).toBe('push:o1:9:newtype');
  });
});
