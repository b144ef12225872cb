// Moonshot AI (月之暗面) Kimi. A block is HTTP 400 with error.type `content_filter`.
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
  models: { ...models(8_192, 'moonshot-v1-8k'), ...models(32_768, 'moonshot-v1-32k'), ...models(131_072, 'moonshot-v1-128k', 'kimi-k2-0711-preview', 'kimi-latest') },
  docs: 'https://platform.kimi.ai/docs/api/errors',
};
