import { invalid } from '../errors';
import { USER_MESSAGE_KINDS } from './inbound';
import { buildWeChatXml, type XmlChild } from './xml-build';

/**
 * Passive replies (被动回复用户消息): the XML returned in the response to a push, within WeChat's
 * 5 seconds. Only these builders make a `ReplyXml`, so whatever is sent back has WeChat's shape.
 */
export type ReplyXml = string & { readonly __brand: 'ReplyXml' };

export interface ReplyAddress {
  /** The user's openid: the inbound message's FromUserName. */
  toUser: string;
  /** The account: the inbound message's ToUserName. */
  fromUser: string;
  /** Unix seconds. */
  createTime: number;
}

/** Answering a push goes back the way it came. */
export const replyTo = (message: { FromUserName: string; ToUserName: string }, nowMs: number): ReplyAddress => ({
  toUser: message.FromUserName,
  fromUser: message.ToUserName,
  createTime: Math.floor(nowMs / 1000),
});

const reply = (to: ReplyAddress, msgType: string, body: XmlChild[]): ReplyXml =>
  buildWeChatXml([
    ['ToUserName', to.toUser],
    ['FromUserName', to.fromUser],
    ['CreateTime', to.createTime],
    ['MsgType', msgType],
    ...body,
  ]) as ReplyXml;

/** Optional elements are left out rather than sent empty. */
const optional = (name: string, value: string | undefined): XmlChild[] => (value === undefined ? [] : [[name, value]]);

export const textReply = (to: ReplyAddress, content: string): ReplyXml => reply(to, 'text', [['Content', content]]);

/** Media ids come from the media upload API (素材管理). */
export const imageReply = (to: ReplyAddress, mediaId: string): ReplyXml => reply(to, 'image', [['Image', [['MediaId', mediaId]]]]);

export const voiceReply = (to: ReplyAddress, mediaId: string): ReplyXml => reply(to, 'voice', [['Voice', [['MediaId', mediaId]]]]);

export interface VideoReply {
  mediaId: string;
  title?: string;
  description?: string;
}

export const videoReply = (to: ReplyAddress, video: VideoReply): ReplyXml =>
  reply(to, 'video', [['Video', [['MediaId', video.mediaId], ...optional('Title', video.title), ...optional('Description', video.description)]]]);

export interface MusicReply {
  thumbMediaId: string;
  title?: string;
  description?: string;
  musicUrl?: string;
  /** Played instead of musicUrl on Wi-Fi. */
  hqMusicUrl?: string;
}

/**
 * Element order follows the published WxJava vector (ThumbMediaId before the URLs); WeChat's page
 * lists ThumbMediaId last. WeChat reads the children by name, so both are accepted.
 */
export const musicReply = (to: ReplyAddress, music: MusicReply): ReplyXml =>
  reply(to, 'music', [
    [
      'Music',
      [
        ...optional('Title', music.title),
        ...optional('Description', music.description),
        ['ThumbMediaId', music.thumbMediaId],
        ...optional('MusicUrl', music.musicUrl),
        ...optional('HQMusicUrl', music.hqMusicUrl),
      ],
    ],
  ]);

export interface NewsArticle {
  title: string;
  description: string;
  /** The first article's picture is shown large (360×200), the others small (200×200). */
  picUrl: string;
  url: string;
}

/** WeChat's cap on articles in one passive news reply. */
export const NEWS_ARTICLES_MAX = 8;
/** Since October 2018 a reply to something the user sent may carry only one article. */
export const NEWS_ARTICLES_MAX_FOR_USER_MESSAGE = 1;

/** How many articles a news reply to this push may carry. */
export const newsArticleLimit = (inReplyTo: { kind: string }): number =>
  USER_MESSAGE_KINDS.has(inReplyTo.kind) ? NEWS_ARTICLES_MAX_FOR_USER_MESSAGE : NEWS_ARTICLES_MAX;

/**
 * Refuses more articles than the limit: WeChat would quietly show only the first ones, and a
 * reply that loses content without a trace is a bug nobody notices.
 */
export function newsReply(to: ReplyAddress, articles: readonly NewsArticle[], maxArticles: number = NEWS_ARTICLES_MAX): ReplyXml {
  const limit = Math.min(maxArticles, NEWS_ARTICLES_MAX);
  if (articles.length < 1 || articles.length > limit) {
    throw invalid(`图文回复须有 1 到 ${limit} 篇文章`, { reason: 'article_count', count: articles.length, limit });
  }
  return reply(to, 'news', [
    ['ArticleCount', articles.length],
    [
      'Articles',
      articles.map((article): XmlChild => [
        'item',
        [
          ['Title', article.title],
          ['Description', article.description],
          ['PicUrl', article.picUrl],
          ['Url', article.url],
        ],
      ]),
    ],
  ]);
}
