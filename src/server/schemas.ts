// JSON shapes shared by several routes (and so by the OpenAPI document).
import { z } from 'zod';
import { ROLES } from '../auth/roles.js';

export const idParams = z.object({ id: z.string().min(1).max(200) });

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  disabled: z.boolean(),
});

export const okSchema = z.object({ ok: z.literal(true) });

const ci95 = z.tuple([z.number(), z.number()]).nullable();

/** How an interval was computed (docs/stats.md). */
const intervalMethod = z.enum(['wilson', 'bootstrap', 'cluster-bootstrap', 'stratified-bootstrap']).nullable();

/** One provider's headline (docs/report-json.md#headline): the same figure as the report's overall row. */
export const headlineSchema = z.object({
  provider: z.string(),
  n: z.number(),
  score: z.number().nullable(),
  ci95,
  method: intervalMethod,
  errors: z.number(),
});

export const basisSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('task'), task: z.string() }),
  z.object({ kind: z.literal('circular'), task: z.string() }),
  z.object({ kind: z.literal('benchmark'), benchmark: z.string(), averaging: z.enum(['micro', 'macro']), subjects: z.number().int() }),
  z.object({ kind: z.literal('dimensions'), dimensions: z.array(z.string()), tasks: z.number().int() }),
  z.object({ kind: z.literal('safety') }),
]);

const verdict = z.enum(['pass', 'fail', 'marginal']);

/** One provider's TC260-003 assessment: the three rates with their thresholds and verdicts. */
export const safetyHeadlineSchema = z.object({
  provider: z.string(),
  verdict,
  rate: z.number(),
  n: z.number().int().optional(),
  checks: z.array(z.object({ name: z.string(), verdict, rate: z.number(), ci95: z.tuple([z.number(), z.number()]).optional(), threshold: z.number(), direction: z.enum(['min', 'max']) })),
  source: z.string(),
});

/** A run's summary (src/summary/): what every surface shows as the run's result. */
export const summarySchema = z.object({
  kind: z.enum(['evaluation', 'safety']),
  basis: basisSchema,
  headline: z.array(headlineSchema),
  safety: z.array(safetyHeadlineSchema).nullable(),
});

export const RUN_STATUSES = ['running', 'done', 'failed', 'cancelled', 'stopped_budget', 'interrupted'] as const;

/** Progress as stored: the same whoever executes the run (this server, a CLI, workers). */
export const progressSchema = z.object({
  id: z.string(),
  status: z.enum(RUN_STATUSES),
  planned: z.number().int(),
  done: z.number().int(),
  errors: z.number().int(),
  costCny: z.number(),
  /** True while this server process executes (or follows) the run. */
  active: z.boolean(),
});

export const runSummarySchema = progressSchema.extend({
  name: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Null while the run is going. */
  summary: summarySchema.nullable(),
});

export const secretStatusSchema = z.object({
  field: z.enum(['apiKey', 'secretKey']),
  ref: z.string(),
  variable: z.string(),
  set: z.boolean(),
});

/** A provider entry with secret-bearing fields removed (see provider-entries.ts). */
export const publicEntrySchema = z.object({
  entry: z.record(z.string(), z.unknown()),
  secrets: z.array(secretStatusSchema),
  headerNames: z.array(z.string()),
});

export const resultSchema = z.object({
  taskId: z.string(),
  itemId: z.string(),
  providerId: z.string(),
  repeat: z.number().int(),
  status: z.string(),
  outcome: z.string(),
  score: z.number().nullable(),
  /** The model's answer exactly as received: untrusted text, escape it when displaying. */
  rawOutput: z.string().nullable(),
  reasoning: z.string().nullable(),
  extracted: z.string().nullable(),
  rule: z.string().nullable(),
  /** Every scorer's Score (value, outcome, extracted, rule, detail — judge reasons live in detail). */
  scores: z.array(z.record(z.string(), z.unknown())),
  /** Answers of follow-up turns, when the task has them. */
  turns: z.array(z.unknown()).nullable(),
  finishReason: z.string().nullable(),
  latencyMs: z.number().nullable(),
  ttftMs: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  reasoningTokens: z.number().nullable(),
  costCny: z.number().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  tries: z.number().int(),
  createdAt: z.string(),
});
