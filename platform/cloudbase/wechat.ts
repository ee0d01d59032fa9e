import type { CustomerServiceMessage, SubscribeMessage, WeChat, WeChatResult } from '../../core/ports/wechat';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OpenApi = Record<string, any>;

/**
 * WeChat through CloudBase's open API (`cloud.openapi`), which needs no access token: the platform
 * signs the call. It throws on a non-zero errcode; the port answers the errcode instead.
 */
export function createCloudbaseWeChat(openapi: OpenApi): WeChat {
  return {
    sendSubscribeMessage: (m: SubscribeMessage) =>
      call(() => openapi.subscribeMessage.send({ touser: m.touser, templateId: m.templateId, page: m.page, data: m.data, miniprogramState: m.miniprogramState ?? 'formal' })),
    sendCustomerServiceMessage: (m: CustomerServiceMessage) => call(() => openapi.customerServiceMessage.send(m)),
  };
}

async function call(send: () => Promise<{ errCode?: number; errMsg?: string; msgid?: string | number }>): Promise<WeChatResult> {
  try {
    const result = await send();
    return { errcode: result.errCode ?? 0, errmsg: result.errMsg ?? 'ok', ...(result.msgid !== undefined ? { msgid: String(result.msgid) } : {}) };
  } catch (error) {
    const e = error as { errCode?: number; errMsg?: string; message?: string };
    // No errcode means the call never reached WeChat: retryable like WeChat's own -1.
    return { errcode: typeof e.errCode === 'number' ? e.errCode : -1, errmsg: e.errMsg ?? e.message ?? 'unknown error' };
  }
}
