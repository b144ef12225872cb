// Anthropic Messages API (POST /v1/messages, https://docs.anthropic.com/en/api/messages):
// x-api-key + anthropic-version headers, the system prompt outside the
// messages, max_tokens required. Streams are typed SSE events: message_start
// (input usage), content_block_delta (text / thinking), message_delta
// (stop_reason, output usage), message_stop; `error` events mid-stream.
import type { ChatRequest, Provider, Usage } from '../../types.js';
import type { ProviderConfig } from '../config.js';
import { HttpClient, parseEndpoint } from '../http.js';
import { answerLimit, count, defined, identityOf, protocolProvider, required, rulesApplied, type NativeOptions, type Piece } from '../exchange.js';
import type { ReasoningConfig } from '../reasoning.js';
import type { RequestMapping, RequestRules } from '../rules.js';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';
/** The API requires max_tokens; used when the request sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

export type AnthropicOptions = NativeOptions;

/** Anthropic counts cache reads and writes apart from input_tokens; Heng's inputTokens is the total. */
function usageOf(u: any): Partial<Usage> | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const fresh = count(u.input_tokens);
  const read = count(u.cache_read_input_tokens);
  const written = count(u.cache_creation_input_tokens);
  const input = fresh === undefined ? undefined : fresh + (read ?? 0) + (written ?? 0);
  return defined({ inputTokens: input, outputTokens: count(u.output_tokens), cachedInputTokens: read || undefined });
}

function errorOf(json: any): Piece | undefined {
  return json?.type === 'error' || json?.error ? { error: { code: json.error?.type, message: json.error?.message } } : undefined;
}

/** Extended thinking's smallest budget (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking). */
export const ANTHROPIC_MIN_THINKING_BUDGET = 1024;
const EFFORT_BUDGET = { minimal: 1024, low: 4096, medium: 8192, high: 16_384 } as const;
const THINKING_DOC = 'https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking';

/** The Messages body and what it changed from the request (thinking needs room in max_tokens and takes no temperature). */
export function anthropicRequest(config: ProviderConfig, asked: ChatRequest, stream: boolean, rules?: RequestRules): { body: Record<string, unknown>; mappings: RequestMapping[] } {
  const { req, mappings } = rulesApplied(config, rules, asked);
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const body: Record<string, unknown> = {
    model: config.model,
    max_tokens: req.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: req.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content })),
    stream,
  };
  if (system.length) body.system = system.join('\n\n');
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.stop?.length) body.stop_sequences = req.stop;
  const r = config.reasoning as ReasoningConfig | undefined;
  if (r && r.enabled !== false) {
    const budget = Math.max(ANTHROPIC_MIN_THINKING_BUDGET, r.budgetTokens ?? EFFORT_BUDGET[r.effort ?? 'medium']);
    body.thinking = { type: 'enabled', budget_tokens: budget };
    // The budget is part of max_tokens: leave the asked room for the answer on top of it.
    const answerRoom = req.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
    if ((body.max_tokens as number) <= budget) {
      body.max_tokens = budget + answerRoom;
      mappings.push({
        field: 'maxTokens',
        from: answerRoom,
        to: body.max_tokens,
        reason: `thinking budget ${budget} is counted inside max_tokens (${THINKING_DOC})`,
        reasonZh: `思考预算 ${budget} 计入 max_tokens（${THINKING_DOC}）`,
      });
    }
    for (const [field, key] of [
      ['temperature', 'temperature'],
      ['topP', 'top_p'],
    ] as const) {
      if (body[key] === undefined) continue;
      mappings.push({ field, from: body[key], to: null, reason: `extended thinking does not accept ${key} changes (${THINKING_DOC})`, reasonZh: `扩展思考不接受修改 ${key}（${THINKING_DOC}）` });
      delete body[key];
    }
  }
  return { body: { ...body, ...config.params }, mappings };
}

export function anthropicBody(config: ProviderConfig, req: ChatRequest, stream: boolean, rules?: RequestRules): Record<string, unknown> {
  return anthropicRequest(config, req, stream, rules).body;
}

export function createAnthropic(config: ProviderConfig, options: AnthropicOptions): Provider {
  const apiKey = required(config, 'apiKey', 'an Anthropic API key, e.g. ${env:ANTHROPIC_API_KEY}');
  const url = `${(config.baseUrl ?? ANTHROPIC_BASE_URL).replace(/\/+$/, '')}/v1/messages`;
  const client = new HttpClient(parseEndpoint(url));
  const stream = config.stream ?? true;
  const headers = { 'content-type': 'application/json', 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION, ...config.headers };
  const provider = protocolProvider(config, identityOf(config, url), {
    client,
    stream,
    signals: options.signals,
    codeMap: options.codeMap,
    maxAnswerBytes: answerLimit(config),
    body: (r) => JSON.stringify(anthropicBody(config, r, stream, options.rules)),
    headers: () => headers,
    readJson: (json) => {
      const error = errorOf(json);
      if (error) return error;
      if (!Array.isArray(json?.content)) return { malformed: 'no content blocks' };
      const text = json.content
        .filter((b: any) => b?.type === 'text')
        .map((b: any) => b.text ?? '')
        .join('');
      const reasoning = json.content
        .filter((b: any) => b?.type === 'thinking')
        .map((b: any) => b.thinking ?? '')
        .join('');
      return { text, reasoning, ...(json.stop_reason ? { finishReason: json.stop_reason } : {}), usage: usageOf(json.usage) };
    },
    readEvent: (json, event) => {
      const type = json?.type ?? event;
      if (type === 'error') return errorOf(json) ?? { error: { message: 'stream error' } };
      if (type === 'message_start') return { usage: usageOf(json.message?.usage) };
      if (type === 'content_block_delta') {
        const d = json.delta ?? {};
        return d.type === 'thinking_delta' ? { reasoning: d.thinking ?? '' } : { text: d.type === 'text_delta' ? (d.text ?? '') : '' };
      }
      if (type === 'message_delta') return { ...(json.delta?.stop_reason ? { finishReason: json.delta.stop_reason } : {}), usage: usageOf(json.usage) };
      if (type === 'message_stop') return { done: true };
      return {}; // ping, content_block_start/stop
    },
  });
  return { ...provider, describeRequest: (r) => anthropicRequest(config, r, stream, options.rules).mappings };
}
