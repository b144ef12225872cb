// Alibaba Cloud Model Studio (百炼) / DashScope, OpenAI-compatible mode.
// Blocks by the Green Net inspection come back as HTTP 400 with code
// `data_inspection_failed` (compatible mode) or `DataInspectionFailed` (native).
import { models, type Preset } from './types.js';

const DEEP_THINKING = 'https://help.aliyun.com/zh/model-studio/deep-thinking';

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
  // Thinking is answered only on streaming calls: a non-streaming call that thinks is HTTP 400
  // invalid_parameter_error "parameter.enable_thinking must be set to false for non-streaming calls".
  // Open-source Qwen3 hybrids and Qwen3.5 think by default; qwen-plus / qwen-turbo / qwen3-max do not;
  // QwQ and the *-thinking-* models always think (https://help.aliyun.com/zh/model-studio/deep-thinking,
  // https://docs.qwencloud.com/developer-guides/text-generation/thinking).
  rules: [
    { models: /./, thinkingStreamOnly: true, source: DEEP_THINKING },
    { models: /^(qwen3-\d+(\.\d+)?b(-a\d+(\.\d+)?b)?|qwen3\.5-.+)$/, thinkingDefault: 'on' },
    { models: /^qwq|-thinking(-|$)|^deepseek-r1/, thinkingDefault: 'only' },
  ],
  docs: 'https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope',
};
