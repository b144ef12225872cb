// Baidu AI Cloud Qianfan (千帆) v2: OpenAI-compatible, Bearer API key
// (the legacy v1 AK/SK access-token API is the `qianfan-legacy` preset).
import { models, type Preset } from './types.js';

export const qianfan: Preset = {
  name: { zh: '百度智能云千帆 · 文心（v2）', en: 'Baidu AI Cloud Qianfan ERNIE (v2)' },
  baseUrl: 'https://qianfan.baidubce.com/v2',
  contentFilter: {
    // Baidu's codes are generic (336003 is any invalid argument): a block is told by its message.
    codes: ['content_filter'],
    finishReasons: ['content_filter'],
    messages: /(敏感|安全审核|不安全|sensitive content)/i,
  },
  errorCodes: { '336100': 'rate_limited', '336501': 'rate_limited', '336502': 'rate_limited', '336003': 'bad_request', '18': 'rate_limited', '17': 'auth', '19': 'auth', invalid_iam_token: 'auth' },
  rateLimit: { rpm: 300 },
  models: { ...models(128_000, 'ernie-4.5-turbo-128k', 'ernie-4.0-turbo-128k'), ...models(32_768, 'ernie-x1-turbo-32k'), ...models(8_192, 'ernie-4.0-8k', 'ernie-speed-8k', 'ernie-lite-8k') },
  // ERNIE's temperature is (0, 1]: 0 goes out as 0.01, the closest accepted value (as qianfan-legacy).
  rules: [{ models: /./, temperature: { min: 0, max: 1, exclusiveMin: true, below: 0.01 }, source: 'https://cloud.baidu.com/doc/qianfan-api/s/3m7of64lb' }],
  docs: 'https://cloud.baidu.com/doc/qianfan-api/s/3m7of64lb',
};
