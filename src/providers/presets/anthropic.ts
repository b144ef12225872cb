// Anthropic Claude, Messages API. stop_reason "refusal" = the answer was
// stopped by Anthropic's safety classifiers; overloaded_error (HTTP 529) is
// a retryable server error.
import { ANTHROPIC_BASE_URL, createAnthropic } from '../native/anthropic.js';
import { models, type Preset } from './types.js';

export const anthropic: Preset = {
  name: { zh: 'Anthropic Claude（Messages API）', en: 'Anthropic Claude (Messages API)' },
  baseUrl: ANTHROPIC_BASE_URL,
  contentFilter: { finishReasons: ['refusal'] },
  errorCodes: {
    authentication_error: 'auth',
    permission_error: 'auth',
    rate_limit_error: 'rate_limited',
    overloaded_error: 'server_error',
    api_error: 'server_error',
    invalid_request_error: 'bad_request',
    request_too_large: 'bad_request',
  },
  rateLimit: { rpm: 50 },
  // claude-3-5-haiku was retired; the 4.x ids below are the ones the pricing page listed when read.
  models: models(200_000, 'claude-opus-4-5', 'claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5'),
  docs: 'https://docs.anthropic.com/en/api/messages',
  rules: [{ models: /./, temperature: { min: 0, max: 1 }, source: 'https://docs.anthropic.com/en/api/messages' }],
  create: (config, { rules }) => createAnthropic(config, { signals: anthropic.contentFilter, codeMap: anthropic.errorCodes, rules }),
};
