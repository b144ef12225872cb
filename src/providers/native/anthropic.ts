// Anthropic Messages API (POST /v1/messages, https://docs.anthropic.com/en/api/messages):
// x-api-key + anthropic-version headers, the system prompt outside the
// messages, max_tokens required. Streams are typed SSE events: message_start
// (input usage), content_block_delta (text / thinking), message_delta
// (stop_reason, output usage), message_stop; `error` events mid-stream.
import type { ChatRequest, Provider, Usage } from '../../types.js';
import type { ProviderConfig } from '../config.js';
import { HttpClient, parseEndpoint } from '../http.js';
import { count, defined, identityOf, protocolProvider, required, type NativeOptions, type Piece } from '../exchange.js';

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

export function anthropicBody(config: ProviderConfig, req: ChatRequest, stream: boolean): Record<string, unknown> {
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
  return { ...body, ...config.params };
}

export function createAnthropic(config: ProviderConfig, options: AnthropicOptions): Provider {
  const apiKey = required(config, 'apiKey', 'an Anthropic API key, e.g. ${env:ANTHROPIC_API_KEY}');
  const url = `${(config.baseUrl ?? ANTHROPIC_BASE_URL).replace(/\/+$/, '')}/v1/messages`;
  const client = new HttpClient(parseEndpoint(url));
  const stream = config.stream ?? true;
  const headers = { 'content-type': 'application/json', 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION, ...config.headers };
  return protocolProvider(config, identityOf(config, url), {
    client,
    stream,
    signals: options.signals,
    codeMap: options.codeMap,
    body: (r) => JSON.stringify(anthropicBody(config, r, stream)),
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
}
