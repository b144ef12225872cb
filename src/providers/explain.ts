// A failed attempt in plain words (zh and en), for `heng providers test` and
// run summaries: bad key, no quota, model not enabled, rate limited, blocked…
// The vendor's own code and message are appended verbatim.
import type { ProviderResult } from '../types.js';

export interface Explanation {
  /** A short stable key for the cause, e.g. "bad_key", "no_quota". */
  cause: string;
  en: string;
  zh: string;
}

const QUOTA = /(insufficient[_ ]?(quota|balance)|arrearage|arrears|overdue|quota|余额|欠费|额度|^1113$|^1008$|^402$)/i;
const MODEL = /(model[_ ]?not[_ ]?found|does not exist|not[_ ]?found|unpurchased|not enabled|not activated|InvalidEndpointOrModel|DeploymentNotFound|^1211$|模型不存在|未开通)/i;

export function explainError(result: ProviderResult): Explanation | undefined {
  if (result.status === 'ok') return undefined;
  const e = result.error;
  const code = e?.code ?? '';
  const msg = e?.message ?? '';
  const vendor = [code && `code ${code}`, e?.httpStatus && `HTTP ${e.httpStatus}`, msg && `"${msg.slice(0, 200)}"`].filter(Boolean).join(', ');
  const say = (cause: string, en: string, zh: string): Explanation => ({ cause, en: vendor ? `${en} (vendor: ${vendor})` : en, zh: vendor ? `${zh}（厂商返回：${vendor}）` : zh });
  const retry = e?.retryAfterMs !== undefined ? ` Retry after ${Math.ceil(e.retryAfterMs / 1000)} s.` : '';
  switch (result.status) {
    case 'content_filtered':
      return say('content_filter', "The vendor's content filter blocked the prompt or the answer.", '厂商内容审核拦截了提问或回答。');
    case 'rate_limited':
      if (QUOTA.test(code) || QUOTA.test(msg)) return say('no_quota', 'No quota left: the account is out of balance or over its quota.', '额度不足：账户余额不足或已超出配额。');
      return say(
        'rate_limited',
        `Rate limited: too many requests or tokens per minute for this key.${retry}`,
        `触发限流：该密钥每分钟请求数或 token 数超限。${retry ? `请 ${Math.ceil(e!.retryAfterMs! / 1000)} 秒后重试。` : ''}`,
      );
    case 'auth':
      if (QUOTA.test(code) || QUOTA.test(msg)) return say('no_quota', 'No quota left: the account is out of balance or over its quota.', '额度不足：账户余额不足或已超出配额。');
      if (MODEL.test(code) || MODEL.test(msg))
        return say('model_not_enabled', 'This key may not use this model: enable the model for the account first.', '该密钥无权使用此模型：请先在控制台开通该模型。');
      if (e?.httpStatus === 403)
        return say('forbidden', 'The key was accepted but is not allowed to do this (model not enabled, region or IP restriction).', '密钥有效但无此权限（模型未开通、地域或 IP 限制）。');
      return say('bad_key', 'The API key was rejected: it is wrong, expired or for another region/endpoint.', 'API 密钥无效：密钥错误、已过期，或不属于该地域/接入点。');
    case 'bad_request':
      if (MODEL.test(code) || MODEL.test(msg) || e?.httpStatus === 404)
        return say(
          'model_not_found',
          'The model (or endpoint path) was not found: check "model" and "baseUrl", and that the model is enabled.',
          '找不到模型或接口路径：请检查 model 与 baseUrl，并确认模型已开通。',
        );
      return say('bad_request', 'The vendor rejected the request as invalid.', '厂商认为请求参数无效。');
    case 'server_error':
      if (/malformed/.test(msg))
        return say(
          'malformed',
          'The answer was not valid JSON: the baseUrl may point at something that is not an OpenAI-compatible API.',
          '返回内容不是合法 JSON：baseUrl 可能指向了非 OpenAI 兼容接口。',
        );
      return say('server_error', 'The vendor had a server error; usually temporary.', '厂商服务端错误，通常是暂时的。');
    case 'timeout':
      return say('timeout', 'No complete answer within the timeout.', '超时未收到完整回答。');
    case 'network':
      if (code === 'ECONNREFUSED') return say('refused', 'Nothing is listening at the baseUrl (connection refused).', 'baseUrl 处无服务监听（连接被拒绝）。');
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return say('dns', 'The host name does not resolve: check baseUrl, DNS or the proxy (air-gapped network?).', '域名无法解析：请检查 baseUrl、DNS 或代理（是否处于隔离网络？）。');
      if (/truncated/.test(msg)) return say('truncated', 'The stream was cut off before the answer finished.', '流式输出在回答结束前中断。');
      return say('network', 'The connection failed or was reset.', '网络连接失败或被重置。');
    case 'missing':
      return say('missing', 'No recorded answer for this item.', '该题没有录制的回答。');
  }
}
