// Google Gemini (Gemini API, AI Studio key). Blocks: promptFeedback.blockReason
// for the prompt, finishReason SAFETY / PROHIBITED_CONTENT / BLOCKLIST / SPII /
// RECITATION for the answer; the reason is kept as the code.
import { createGemini, GEMINI_BASE_URL } from '../native/gemini.js';
import { models, type Preset } from './types.js';

export const gemini: Preset = {
  name: { zh: 'Google Gemini', en: 'Google Gemini' },
  baseUrl: GEMINI_BASE_URL,
  contentFilter: { finishReasons: ['SAFETY', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'RECITATION', 'IMAGE_SAFETY'] },
  errorCodes: {
    RESOURCE_EXHAUSTED: 'rate_limited',
    UNAUTHENTICATED: 'auth',
    PERMISSION_DENIED: 'auth',
    UNAVAILABLE: 'server_error',
    INTERNAL: 'server_error',
    DEADLINE_EXCEEDED: 'timeout',
    INVALID_ARGUMENT: 'bad_request',
    FAILED_PRECONDITION: 'bad_request',
    NOT_FOUND: 'bad_request',
  },
  rateLimit: { rpm: 10 },
  models: models(1_048_576, 'gemini-3-pro-preview', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite'),
  docs: 'https://ai.google.dev/api/generate-content',
  rules: [{ models: /./, temperature: { min: 0, max: 2 }, source: 'https://ai.google.dev/api/generate-content#generationconfig' }],
  create: (config, { rules }) => createGemini(config, { signals: gemini.contentFilter, codeMap: gemini.errorCodes, rules }),
};
