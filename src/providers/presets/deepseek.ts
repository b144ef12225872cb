// DeepSeek. The reasoner returns its thinking as `reasoning_content`; cache
// hits are reported as `prompt_cache_hit_tokens` (read by usageOf).
// finish_reason `insufficient_system_resource` = the answer was cut because
// the vendor ran short of capacity: retried, never scored
// (https://api-docs.deepseek.com/api/create-chat-completion). The reasoner
// ignores temperature and top_p (https://api-docs.deepseek.com/guides/reasoning_model),
// so Heng does not send them and records that.
import { models, type Preset } from './types.js';

export const deepseek: Preset = {
  name: { zh: '深度求索 · DeepSeek', en: 'DeepSeek' },
  baseUrl: 'https://api.deepseek.com/v1',
  contentFilter: { codes: ['content_filter'], finishReasons: ['content_filter'] },
  // 402 = insufficient balance: not retryable, reported like a key problem.
  errorCodes: { insufficient_balance: 'auth', invalid_api_key: 'auth' },
  models: { ...models(128_000, 'deepseek-chat', 'deepseek-reasoner') },
  retryFinishReasons: ['insufficient_system_resource'],
  rules: [{ models: /^deepseek-reasoner/, temperature: 'omit', topP: 'omit', minMaxTokens: 32_768, source: 'https://api-docs.deepseek.com/guides/reasoning_model' }],
  docs: 'https://api-docs.deepseek.com/quick_start/error_codes',
};
