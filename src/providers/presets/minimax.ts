// MiniMax, OpenAI-compatible /v1/chat/completions. Errors and blocks can come
// with HTTP 200 in `base_resp.status_code` (1026 input, 1027 output
// sensitive). The input_sensitive / output_sensitive flags only say a
// sensitive word was seen: the reply is blanked (and 1026 / 1027 returned)
// only in severe cases, so a flag counts as a block only with an empty reply.
// temperature and top_p must be in (0, 1] (else 2013 invalid params): 0 is
// sent as 0.01. M2 models think inside the answer unless `reasoning_split`
// is set, which moves the thinking to `reasoning_details`.
import { models, type Preset } from './types.js';

export const minimax: Preset = {
  name: { zh: 'MiniMax 稀宇科技', en: 'MiniMax' },
  baseUrl: 'https://api.minimaxi.com/v1',
  contentFilter: { codes: ['1026', '1027'], finishReasons: ['content_filter'], bodyFlags: ['input_sensitive', 'output_sensitive'] },
  errorCodes: { '1002': 'rate_limited', '1004': 'auth', '1008': 'auth', '1039': 'rate_limited', '2013': 'bad_request' },
  models: { ...models(1_000_192, 'MiniMax-Text-01', 'MiniMax-M1'), ...models(204_800, 'MiniMax-M2', 'MiniMax-M2.1') },
  rules: [
    {
      models: /./,
      temperature: { min: 0, max: 1, exclusiveMin: true, below: 0.01 },
      topP: { min: 0, max: 1, exclusiveMin: true, below: 0.01 },
      source: 'https://platform.minimaxi.com/docs/api-reference/text-chat-openai',
    },
  ],
  mapBody: (body) => (/^MiniMax-M2/i.test(String(body.model)) && body.reasoning_split === undefined ? { ...body, reasoning_split: true } : body),
  docs: 'https://platform.minimaxi.com/docs/api-reference/text-chat-openai',
};
