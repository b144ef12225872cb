// Zhipu AI (智谱) GLM, API key as Bearer token. Code 1301 = unsafe or
// sensitive content; finish_reason `sensitive` = the answer was cut by review.
import { models, type Preset } from './types.js';

/**
 * Zhipu's SDK (zhipuai-sdk-python-v4, chat/completions.py) rewrites a
 * temperature <= 0 to 0.01 and >= 1 to 0.99, both with do_sample=false, and
 * top_p <= 0 / >= 1 to 0.01 / 0.99; older GLM-4 models answer 1214 to 0.
 * The API takes one stop word.
 */
const ZHIPU_SDK = 'https://github.com/MetaGLM/zhipuai-sdk-python-v4/blob/main/zhipuai/api_resource/chat/completions.py';

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
    '1214': 'bad_request',
    '1302': 'rate_limited',
    '1303': 'rate_limited',
    '1305': 'rate_limited',
  },
  rateLimit: { rpm: 300 },
  models: { ...models(128_000, 'glm-4-plus', 'glm-4-air', 'glm-4-flash', 'glm-4.5', 'glm-4.5-air'), ...models(200_000, 'glm-4.6', 'glm-4.7') },
  rules: [
    {
      models: /./,
      temperature: { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, below: 0.01, above: 0.99, whenMapped: { do_sample: false } },
      topP: { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, below: 0.01, above: 0.99 },
      maxStop: 1,
      source: ZHIPU_SDK,
    },
    // GLM-4.5 and later think by default; their thinking counts against max_tokens.
    { models: /^glm-(4\.[5-9]|[5-9])|^glm-z1/i, minMaxTokens: 16_384, source: 'https://docs.bigmodel.cn/cn/guide/capabilities/thinking' },
  ],
  reasoning: 'thinking-type',
  docs: 'https://docs.z.ai/api-reference/api-code',
};
