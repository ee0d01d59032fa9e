import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  imageReply,
  musicReply,
  newsArticleLimit,
  newsReply,
  replyTo,
  textReply,
  videoReply,
  voiceReply,
  type NewsArticle,
  type ReplyAddress,
  type ReplyXml,
} from './replies';
import { vectors, withoutWhitespace, type ReplyVector } from './test-vectors';
import { parseWeChatXml } from './xml';

const article = (a: Record<string, string>): NewsArticle => ({ title: a.Title!, description: a.Description!, picUrl: a.PicUrl!, url: a.Url! });

function build(v: ReplyVector): ReplyXml {
  const i = v.inputs!;
  const to: ReplyAddress = { toUser: i.ToUserName!, fromUser: i.FromUserName!, createTime: Number(i.CreateTime) };
  switch (v.msg_type) {
    case 'text':
      return textReply(to, i.Content!);
    case 'image':
      return imageReply(to, i.MediaId!);
    case 'voice':
      return voiceReply(to, i.MediaId!);
    case 'video':
      return videoReply(to, { mediaId: i.MediaId!, title: i.Title, description: i.Description });
    case 'music':
      return musicReply(to, { title: i.Title, description: i.Description, thumbMediaId: i.ThumbMediaId!, musicUrl: i.MusicUrl, hqMusicUrl: i.HQMusicUrl });
    case 'news':
      return newsReply(to, i.articles!.map(article));
  }
}

const docAddress: ReplyAddress = { toUser: 'toUser', fromUser: 'fromUser', createTime: 12345678 };

describe('reply_formats vectors', () => {
  const withInputs = vectors.reply_formats.filter((v) => v.inputs !== undefined);
  it.each(withInputs.map((v) => [v.id, v] as const))('%s (whitespace-insensitive, as its source asserts)', (_, v) => {
    expect(withoutWhitespace(build(v))).toBe(withoutWhitespace(v.expected_xml));
  });

  // The doc pages give no inputs; these are the values printed in their XML.
  it.each([
    ['official-doc-text', textReply(docAddress, '你好')],
    ['official-doc-image', imageReply(docAddress, 'media_id')],
  ])('%s matches the doc sample exactly, line breaks included', (id, xml) => {
    const v = vectors.reply_formats.find((r) => r.id === id)!;
    expect(withoutWhitespace(xml)).toBe(withoutWhitespace(v.expected_xml));
    expect(xml).toBe(v.expected_xml);
  });
});

describe('reply builders', () => {
  it('answers a push the way it came', () => {
    expect(replyTo({ FromUserName: 'openid', ToUserName: 'gh_account' }, 1_700_000_000_999)).toEqual({
      toUser: 'openid',
      fromUser: 'gh_account',
      createTime: 1_700_000_000,
    });
  });

  it('leaves out optional elements instead of sending them empty', () => {
    const to = docAddress;
    expect(videoReply(to, { mediaId: 'm' })).not.toContain('<Title>');
    const music = musicReply(to, { thumbMediaId: 't' });
    expect(withoutWhitespace(music)).toContain('<Music><ThumbMediaId><![CDATA[t]]></ThumbMediaId></Music>');
  });

  it('produces XML that reads back to the same fields, user text untouched', () => {
    const content = ' 第一行\n<b>&amp;]]> ';
    const read = parseWeChatXml(textReply(docAddress, content));
    expect(read).toEqual({ ok: true, fields: { ToUserName: 'toUser', FromUserName: 'fromUser', CreateTime: '12345678', MsgType: 'text', Content: content } });
  });
});

describe('news article limit', () => {
  const articles = (n: number): NewsArticle[] => Array.from({ length: n }, (_, i) => ({ title: `t${i}`, description: 'd', picUrl: 'p', url: 'u' }));

  it('is 1 in reply to something the user sent and 8 otherwise', () => {
    for (const kind of ['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link']) expect(newsArticleLimit({ kind })).toBe(1);
    for (const kind of ['event:subscribe', 'event:CLICK', 'event:SCAN', 'unknown']) expect(newsArticleLimit({ kind })).toBe(8);
  });

  it('writes ArticleCount as a bare number matching the items', () => {
    const xml = newsReply(docAddress, articles(8));
    expect(xml).toContain('<ArticleCount>8</ArticleCount>');
    expect(xml.match(/<item>/g)).toHaveLength(8);
  });

  it.each([
    ['no articles', 0, undefined],
    ['more than WeChat ever allows', 9, undefined],
    ['two in reply to a user message', 2, 1],
    ['a caller limit above WeChat’s is capped', 9, 20],
  ])('refuses %s', (_, count, limit) => {
    expect(() => newsReply(docAddress, articles(count), limit)).toThrow(AppError);
    expect(() => newsReply(docAddress, articles(count), limit)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: expect.objectContaining({ reason: 'article_count', count }) }));
  });
});
