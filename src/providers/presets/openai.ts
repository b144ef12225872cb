// OpenAI. Blocks: finish_reason `content_filter`; refused prompts come back
// as 400 with code `content_policy_violation` (or `content_filter`).
import type { ModelRules } from '../rules.js';
import { models, type Preset } from './types.js';

/**
 * Reasoning models (o-series, gpt-5 family except the -chat snapshots) take
 * `max_completion_tokens` and refuse any temperature or top_p but the
 * default (HTTP 400); their thinking counts against the limit, so OpenAI
 * advises leaving room for at least 25,000 tokens.
 * https://platform.openai.com/docs/guides/reasoning ; https://platform.openai.com/docs/api-reference/chat/create
 */
export const OPENAI_REASONING_RULES: ModelRules = {
  models: /^(o\d|gpt-5(?!.*-chat))/,
  temperature: 'omit',
  topP: 'omit',
  maxTokensField: 'max_completion_tokens',
  minMaxTokens: 25_000,
  source: 'https://platform.openai.com/docs/guides/reasoning',
};

export const openai: Preset = {
  name: { zh: 'OpenAI', en: 'OpenAI' },
  baseUrl: 'https://api.openai.com/v1',
  contentFilter: { codes: ['content_filter', 'content_policy_violation'], finishReasons: ['content_filter'] },
  errorCodes: { insufficient_quota: 'auth', invalid_api_key: 'auth', model_not_found: 'bad_request' },
  models: { ...models(128_000, 'gpt-4o', 'gpt-4o-mini'), ...models(1_047_576, 'gpt-4.1', 'gpt-4.1-mini'), ...models(400_000, 'gpt-5', 'gpt-5-mini', 'gpt-5.1') },
  rules: [OPENAI_REASONING_RULES],
  reasoning: 'openai',
  docs: 'https://platform.openai.com/docs/api-reference/chat',
};
