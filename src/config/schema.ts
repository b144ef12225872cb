// The shape of heng.yaml, validated with zod. Field docs live in docs/config.md.
import { z } from 'zod';
import { runOptionsSchema, type RunOptions } from './run-options.js';
import { workloadSchema } from '../cost/workload.js';
import { scorecardSchema } from '../scorecard/spec.js';

const secretRef = z.string().regex(/^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/, 'secrets are given by reference only, e.g. ${env:QWEN_API_KEY}');

export const rateLimitSchema = z.strictObject({
  rpm: z.number().positive().optional(),
  tpm: z.number().positive().optional(),
});

export const priceSchema = z.strictObject({
  inputPerMillion: z.number().nonnegative(),
  outputPerMillion: z.number().nonnegative(),
  cachedInputPerMillion: z.number().nonnegative().optional(),
  currency: z.literal('CNY').default('CNY'),
  date: z.string().default('config'),
  source: z.string().default('heng.yaml'),
});

export const providerSchema = z
  .looseObject({
    id: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, and . _ : -'),
    type: z.string().optional(),
    preset: z.string().optional(),
    model: z.string().optional(),
    label: z.string().optional(),
    baseUrl: z.string().url().optional(),
    apiKey: secretRef.optional(),
    secretKey: secretRef.optional(),
    headers: z.record(z.string(), z.string()).optional(),
    stream: z.boolean().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    concurrency: z.number().int().positive().optional(),
    rateLimit: rateLimitSchema.optional(),
    price: priceSchema.optional(),
    path: z.string().optional(),
    /** `judge`: used by judge scorers and `heng judge` only, never evaluated itself. */
    role: z.enum(['candidate', 'judge']).optional(),
  })
  .refine((p) => p.type || p.preset, { message: 'give a "type" (openai-compatible, replay, local) or a "preset"' });

export const scorerSpecSchema = z.looseObject({ type: z.string() });

const datasetObject = z.strictObject({
  path: z.string(),
  format: z.enum(['jsonl', 'csv', 'xlsx', 'json']).optional(),
  idField: z.string().optional(),
  sheet: z.string().optional(),
  /** Column mapping: task field name → source column name. */
  columns: z.record(z.string(), z.string()).optional(),
});

export const taskSpecSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, and . _ : -'),
  description: z.string().optional(),
  dataset: z.union([z.string(), datasetObject]).optional(),
  items: z.array(z.record(z.string(), z.unknown())).optional(),
  prompt: z.strictObject({
    system: z.string().optional(),
    user: z.string(),
    fewShot: z
      .strictObject({
        dataset: z.union([z.string(), datasetObject]).optional(),
        items: z.array(z.record(z.string(), z.unknown())).optional(),
        count: z.number().int().nonnegative().optional(),
        assistant: z.string(),
      })
      .optional(),
  }),
  target: z.string().default('answer'),
  choices: z.array(z.string()).optional(),
  /** CircularEval: ask each multiple-choice item once per rotation of its options (src/tasks/circular.ts). */
  circular: z.boolean().optional(),
  /** Score answers cut by the token limit (finish reason length/max_size) instead of recording them as `truncated`. */
  scoreTruncated: z.boolean().optional(),
  scorers: z.array(scorerSpecSchema).min(1),
  tags: z.record(z.string(), z.string()).default({}),
});

export const packRefSchema = z.looseObject({
  pack: z.string(),
  id: z.string().optional(),
  data: z.string().optional(),
  split: z.string().optional(),
  shots: z.number().int().nonnegative().optional(),
  mode: z.string().optional(),
  /** As a task's `scoreTruncated`, for every task of the pack. */
  scoreTruncated: z.boolean().optional(),
});

/** A safety bank file: a path, or a path with the bank's update date when the file has none. */
const safetyBankRef = z.union([
  z.string(),
  z.strictObject({
    path: z.string(),
    updated: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'write dates as YYYY-MM-DD')
      .optional(),
  }),
]);

const sampleSize = z.number().int().positive();

/** `safety:` — a TC260-003 content-safety assessment (`heng safety run`, docs/safety.md). */
export const safetySchema = z.strictObject({
  banks: z
    .strictObject({ test: safetyBankRef.optional(), shouldRefuse: safetyBankRef.optional(), shouldNotRefuse: safetyBankRef.optional() })
    .refine((b) => b.test || b.shouldRefuse || b.shouldNotRefuse, { message: 'name at least one bank: test, shouldRefuse or shouldNotRefuse' }),
  keywords: safetyBankRef.optional(),
  /** Match the pinyin of every Chinese keyword of the library (default: only entries marked `| pinyin`). */
  keywordPinyin: z.boolean().optional(),
  /** Questions drawn per bank (default: the standard's minimums, 1,000 / 300 / 300). */
  sample: z.strictObject({ test: sampleSize.optional(), shouldRefuse: sampleSize.optional(), shouldNotRefuse: sampleSize.optional() }).optional(),
  /** Sampling seed (default run.seed). */
  seed: z.union([z.number().int(), z.string()]).optional(),
  /** Providers assessed (default: every provider but the judge). */
  providers: z.array(z.string()).min(1).optional(),
  judge: z
    .union([
      z.string(),
      z.strictObject({
        provider: z.string(),
        /** Also judge answers the rules decided; disagreements go to review (default true). */
        check: z.boolean().optional(),
      }),
    ])
    .optional(),
  /** The follow-up attack sent after the first answer to test and should-refuse questions; false: none. */
  followUp: z.union([z.literal(false), z.string().min(1)]).optional(),
  system: z.string().optional(),
  /** Overrides of src/safety/thresholds.ts (banks, sampling, passRates). */
  thresholds: z.record(z.string(), z.unknown()).optional(),
  /** Whether a partial refusal counts as a refusal (default true). */
  partialIsRefusal: z.boolean().optional(),
});

export const configSchema = z
  .strictObject({
    name: z.string().optional(),
    providers: z.array(providerSchema).min(1),
    // Each entry is validated on its own (pack reference or task spec) so an
    // error names the exact entry instead of a union's mixed complaints.
    // A config with a `safety:` section may have no tasks of its own.
    tasks: z.array(z.record(z.string(), z.unknown())).default([]),
    run: runOptionsSchema.default(runOptionsSchema.parse({})),
    /** Expected usage: monthly bill and peak concurrency (docs/scorecard.md). */
    workload: workloadSchema.optional(),
    /** Weights and hard requirements of the procurement scorecard (docs/scorecard.md). */
    scorecard: scorecardSchema.optional(),
    safety: safetySchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.tasks.length === 0 && !c.safety) ctx.addIssue({ code: 'custom', path: ['tasks'], message: 'list at least one task (or give a "safety:" section)' });
  });

export type ProviderEntry = z.infer<typeof providerSchema>;
export type TaskSpec = z.infer<typeof taskSpecSchema>;
export type PackRef = z.infer<typeof packRefSchema>;
export type HengConfig = z.infer<typeof configSchema>;
export type SafetyConfig = z.infer<typeof safetySchema>;
export type SafetyBankRef = z.infer<typeof safetyBankRef>;
export type DatasetRef = NonNullable<TaskSpec['dataset']>;

export { runOptionsSchema, type RunOptions };
