// The shared vocabulary of Heng. Every module speaks in these types; keep
// them small and stable: providers, scorers, the engine and the store all
// depend on this file and on nothing else of each other.

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** What the engine asks a provider for. */
export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
}

/** Where a request sits in the plan; replay providers and logs need it. */
export interface CallContext {
  runId: string;
  taskId: string;
  itemId: string;
  repeat: number;
  signal?: AbortSignal;
  /** Per-request timeout in ms, from the run options. */
  timeoutMs: number;
}

/**
 * How a single request ended. `ok` carries an answer; everything else is a
 * failure of its own kind that is never scored as a wrong answer.
 */
export type AttemptStatus =
  | 'ok'
  | 'content_filtered' // the vendor blocked the prompt or the answer
  | 'missing' // replay: no answer recorded for this item
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'auth'
  | 'bad_request';

/** Statuses worth another try after a back-off. */
export const RETRYABLE: ReadonlySet<AttemptStatus> = new Set(['rate_limited', 'server_error', 'timeout', 'network']);

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Thinking tokens of reasoning models, where the API reports them apart. */
  reasoningTokens?: number;
  /** Input tokens billed at the vendor's cached-input price. */
  cachedInputTokens?: number;
  /** True when the vendor reported no usage and Heng counted it itself. */
  estimated?: boolean;
}

export interface Timing {
  /** Wall time from sending the request to the end of the answer. */
  totalMs: number;
  /** Time to the first content token (streaming only). */
  ttftMs?: number;
  /** Output tokens per second after the first token (streaming) or overall. */
  tokensPerSecond?: number;
  /** Gaps between successive stream chunks, ms. */
  interTokenMs?: number[];
}

export interface ProviderError {
  /** The vendor's own error code, kept verbatim (e.g. "DataInspectionFailed"). */
  code?: string;
  message: string;
  httpStatus?: number;
  /** From Retry-After or the vendor's equivalent. */
  retryAfterMs?: number;
}

/** What a provider returns. Providers classify failures; they do not throw for them. */
export interface ProviderResult {
  status: AttemptStatus;
  text: string;
  /** Reasoning / thinking text, where the API returns it separately. */
  reasoning?: string;
  finishReason?: string;
  usage?: Usage;
  timing: Timing;
  error?: ProviderError;
}

/**
 * A request value a provider sent differently from what was asked, because
 * the model accepts only some values (its preset's rules): recorded in the
 * run, never silent. `to: null` means the field was not sent.
 */
export interface RequestMapping {
  field: string;
  from: unknown;
  to: unknown;
  /** Why, in English, with the page that documents it. */
  reason: string;
  /** The same in Chinese (absent only in mappings stored before it existed). */
  reasonZh?: string;
}

/** One small interface per provider (promptfoo's lesson). */
export interface Provider {
  /** The id used in the config and the reports (e.g. "qwen-max"). */
  readonly id: string;
  /**
   * Everything that changes the answer (type, endpoint, model, fixed params),
   * never a secret. Keys the response cache.
   */
  readonly identity: string;
  /** Model name as sent to the vendor, for pricing and reports. */
  readonly model: string;
  /** False for providers whose answers are already stored (replay): skip the response cache. */
  readonly cacheable?: boolean;
  /** True when answers were produced elsewhere (replay): no latency to report. */
  readonly recorded?: boolean;
  complete(request: ChatRequest, ctx: CallContext): Promise<ProviderResult>;
  /** What the provider will send differently from `request` (its model's rules); the run records it. */
  describeRequest?(request: ChatRequest): RequestMapping[];
  close?(): Promise<void>;
}

/** One row of a dataset, after loading. */
export interface Item {
  /** Stable id: from the source, else the 0-based row index in the source file. */
  id: string;
  /** Every field of the row, for `{{field}}` substitution and scorers. */
  fields: Record<string, unknown>;
  /** The reference answer, when the task has one. */
  target?: string | string[];
  /** For multiple choice: option letter → option text. */
  choices?: Record<string, string>;
  /** Per-item tags (e.g. subject, group, risk id). */
  tags?: Record<string, string>;
  /** Several items that share a passage or dialogue: clustered standard errors. */
  cluster?: string;
}

/**
 * The result of scoring one answer. `unparseable` means the answer could not
 * be read (no option letter, no number): its own outcome, never a guess.
 */
export type ScoreOutcome = 'correct' | 'wrong' | 'unparseable';

export interface Score {
  /** In [0, 1]. Binary scorers give 0 or 1. */
  value: number;
  outcome: ScoreOutcome;
  /** The answer as extracted from the raw output. */
  extracted?: string;
  /** Id of the extraction rule that matched (see docs/scorers.md). */
  rule?: string;
  /** Free-form details: judge reasons, sub-scores, test logs. */
  detail?: Record<string, unknown>;
  /**
   * No value could be given (an unreadable LLM judgment): the result keeps its
   * outcome but its score is stored as null and left out of every mean.
   */
  unrated?: boolean;
}

