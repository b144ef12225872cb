// The shape of a vendor preset. An OpenAI-compatible vendor is plain data
// (endpoint, auth, content-filter signals, quirks); a vendor with a protocol
// of its own (AK/SK tokens, signatures, WebSocket) supplies `create`.
import type { Provider } from '../../types.js';
import type { ContentFilterSignals, ErrorCodeMap } from '../classify.js';
import type { ProviderConfig } from '../config.js';
import type { ReasoningStyle } from '../reasoning.js';
import type { ModelRules, RequestRules } from '../rules.js';

export interface ModelInfo {
  contextLength: number;
}

export interface Preset {
  name: { zh: string; en: string };
  /** OpenAI-compatible endpoint base (…/v1); absent when the user must give it (private deployments, Azure). */
  baseUrl?: string;
  /** Full chat-completions URL when it is not baseUrl + /chat/completions (Azure deployments). */
  url?: (config: ProviderConfig) => string;
  /** Auth headers; default `Authorization: Bearer <apiKey>`. */
  auth?: (config: ProviderConfig) => Record<string, string>;
  /** The vendor's documented content-filter signals. */
  contentFilter: ContentFilterSignals;
  /** Vendor codes meaning rate limit, no quota, bad key… whatever the HTTP status. */
  errorCodes?: ErrorCodeMap;
  /** False when the vendor rejects `stream_options` (then usage may be missing and is estimated). */
  streamUsage?: boolean;
  /** Request mapping quirks: renamed or unsupported body fields. */
  mapBody?: (body: Record<string, unknown>, config: ProviderConfig) => Record<string, unknown>;
  /** Default rate limit (per API key, the vendor's entry tier), used when the config sets none. */
  rateLimit?: { rpm?: number; tpm?: number };
  /** Known models and their context lengths; other model names are allowed. */
  models: Record<string, ModelInfo>;
  /** The documentation page the preset follows. */
  docs: string;
  /** True for private deployments that need no API key. */
  keyless?: boolean;
  /** Per-model request rules (accepted ranges, token-limit field, stop words, seed); every matching entry applies. */
  rules?: ModelRules[];
  /** How `reasoning:` on an entry is sent (OpenAI wire); native protocols map it themselves. */
  reasoning?: ReasoningStyle;
  /** Finish reasons meaning the vendor cut the answer for its own reasons: retried as server errors. */
  retryFinishReasons?: string[];
  /** A warning about a model id the vendor will likely refuse (Ark wants versioned ids or ep-… endpoint ids). */
  modelWarning?: (model: string) => { zh: string; en: string } | undefined;
  /** A vendor protocol of its own (Baidu AK/SK, Zhipu JWT, Spark WebSocket, Hunyuan TC3, Anthropic, Gemini). */
  create?: (config: ProviderConfig, extras: PresetExtras) => Provider;
}

/** What createFromPreset hands a native protocol besides the config: the model's request rules. */
export interface PresetExtras {
  rules: RequestRules;
}

/** Model table helper: every name gets the same context length. */
export const models = (contextLength: number, ...names: string[]): Record<string, ModelInfo> => Object.fromEntries(names.map((n) => [n, { contextLength }]));
