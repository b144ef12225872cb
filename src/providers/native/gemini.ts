// Google Gemini API (https://ai.google.dev/api/generate-content):
// models/{model}:generateContent, or :streamGenerateContent?alt=sse, the key
// in the x-goog-api-key header. The system prompt goes in
// systemInstruction, assistant turns have role "model". A blocked prompt
// comes back as promptFeedback.blockReason with no candidates; a blocked
// answer as a candidate finishReason (SAFETY, PROHIBITED_CONTENT, …).
import type { ChatRequest, Provider, Usage } from '../../types.js';
import type { ProviderConfig } from '../config.js';
import { HttpClient, parseEndpoint } from '../http.js';
import { answerLimit, count, defined, identityOf, protocolProvider, required, rulesApplied, type NativeOptions, type Piece } from '../exchange.js';
import type { ReasoningConfig } from '../reasoning.js';
import type { RequestRules } from '../rules.js';

export const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

export type GeminiOptions = NativeOptions;

/** Gemini counts thinking apart from candidates; Heng's outputTokens includes it (as OpenAI's does). */
function usageOf(u: any): Partial<Usage> | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const thoughts = count(u.thoughtsTokenCount);
  const candidates = count(u.candidatesTokenCount);
  return defined({
    inputTokens: count(u.promptTokenCount),
    outputTokens: candidates === undefined && thoughts === undefined ? undefined : (candidates ?? 0) + (thoughts ?? 0),
    reasoningTokens: thoughts,
    cachedInputTokens: count(u.cachedContentTokenCount),
  });
}

/** One GenerateContentResponse (a whole answer, or one stream chunk). */
function readResponse(json: any): Piece {
  // Google's error body: {error: {code: 429, message, status: "RESOURCE_EXHAUSTED"}}; the status is the code to keep.
  if (json?.error) return { error: { code: json.error.status ?? (json.error.code !== undefined ? String(json.error.code) : undefined), message: json.error.message } };
  const blockReason = json?.promptFeedback?.blockReason;
  if (blockReason) return { blocked: String(blockReason) };
  const candidate = json?.candidates?.[0];
  const usage = usageOf(json?.usageMetadata);
  if (!candidate) return json?.usageMetadata ? { usage } : { malformed: 'no candidates' };
  const parts: any[] = Array.isArray(candidate.content?.parts) ? candidate.content.parts : [];
  const text = parts
    .filter((p) => !p?.thought && typeof p?.text === 'string')
    .map((p) => p.text)
    .join('');
  const reasoning = parts
    .filter((p) => p?.thought && typeof p?.text === 'string')
    .map((p) => p.text)
    .join('');
  return { text, reasoning, ...(candidate.finishReason ? { finishReason: String(candidate.finishReason) } : {}), usage };
}

/**
 * `reasoning:` → generationConfig.thinkingConfig (https://ai.google.dev/gemini-api/docs/thinking):
 * thinkingLevel for Gemini 3 when an effort is given, else thinkingBudget
 * (0 turns thinking off where the model allows it, -1 lets the model decide);
 * includeThoughts so the thinking comes back apart from the answer.
 */
export function thinkingConfig(model: string, r: ReasoningConfig | undefined): Record<string, unknown> | undefined {
  if (!r) return undefined;
  if (r.effort && /^gemini-3/.test(model)) return { thinkingLevel: r.effort === 'high' || r.effort === 'medium' ? 'high' : 'low', includeThoughts: true };
  if (r.enabled === false) return { thinkingBudget: 0 };
  return { thinkingBudget: r.budgetTokens ?? -1, includeThoughts: true };
}

export function geminiBody(config: ProviderConfig, asked: ChatRequest, rules?: RequestRules): Record<string, unknown> {
  const req = rulesApplied(config, rules, asked).req;
  const system = req.messages.filter((m) => m.role === 'system').map((m) => ({ text: m.content }));
  const generationConfig: Record<string, unknown> = {};
  if (req.temperature !== undefined) generationConfig.temperature = req.temperature;
  if (req.topP !== undefined) generationConfig.topP = req.topP;
  if (req.maxTokens !== undefined) generationConfig.maxOutputTokens = req.maxTokens;
  if (req.seed !== undefined) generationConfig.seed = req.seed;
  if (req.stop?.length) generationConfig.stopSequences = req.stop;
  const thinking = thinkingConfig(config.model, config.reasoning as ReasoningConfig | undefined);
  if (thinking) generationConfig.thinkingConfig = thinking;
  return {
    contents: req.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] })),
    ...(system.length ? { systemInstruction: { parts: system } } : {}),
    ...(Object.keys(generationConfig).length ? { generationConfig } : {}),
    ...config.params,
  };
}

export function createGemini(config: ProviderConfig, options: GeminiOptions): Provider {
  const apiKey = required(config, 'apiKey', 'a Gemini API key from Google AI Studio, e.g. ${env:GEMINI_API_KEY}');
  const stream = config.stream ?? true;
  const base = (config.baseUrl ?? GEMINI_BASE_URL).replace(/\/+$/, '');
  const model = encodeURIComponent(config.model);
  const url = stream ? `${base}/models/${model}:streamGenerateContent?alt=sse` : `${base}/models/${model}:generateContent`;
  const client = new HttpClient(parseEndpoint(url));
  const headers = { 'content-type': 'application/json', 'x-goog-api-key': apiKey, ...config.headers };
  // Streaming or not, the answer is the same: one identity, one cache entry.
  return protocolProvider(
    config,
    identityOf(config, `${base}/models/${model}`),
    {
      client,
      stream,
      signals: options.signals,
      codeMap: options.codeMap,
      maxAnswerBytes: answerLimit(config),
      body: (r) => JSON.stringify(geminiBody(config, r, options.rules)),
      headers: () => headers,
      readJson: readResponse,
      readEvent: readResponse,
    },
    options.rules,
  );
}
