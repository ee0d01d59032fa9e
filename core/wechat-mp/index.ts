/** WeChat's server protocol (official account server URL and mini-program push), pure and I/O-free. */
export { plainSignature, msgSignature, signatureMatches, verifyPlainSignature, verifyMsgSignature } from './signature';
export { encrypt, decrypt, isEncodingAesKey, type CryptoKeys, type DecryptFailure, type DecryptResult } from './crypto';
export { parseWeChatXml, type XmlFailure, type XmlResult } from './xml';
export { buildWeChatXml, type XmlChild, type XmlOut } from './xml-build';
export { parseWeChatJson, type JsonFailure, type JsonResult } from './json';
export type { FieldValue, Fields } from './fields';
export type { UnknownPush, MessageResult } from './message-schema';
export { parseInbound, USER_MESSAGE_KINDS, type InboundMessage, type InboundKind } from './inbound';
export { dedupeKey, type Dedupable } from './dedupe';
export {
  replyTo,
  textReply,
  imageReply,
  voiceReply,
  videoReply,
  musicReply,
  newsReply,
  newsArticleLimit,
  NEWS_ARTICLES_MAX,
  NEWS_ARTICLES_MAX_FOR_USER_MESSAGE,
  type ReplyXml,
  type ReplyAddress,
  type VideoReply,
  type MusicReply,
  type NewsArticle,
} from './replies';
export { encryptedReply, type EncryptedReplyOptions } from './encrypted-reply';
export { OFFICIAL_ACCOUNT, type Dialect } from './dialect';
export {
  handleServerRequest,
  TIMESTAMP_TOLERANCE_SECONDS,
  type ServerRequest,
  type ServerConfig,
  type ServerOutcome,
  type RefusalReason,
} from './request';
export { renderReply, type RenderOptions } from './render-reply';
export { parseMiniProgramMessage, MINIPROGRAM_JSON, MINIPROGRAM_XML, type MiniProgramMessage } from './miniprogram-push';
