/**
 * The WeChat errcodes Fudao meets when sending subscribe and customer-service messages, with
 * WeChat's own errmsg text (what the server answers, before its ` rid: …` suffix) and a short
 * Chinese explanation for the people who read delivery failures in the admin console.
 * The fake API answers from this table so its wording cannot drift from what staff are told.
 */

export interface WeChatErrcodeInfo {
  /** WeChat's errmsg, as the server writes it. */
  errmsg: string;
  /** What happened and what to do, for people. */
  zh: string;
}

export const WECHAT_ERRCODES: ReadonlyMap<number, WeChatErrcodeInfo> = new Map<number, WeChatErrcodeInfo>([
  [0, { errmsg: 'ok', zh: '发送成功' }],
  [-1, { errmsg: 'system error', zh: '微信系统繁忙，稍后重试即可' }],
  [40001, { errmsg: 'invalid credential, access_token is invalid or not latest', zh: 'access_token 无效或已被新令牌替换，需重新获取' }],
  [40002, { errmsg: 'invalid grant_type', zh: '获取令牌的 grant_type 不正确' }],
  [40003, { errmsg: 'invalid openid', zh: '接收者 openid 为空或不正确（可能不属于本小程序）' }],
  [40007, { errmsg: 'invalid media_id', zh: '图片素材 media_id 无效或已过期' }],
  [40008, { errmsg: 'invalid message type', zh: '客服消息类型 msgtype 不受支持' }],
  [40013, { errmsg: 'invalid appid', zh: 'AppID 不存在或填写错误' }],
  [40014, { errmsg: 'invalid access_token', zh: 'access_token 不合法，需重新获取' }],
  [40037, { errmsg: 'invalid template_id', zh: '订阅消息模板 ID 为空或不正确' }],
  [40125, { errmsg: 'invalid appsecret', zh: 'AppSecret 不正确，请核对小程序后台的密钥' }],
  [41001, { errmsg: 'access_token missing', zh: '请求缺少 access_token' }],
  [41002, { errmsg: 'appid missing', zh: '获取令牌时缺少 appid' }],
  [41004, { errmsg: 'appsecret missing', zh: '获取令牌时缺少 secret' }],
  [42001, { errmsg: 'access_token expired', zh: 'access_token 已过期（有效期 2 小时），需重新获取' }],
  [43001, { errmsg: 'require GET method', zh: '该接口只接受 GET 请求' }],
  [43002, { errmsg: 'require POST method', zh: '该接口只接受 POST 请求' }],
  [43101, { errmsg: 'user refuse to accept the msg', zh: '学生未订阅或已取消订阅该模板，需学生重新授权订阅' }],
  [44002, { errmsg: 'empty post data', zh: '请求体为空' }],
  [44004, { errmsg: 'empty content', zh: '文本消息内容为空' }],
  [45009, { errmsg: 'reach max api daily quota limit', zh: '接口调用超过频率或额度限制，稍后重试' }],
  [45015, { errmsg: 'response out of time limit or subscription is canceled', zh: '客服消息只能在学生最近一次互动后 48 小时内发送，已超时' }],
  [45047, { errmsg: 'out of response count limit', zh: '本次互动后的客服消息条数已用完，需学生再次互动' }],
  [47001, { errmsg: 'data format error', zh: '请求体不是合法的 JSON 或结构不对' }],
  [47003, { errmsg: 'argument invalid!', zh: '模板参数为空或不符合字段类型规则，errmsg 会指出具体字段' }],
  [48001, { errmsg: 'api unauthorized', zh: '小程序没有该接口的权限' }],
]);

/** WeChat's errmsg for `errcode`; unknown codes read as WeChat's generic system error. */
export function errmsgOf(errcode: number): string {
  return WECHAT_ERRCODES.get(errcode)?.errmsg ?? 'system error';
}

/** The Chinese explanation for a delivery failure, or a neutral line for codes not in the table. */
export function explainErrcode(errcode: number): string {
  return WECHAT_ERRCODES.get(errcode)?.zh ?? `微信返回错误码 ${errcode}，请查阅微信全局返回码说明`;
}