export interface ScoreInput {
  output: string;
  item: Item;
  /** The messages sent, for judges. */
  messages: ChatMessage[];
  /** Judge scorers report every judge request here; the engine records each as an attempt and counts its cost. */
  recordJudge?: (t: JudgeTry) => void;
}

/** One try of one request a scorer made to an LLM judge (a cached reply is try 0). */
export interface JudgeTry {
  judge: string;
  result: ProviderResult;
  try: number;
  cached: boolean;
}

export interface Scorer {
  readonly name: string;
  score(input: ScoreInput): Score | Promise<Score>;
  /**
   * Throws an InputError (naming the field) when this scorer cannot score
   * answers to `item` (no reference answer, a target that is not a number or
   * an option). `heng run` calls it for every item before the first request.
   */
  check?(item: Item): void;
}

/**
 * The outcome a result is counted under in every report. Provider failures,
 * vendor blocks and answers cut by the token limit (`truncated`, unless the
 * task opts in with `scoreTruncated`) are never folded into `wrong`.
 */
export type Outcome = ScoreOutcome | 'error' | 'content_filtered' | 'truncated' | 'missing';

export const OUTCOMES = ['correct', 'wrong', 'unparseable', 'error', 'content_filtered', 'truncated', 'missing'] as const satisfies readonly Outcome[];

/**
 * Finish reasons of an answer cut short: `length` (the token limit; providers
 * map their vendor's equivalent, e.g. Gemini MAX_TOKENS, Anthropic
 * max_tokens, to it) and `max_size` (Heng's own maximum answer size).
 */
export const TRUNCATED_FINISH_REASONS = ['length', 'max_size'] as const;

export const isTruncated = (finishReason: string | null | undefined): boolean => (TRUNCATED_FINISH_REASONS as readonly string[]).includes(finishReason ?? '');

/** A scorer's score of one answer, named by the scorer (the first scorer's is the primary). */
export type NamedScore = Score & { scorer: string };

/**
 * What evaluating one unit (an item for a provider and a repeat) produced,
 * as values: the engine emits it, only the store turns it into rows
 * (src/store/outcome.ts).
 */
export interface UnitOutcome {
  runId: string;
  taskId: string;
  itemId: string;
  providerId: string;
  repeat: number;
  /** Absent when the unit is left for resume (cut short by a stop, or only judged): its tries are still kept. */
  result?: UnitResult;
  /** Every try of every request made for the unit, the answer's and the judges'. */
  attempts: AttemptOutcome[];
  /** Answers to keep in the response cache. */
  cache: CacheEntry[];
}

export interface UnitResult {
  /** The final try's status, or 'scorer_error' when a scorer failed. */
  status: AttemptStatus | 'scorer_error';
  outcome: Outcome;
  /** The primary score, null when the answer is not scored or not rated. */
  score: number | null;
  output: string | null;
  reasoning: string | null;
  extracted: string | null;
  rule: string | null;
  /** Every scorer's score; empty when the answer was not scored. */
  scores: NamedScore[];
  /** The answer of every turn, only for items with follow-up turns. */
  turns?: string[];
  finishReason: string | null;
  /** Null for recorded answers (replay): there was no request to time. */
  latencyMs: number | null;
  ttftMs: number | null;
  tokensPerSecond: number | null;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Null when a price is unknown. */
  costCny: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  tries: number;
  at: string;
}

/** One try of one request: the candidate's answer, or a scorer's request to an LLM judge. */
export interface AttemptOutcome {
  role: 'answer' | 'judge';
  /** Who was asked: the unit's provider, or the judge. */
  providerId: string;
  /** The answer's turn, or the number of the judge request within the unit. */
  turn: number;
  /** 1, 2, … for sent tries; 0 for a cached reply. */
  try: number;
  cached: boolean;
  result: ProviderResult;
  /** What this try cost now: 0 when cached (the earlier run paid), null when the price is unknown. */
  costCny: number | null;
  at: string;
}

export interface CacheEntry {
  key: string;
  response: ProviderResult;
}

/**
 * A provider as the engine runs it: concurrency, rate limit and price around
 * the Provider. Declared here (not in engine/run.ts) so providers/ can build
 * one without importing the engine.
 */
export interface EngineProvider {
  provider: Provider;
  concurrency: number;
  rateLimit?: { rpm?: number; tpm?: number };
  /** CNY cost of one answer's usage; undefined when the price is unknown. */
  cost(result: ProviderResult): number | undefined;
}
