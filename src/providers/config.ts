// A provider entry after the config loader resolved its secrets (in memory only).
export interface Price {
  /** CNY per million input tokens. */
  inputPerMillion: number;
  /** CNY per million output tokens (reasoning tokens are billed as output). */
  outputPerMillion: number;
  /** CNY per million cached input tokens, where the vendor has such a price. */
  cachedInputPerMillion?: number;
  currency: 'CNY';
  /** When the price was read, and from which page. */
  date: string;
  source: string;
}

export interface ProviderConfig {
  id: string;
  type?: string;
  preset?: string;
  model: string;
  baseUrl?: string;
  /** Already resolved from ${env:X} by the config loader; never logged, never part of identity. */
  apiKey?: string;
  /** For native vendor protocols that sign with a key pair (later presets). */
  secretKey?: string;
  headers?: Record<string, string>;
  /** Default true: streaming measures time to first token. */
  stream?: boolean;
  /** Extra body fields sent as they are (e.g. enable_thinking). */
  params?: Record<string, unknown>;
  concurrency?: number;
  rateLimit?: { rpm?: number; tpm?: number };
  price?: Price;
  /** Context window in tokens; filled from the preset's model table when known. */
  contextLength?: number;
  [extra: string]: unknown;
}
