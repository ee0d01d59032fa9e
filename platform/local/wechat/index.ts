/** The local WeChat: a fake of WeChat's server API and the HTTP client that implements the port. */

export { createFakeWeChatApi, FAKE_WECHAT_APP_ID, FAKE_WECHAT_APP_SECRET } from './fake-api';
export type {
  FakeWeChatApi,
  FakeWeChatApiOptions,
  FakeWeChatBehaviour,
  FakeWeChatStats,
  FaultRule,
  OutboxEntry,
  OutboxQuery,
  OutboxResult,
  RateLimit,
  RuleMatch,
  WeChatApi,
} from './fake-api';
export { createHttpWeChat } from './http-client';
export type { HttpWeChatOptions } from './http-client';
export { WECHAT_ERRCODES, errmsgOf, explainErrcode } from './errcodes';
export type { WeChatErrcodeInfo } from './errcodes';
