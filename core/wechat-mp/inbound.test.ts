import { describe, expect, it } from 'vitest';
import { parseInbound, type InboundMessage } from './inbound';
import { vectors } from './test-vectors';
import { parseWeChatXml } from './xml';

function inbound(xml: string): InboundMessage {
  const read = parseWeChatXml(xml);
  if (!read.ok) throw new Error(`xml refused: ${read.reason}`);
  const parsed = parseInbound(read.fields);
  if (!parsed.ok) throw new Error(`message refused: ${parsed.detail}`);
  return parsed.message;
}

const refusal = (xml: string) => {
  const read = parseWeChatXml(xml);
  if (!read.ok) throw new Error(read.reason);
  return parseInbound(read.fields);
};

/** "event/subscribe (via parametric QR code)" → "event:subscribe". */
const kindOf = (msgType: string): string => msgType.split(' ')[0]!.replace('/', ':');

const push = (body: string, createTime = '1610969468') =>
  `<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName><CreateTime>${createTime}</CreateTime>${body}</xml>`;

describe('every published inbound vector', () => {
  it.each(vectors.inbound.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const message = inbound(v.xml);
    expect(message.kind).toBe(kindOf(v.msg_type));
    expect(message).toMatchObject(v.expected_fields);
  });

  it('keeps MsgId beyond 2^53 digit for digit', () => {
    const v = vectors.inbound.find((i) => i.id === 'chanxuehong-TestTextMessage')!;
    expect(inbound(v.xml)).toMatchObject({ MsgId: '6260957665266699303' });
  });

  it('reads the scene of a parametric QR code from subscribe, and only there', () => {
    const viaQr = inbound(vectors.inbound.find((i) => i.id === 'chanxuehong-TestSubscribeEvent-qrscene')!.xml);
    expect(viaQr).toMatchObject({ kind: 'event:subscribe', qrScene: '1000000', EventKey: 'qrscene_1000000' });
    expect(inbound(vectors.inbound.find((i) => i.id === 'chanxuehong-TestSubscribeEvent-plain')!.xml)).not.toHaveProperty('qrScene');
    expect(inbound(vectors.inbound.find((i) => i.id === 'wechatpy-scan')!.xml)).not.toHaveProperty('qrScene');
  });
});

