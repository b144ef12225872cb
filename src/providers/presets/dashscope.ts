// Alibaba Cloud Model Studio (百炼) / DashScope, OpenAI-compatible mode.
// Blocks by the Green Net inspection come back as HTTP 400 with code
// `data_inspection_failed` (compatible mode) or `DataInspectionFailed` (native).
import { models, type Preset } from './types.js';

export const dashscope: Preset = {
  name: { zh: '阿里云百炼 · 通义千问', en: 'Alibaba Cloud Model Studio (Qwen)' },
  baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
  contentFilter: {
    codes: ['data_inspection_failed', 'DataInspectionFailed', 'InternalError.Algo.DataInspectionFailed'],
    finishReasons: ['content_filter'],
  },
  errorCodes: {
    Arrearage: 'auth',
    InvalidApiKey: 'auth',
    invalid_api_key: 'auth',
    'AccessDenied.Unpurchased': 'auth',
    Throttling: 'rate_limited',
    'Throttling.RateQuota': 'rate_limited',
    limit_requests: 'rate_limited',
  },
  rateLimit: { rpm: 600 },
  models: { ...models(32_768, 'qwen-max'), ...models(131_072, 'qwen-plus', 'qwen-turbo', 'qwen3-235b-a22b', 'qwq-plus', 'qwen-long'), ...models(262_144, 'qwen3-max') },
  reasoning: 'qwen',
  docs: 'https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope',
};
