// The shape of heng.yaml, validated with zod. Field docs live in docs/config.md.
import { z } from 'zod';
import { runOptionsSchema, type RunOptions } from './run-options.js';
import { workloadSchema } from '../cost/workload.js';
import { deploymentSchema } from '../cost/deployment.js';
import { scorecardSchema } from '../scorecard/spec.js';

/** Names that are also properties of every JavaScript object: as an id or a tag they would vanish from (or corrupt) the maps figures are grouped in. */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__'];
const notPrototypeName = (v: string) => !PROTOTYPE_NAMES.includes(v);
const reservedMessage = (v: string) => `"${v}" is reserved (a property of every JavaScript object); choose another name`;

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, and . _ : -')
  .refine(notPrototypeName, { error: (i) => reservedMessage(String(i.input)) });

/** Tags (dimension: reasoning, …): neither key nor value may be a prototype name. */
const tagsSchema = z.record(z.string(), z.string()).superRefine((tags, ctx) => {
  for (const [k, v] of Object.entries(tags)) {
    if (!notPrototypeName(k)) ctx.addIssue({ code: 'custom', path: [k], message: reservedMessage(k) });
    else if (!notPrototypeName(v)) ctx.addIssue({ code: 'custom', path: [k], message: reservedMessage(v) });
  }
});

const secretRef = z.string().regex(/^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/, 'secrets are given by reference only, e.g. ${env:QWEN_API_KEY}');

/** A query or params name that carries a credential (api_key, access_token, secret, …). */
const SECRET_NAME = /^(api[-_]?key|apikey|key|access[-_]?token|token|secret([-_]?key)?|client[-_]?secret|password|passwd|authorization|signature|sig)$/i;
const SECRET_HINT = 'give keys only as apiKey / secretKey references, e.g. apiKey: ${env:QWEN_API_KEY}';

/**
 * Keys written into baseUrl (user info, query string) or params would be
 * stored with the run in clear: rejected like a literal apiKey.
 */
function noKeysOutsideSecrets(p: { baseUrl?: string; params?: Record<string, unknown> }, ctx: z.RefinementCtx) {
  if (p.baseUrl) {
    let url: URL | undefined;
    try {
      url = new URL(p.baseUrl);
    } catch {
      url = undefined; // the url() check reports it
    }
    if (url && (url.username || url.password)) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `no credentials in the URL's user info; ${SECRET_HINT}` });
    for (const name of url ? url.searchParams.keys() : [])
      if (SECRET_NAME.test(name)) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `no credentials in the URL's query ("${name}"); ${SECRET_HINT}` });
  }
  for (const [name, value] of Object.entries(p.params ?? {}))
    if (SECRET_NAME.test(name) && value !== undefined && value !== null && value !== false)
      ctx.addIssue({ code: 'custom', path: ['params', name], message: `"params.${name}" would send and store a credential in clear; ${SECRET_HINT}` });
}

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
    id: idSchema,
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
    /** Thinking on/off, effort, budget: mapped per vendor (docs/providers.md, Reasoning). */
    reasoning: z
      .strictObject({
        enabled: z.boolean().optional(),
        effort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
        budgetTokens: z.number().int().positive().optional(),
      })
      .optional(),
    /** Output-token limit for this provider, over run.maxTokens (never raised by a reasoning model's floor). */
    maxTokens: z.number().int().positive().optional(),
    /** The largest answer kept, UTF-8 bytes (default 1,000,000); longer ones are cut, finish reason max_size. */
    maxAnswerBytes: z.number().int().positive().optional(),
    /** The model behind a user-named deployment (Azure), for the preset's per-model rules. */
    family: z.string().optional(),
    /** `judge`: used by judge scorers and `heng judge` only, never evaluated itself. */
    role: z.enum(['candidate', 'judge']).optional(),
  })
  .refine((p) => p.type || p.preset, { message: 'give a "type" (openai-compatible, replay, local) or a "preset"' })
  .superRefine(noKeysOutsideSecrets);

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
  id: idSchema,
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
  tags: tagsSchema.default({}),
});

export const packRefSchema = z.looseObject({
  pack: z.string(),
  id: idSchema.optional(),
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

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write dates as YYYY-MM-DD');
const signer = z.strictObject({ name: z.string().min(1), date: isoDate.optional() });
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone, e.g. Asia/Shanghai' },
);

/** `dossier:` — the cover, approval block and time zone of the committee report (docs/config.md#dossier). */
export const dossierSchema = z.strictObject({
  title: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  documentNumber: z.string().min(1).optional(),
  /** Free text, e.g. 内部 / 秘密 / Internal. */
  classification: z.string().min(1).optional(),
  version: z.union([z.string().min(1), z.number()]).optional(),
  /** The document's date (default: the run's finish date in `timeZone`). */
  date: isoDate.optional(),
  /** Times in the report are shown in this zone (default Asia/Shanghai). */
  timeZone: timeZone.default('Asia/Shanghai'),
  /** 编制 / 审核 / 批准. */
  approval: z.strictObject({ preparedBy: signer.optional(), reviewedBy: signer.optional(), approvedBy: signer.optional() }).default({}),
});
export type DossierSpec = z.infer<typeof dossierSchema>;

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
    /** Cover, approval block and time zone of the committee report (`heng report --format pdf|docx|html`). */
    dossier: dossierSchema.optional(),
    /** Self-hosted options priced against the API candidates (docs/scorecard.md#private-deployment). */
    deployment: deploymentSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.tasks.length === 0 && !c.safety) ctx.addIssue({ code: 'custom', path: ['tasks'], message: 'list at least one task (or give a "safety:" section)' });
    const ids = c.providers.map((p) => p.id);
    c.deployment?.forEach((d, i) => {
      if (!ids.includes(d.provider))
        ctx.addIssue({ code: 'custom', path: ['deployment', i, 'provider'], message: `no provider "${d.provider}": name the run provider of the self-hosted endpoint (one of ${ids.join(', ')})` });
    });
    if (c.deployment && !c.workload) ctx.addIssue({ code: 'custom', path: ['deployment'], message: 'a deployment is sized for a workload: add a "workload:" section' });
  });

export type ProviderEntry = z.infer<typeof providerSchema>;
export type TaskSpec = z.infer<typeof taskSpecSchema>;
export type PackRef = z.infer<typeof packRefSchema>;
export type HengConfig = z.infer<typeof configSchema>;
export type SafetyConfig = z.infer<typeof safetySchema>;
export type SafetyBankRef = z.infer<typeof safetyBankRef>;
export type DatasetRef = NonNullable<TaskSpec['dataset']>;

export { runOptionsSchema, type RunOptions };
