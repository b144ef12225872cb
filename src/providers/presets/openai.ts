// OpenAI. Blocks: finish_reason `content_filter`; refused prompts come back
// as 400 with code `content_policy_violation` (or `content_filter`).
import { models, type Preset } from './types.js';

export const openai: Preset = {
  name: { zh: 'OpenAI', en: 'OpenAI' },
  baseUrl: 'https://api.openai.com/v1',
  contentFilter: { codes: ['content_filter', 'content_policy_violation'], finishReasons: ['content_filter'] },
  errorCodes: { insufficient_quota: 'auth', invalid_api_key: 'auth', model_not_found: 'bad_request' },
  models: { ...models(128_000, 'gpt-4o', 'gpt-4o-mini'), ...models(1_047_576, 'gpt-4.1', 'gpt-4.1-mini') },
  docs: 'https://platform.openai.com/docs/api-reference/chat',
};