// Samples from WeChat's pages (接收普通消息 / 订阅通知 / 模板消息 / 群发), which have no published vectors.
describe('types documented without vectors', () => {
  it('voice with speech recognition switched on', () => {
    const xml = push('<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[media_id]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[腾讯微信团队]]></Recognition><MsgId>1234567890123456</MsgId>');
    expect(inbound(xml)).toMatchObject({ kind: 'voice', Format: 'amr', Recognition: '腾讯微信团队', MsgId: '1234567890123456' });
  });

  it('a message sent from an article carries MsgDataId and Idx', () => {
    const xml = push('<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[留言]]></Content><MsgId>22</MsgId><MsgDataId>2247483651</MsgDataId><Idx>1</Idx>');
    expect(inbound(xml)).toMatchObject({ kind: 'text', MsgDataId: '2247483651', Idx: '1' });
  });

  it('subscribe_msg_sent_event with one item reads as a list of one', () => {
    const xml = push(
      '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_sent_event]]></Event><SubscribeMsgSentEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId><MsgID>1700827132819554304</MsgID><ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus></List></SubscribeMsgSentEvent>',
    );
    expect(inbound(xml)).toMatchObject({
      kind: 'event:subscribe_msg_sent_event',
      SubscribeMsgSentEvent: { List: [{ TemplateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', MsgID: '1700827132819554304', ErrorCode: '0', ErrorStatus: 'success' }] },
    });
  });

  it('subscribe_msg_sent_event with several items keeps them all, in order', () => {
    const item = (id: string, code: string, status: string) =>
      `<List><TemplateId><![CDATA[T${id}]]></TemplateId><MsgID>${id}</MsgID><ErrorCode>${code}</ErrorCode><ErrorStatus><![CDATA[${status}]]></ErrorStatus></List>`;
    const xml = push(
      `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_sent_event]]></Event><SubscribeMsgSentEvent>${item('1', '0', 'success')}${item('2', '43101', 'fail: user refuse to accept the msg')}</SubscribeMsgSentEvent>`,
    );
    const message = inbound(xml);
    if (message.kind !== 'event:subscribe_msg_sent_event') throw new Error(message.kind);
    expect(message.SubscribeMsgSentEvent.List.map((i) => [i.MsgID, i.ErrorCode])).toEqual([
      ['1', '0'],
      ['2', '43101'],
    ]);
  });

  it('subscribe_msg_sent_event without its list is refused', () => {
    const xml = push('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_sent_event]]></Event><SubscribeMsgSentEvent></SubscribeMsgSentEvent>');
    expect(refusal(xml)).toMatchObject({ ok: false, reason: 'invalid_message' });
  });

  it.each(['success', 'failed:user block', 'failed: system failed'])('TEMPLATESENDJOBFINISH with status %s', (status) => {
    const xml = push(`<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163836</MsgID><Status><![CDATA[${status}]]></Status>`);
    expect(inbound(xml)).toMatchObject({ kind: 'event:TEMPLATESENDJOBFINISH', MsgID: '200163836', Status: status });
  });

  it('MASSSENDJOBFINISH as WeChat actually sends it (MsgID, copyright and URL results)', () => {
    const xml = push(
      '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgID>1000000003</MsgID><Status><![CDATA[send success]]></Status><TotalCount>4</TotalCount><FilterCount>4</FilterCount><SentCount>4</SentCount><ErrorCount>0</ErrorCount><CopyrightCheckResult><Count>0</Count><ResultList></ResultList><CheckState>0</CheckState></CopyrightCheckResult><ArticleUrlResult><Count>1</Count><ResultList><item><ArticleIdx>1</ArticleIdx><ArticleUrl><![CDATA[http://mp.weixin.qq.com/s/8yzT20EvmDg37Jso9nsIIw]]></ArticleUrl></item></ResultList></ArticleUrlResult>',
      '1650896441',
    );
    expect(inbound(xml)).toMatchObject({
      kind: 'event:MASSSENDJOBFINISH',
      MsgID: '1000000003',
      Status: 'send success',
      TotalCount: '4',
      FilterCount: '4',
      SentCount: '4',
      ErrorCount: '0',
      CopyrightCheckResult: { Count: '0', ResultList: '', CheckState: '0' },
      ArticleUrlResult: { ResultList: { item: { ArticleUrl: 'http://mp.weixin.qq.com/s/8yzT20EvmDg37Jso9nsIIw' } } },
    });
  });

  it('MASSSENDJOBFINISH spelled with MsgId is read as MsgID', () => {
    const xml = push(
      '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgId>1000001625</MsgId><Status><![CDATA[err(30003)]]></Status><TotalCount>0</TotalCount><FilterCount>0</FilterCount><SentCount>0</SentCount><ErrorCount>0</ErrorCount>',
    );
    expect(inbound(xml)).toMatchObject({ kind: 'event:MASSSENDJOBFINISH', MsgID: '1000001625', Status: 'err(30003)' });
  });
});

describe('unknown and broken pushes', () => {
  it('an unknown message type is kept whole as `unknown`', () => {
    const xml = push('<MsgType><![CDATA[transfer_customer_service]]></MsgType><MsgId>7</MsgId><Extra><A>1</A></Extra>');
    expect(inbound(xml)).toMatchObject({ kind: 'unknown', MsgType: 'transfer_customer_service', MsgId: '7', fields: { Extra: { A: '1' } } });
  });

  it('an unknown event is kept whole as `unknown`, with its Event', () => {
    const xml = push('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event>');
    expect(inbound(xml)).toMatchObject({ kind: 'unknown', MsgType: 'event', Event: 'subscribe_msg_popup_event' });
  });

  it('a MsgType named like an Object.prototype member is just unknown', () => {
    expect(inbound(push('<MsgType><![CDATA[constructor]]></MsgType>'))).toMatchObject({ kind: 'unknown', MsgType: 'constructor' });
  });

  it.each([
    ['a text message without Content', push('<MsgType><![CDATA[text]]></MsgType><MsgId>1</MsgId>')],
    ['a MsgId that is not a 64-bit integer', push('<MsgType><![CDATA[text]]></MsgType><Content>x</Content><MsgId>1e5</MsgId>')],
    ['a field given twice', push('<MsgType><![CDATA[text]]></MsgType><Content>a</Content><Content>b</Content><MsgId>1</MsgId>')],
    ['a LOCATION event with a non-numeric latitude', push('<MsgType>event</MsgType><Event>LOCATION</Event><Latitude>north</Latitude><Longitude>1</Longitude><Precision>1</Precision>')],
    ['an unknown type without a sender', '<xml><ToUserName>a</ToUserName><CreateTime>1</CreateTime><MsgType>future</MsgType></xml>'],
    ['a CreateTime that is not Unix seconds', push('<MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId>', '2024-01-01')],
  ])('refuses %s', (_, xml) => {
    expect(refusal(xml)).toMatchObject({ ok: false, reason: 'invalid_message', detail: expect.any(String) });
  });
});
