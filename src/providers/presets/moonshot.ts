// Moonshot AI (月之暗面) Kimi. A block is HTTP 400 with error.type `content_filter`.
// Streaming usage comes in choices[0].usage of the last chunk (with
// `cached_tokens` at the top of usage); openai-compatible.ts reads both
// (https://platform.moonshot.cn/docs/api/chat). temperature is [0, 1].
import { models, type Preset } from './types.js';

export const moonshot: Preset = {
  name: { zh: '月之暗面 · Kimi', en: 'Moonshot AI (Kimi)' },
  baseUrl: 'https://api.moonshot.cn/v1',
  contentFilter: { codes: ['content_filter'], finishReasons: ['content_filter'] },
  errorCodes: {
    invalid_authentication_error: 'auth',
    exceeded_current_quota_error: 'auth',
    permission_denied_error: 'auth',
    rate_limit_reached_error: 'rate_limited',
    engine_overloaded_error: 'rate_limited',
  },
  rateLimit: { rpm: 200 },
  models: { ...models(8_192, 'moonshot-v1-8k'), ...models(32_768, 'moonshot-v1-32k'), ...models(131_072, 'moonshot-v1-128k'), ...models(262_144, 'kimi-k2.5', 'kimi-k2.6', 'kimi-k2-thinking') },
  rules: [
    { models: /./, temperature: { min: 0, max: 1 }, source: 'https://platform.moonshot.cn/docs/api/chat' },
    // kimi-k2.5 and later fix temperature and top_p (1.0 / 0.95 thinking, 0.6 otherwise): any value sent is refused.
    { models: /^kimi-k(2\.[5-9]|[3-9])/, temperature: 'omit', topP: 'omit', minMaxTokens: 32_768, source: 'https://platform.kimi.ai/docs/api/models-overview' },
    { models: /thinking/, minMaxTokens: 32_768, source: 'https://platform.kimi.ai/docs/api/models-overview' },
  ],
  reasoning: 'thinking-type',
  docs: 'https://platform.kimi.ai/docs/api/errors',
};
