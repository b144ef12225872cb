// DeepSeek. The reasoner returns its thinking as `reasoning_content`; cache
// hits are reported as `prompt_cache_hit_tokens` (read by usageOf).
import { models, type Preset } from './types.js';

export const deepseek: Preset = {
  name: { zh: '深度求索 · DeepSeek', en: 'DeepSeek' },
  baseUrl: 'https://api.deepseek.com/v1',
  contentFilter: { codes: ['content_filter'], finishReasons: ['content_filter'] },
  // 402 = insufficient balance: not retryable, reported like a key problem.
  errorCodes: { insufficient_balance: 'auth', invalid_api_key: 'auth' },
  models: { ...models(65_536, 'deepseek-chat', 'deepseek-reasoner') },
  docs: 'https://api-docs.deepseek.com/quick_start/error_codes',
};
