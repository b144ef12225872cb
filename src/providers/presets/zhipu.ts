// Zhipu AI (智谱) GLM, API key as Bearer token. Code 1301 = unsafe or
// sensitive content; finish_reason `sensitive` = the answer was cut by review.
import { models, type Preset } from './types.js';

export const zhipu: Preset = {
  name: { zh: '智谱 · GLM', en: 'Zhipu AI (GLM)' },
  baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
  contentFilter: { codes: ['1301'], finishReasons: ['sensitive', 'content_filter'] },
  // 1113 = arrears, 1302/1303/1305 = concurrency / frequency / overload.
  errorCodes: {
    '1000': 'auth',
    '1001': 'auth',
    '1002': 'auth',
    '1003': 'auth',
    '1004': 'auth',
    '1113': 'auth',
    '1211': 'bad_request',
    '1302': 'rate_limited',
    '1303': 'rate_limited',
    '1305': 'rate_limited',
  },
  rateLimit: { rpm: 300 },
  models: { ...models(128_000, 'glm-4-plus', 'glm-4-air', 'glm-4-flash', 'glm-4.5', 'glm-4.5-air') },
  docs: 'https://docs.z.ai/api-reference/api-code',
};
