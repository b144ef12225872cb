// MiniMax, OpenAI-compatible /v1/chat/completions. Errors and blocks can come
// with HTTP 200 in `base_resp.status_code` (1026 input, 1027 output
// sensitive); answers carry input_sensitive / output_sensitive flags.
import { models, type Preset } from './types.js';

export const minimax: Preset = {
  name: { zh: 'MiniMax 稀宇科技', en: 'MiniMax' },
  baseUrl: 'https://api.minimaxi.com/v1',
  contentFilter: { codes: ['1026', '1027'], finishReasons: ['content_filter'], bodyFlags: ['input_sensitive', 'output_sensitive'] },
  errorCodes: { '1002': 'rate_limited', '1004': 'auth', '1008': 'auth', '1039': 'rate_limited', '2013': 'bad_request' },
  models: { ...models(1_000_192, 'MiniMax-Text-01', 'MiniMax-M1'), ...models(204_800, 'MiniMax-M2') },
  docs: 'https://platform.minimaxi.com/docs/api-reference/text-chat-openai',
};
