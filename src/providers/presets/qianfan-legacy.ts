// Baidu Qianfan legacy API (千帆 v1 ERNIE, wenxinworkshop): apiKey = the
// application's API Key, secretKey = its Secret Key, exchanged for an
// access token. Blocks: `need_clear_history: true` (the input was judged
// unsafe; `ban_round` says which turn), finish_reason `content_filter`, and
// error messages about sensitive content. 336501 / 336502 are the RPM / TPM
// limits, 110 / 111 an invalid / expired token (renewed, then retried once).
import { createQianfanLegacy, QIANFAN_LEGACY_BASE_URL } from '../native/qianfan-legacy.js';
import { models, type Preset } from './types.js';

export const qianfanLegacy: Preset = {
  name: { zh: '百度智能云千帆 · 文心（v1 AK/SK access_token）', en: 'Baidu AI Cloud Qianfan ERNIE (v1, AK/SK access token)' },
  baseUrl: QIANFAN_LEGACY_BASE_URL,
  contentFilter: {
    codes: ['need_clear_history'],
    finishReasons: ['content_filter'],
    messages: /(敏感|安全审核|不安全|sensitive content)/i,
  },
  errorCodes: {
    '110': 'auth',
    '111': 'auth',
    '6': 'auth',
    '14': 'auth',
    '17': 'auth',
    '19': 'auth',
    '4': 'rate_limited',
    '18': 'rate_limited',
    '336100': 'rate_limited',
    '336501': 'rate_limited',
    '336502': 'rate_limited',
    '336001': 'bad_request',
    '336002': 'bad_request',
    '336003': 'bad_request',
    '336000': 'server_error',
    '1': 'server_error',
    '2': 'server_error',
  },
  rateLimit: { rpm: 300 },
  models: { ...models(8_192, 'ernie-4.0-8k', 'ernie-3.5-8k', 'ernie-4.0-turbo-8k', 'ernie-speed-8k', 'ernie-lite-8k', 'ernie-tiny-8k'), ...models(131_072, 'ernie-speed-128k') },
  docs: 'https://cloud.baidu.com/doc/WENXINWORKSHOP/s/2lygpg88b',
  rules: [{ models: /./, temperature: { min: 0, max: 1, exclusiveMin: true, below: 0.01 }, seed: 'omit', source: 'https://cloud.baidu.com/doc/WENXINWORKSHOP/s/2lygpg88b' }],
  create: (config, { rules }) => createQianfanLegacy(config, { signals: qianfanLegacy.contentFilter, codeMap: qianfanLegacy.errorCodes, rules }),
};
