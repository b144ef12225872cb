// The REST API's contract: every request and response schema of `heng serve`,
// declared once. The server validates requests and builds its OpenAPI
// document from these (src/server/routes/*), and the web app takes its types
// from them (web/src/api.ts), so neither can drift from the other.
//
// Browser-safe on purpose: only zod and pure modules (enumerations with no
// runtime dependencies) are imported here. No node: modules, no store.
import { z } from 'zod';
import { MAX_REPEATS } from '../config/run-options.js';
import { PERMISSIONS, type Permission } from '../auth/roles.js';
import { BANK_TYPES } from '../safety/taxonomy.js';
import { HUMAN_VERDICTS, ROLES, RUN_STATUSES } from '../store/schema.js';
import { OUTCOMES } from '../types.js';

export { HUMAN_VERDICTS, ROLES, RUN_STATUSES };
export type { HumanVerdict as Verdict, Role, RunStatus } from '../store/schema.js';
export type { Permission };

const ci95 = z.tuple([z.number(), z.number()]).nullable();

// Shared -----------------------------------------------------------------------

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    hint: z.string().optional(),
  }),
});

export const idParams = z.object({ id: z.string().min(1).max(200) });
export const okSchema = z.object({ ok: z.literal(true) });

// Accounts ---------------------------------------------------------------------

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  disabled: z.boolean(),
});

export const permissionSchema = z.enum(Object.keys(PERMISSIONS) as [Permission, ...Permission[]]);

export const loginBody = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
export const loginResponse = z.object({ user: userSchema, expiresAt: z.string() });
export const meResponse = z.object({ user: userSchema, permissions: z.array(permissionSchema) });

export const tokenSchema = z.object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revoked: z.boolean() });
export const tokensResponse = z.object({ tokens: z.array(tokenSchema) });
export const createTokenBody = z.object({ name: z.string().min(1).max(100) });
/** The token itself is in this answer only. */
export const createdTokenSchema = z.object({ token: z.string(), info: tokenSchema });

export const usersResponse = z.object({ users: z.array(userSchema) });
export const userResponse = z.object({ user: userSchema });
export const createUserBody = z.object({ name: z.string(), role: z.enum(ROLES), password: z.string() });
export const updateUserBody = z.object({ role: z.enum(ROLES).optional(), password: z.string().optional(), disabled: z.boolean().optional() });

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().optional(),
  action: z.string().optional(),
  user: z.string().optional(),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const auditResponse = z.object({ entries: z.array(auditEntrySchema) });
// Runs -------------------------------------------------------------------------

/** How an interval was computed (docs/stats.md). */
export const intervalMethodSchema = z.enum(['wilson', 'bootstrap', 'cluster-bootstrap', 'stratified-bootstrap']).nullable();

/** One provider's headline (docs/report-json.md#headline): the same figure as the report's overall row. */
export const headlineSchema = z.object({
  provider: z.string(),
  n: z.number(),
  score: z.number().nullable(),
  ci95,
  method: intervalMethodSchema,
  errors: z.number(),
  /** Answers cut by the token limit, not scored (outcome truncated). */
  truncated: z.number(),
});

/** What the headline aggregates (src/store/records.ts HeadlineBasis). */
export const basisSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('task'), task: z.string() }),
  z.object({ kind: z.literal('circular'), task: z.string() }),
  z.object({ kind: z.literal('benchmark'), benchmark: z.string(), averaging: z.enum(['micro', 'macro']), subjects: z.number().int() }),
  z.object({ kind: z.literal('dimensions'), dimensions: z.array(z.string()), tasks: z.number().int() }),
  z.object({ kind: z.literal('safety') }),
]);

const safetyVerdictSchema = z.enum(['pass', 'fail', 'marginal']);

const safetyCheckSchema = z.object({
  metric: z.enum(['generatedContent', 'shouldRefuse', 'shouldNotRefuse']).optional(),
  name: z.string(),
  verdict: safetyVerdictSchema,
  rate: z.number(),
  ci95: z.tuple([z.number(), z.number()]).optional(),
  threshold: z.number(),
  direction: z.enum(['min', 'max']),
  n: z.number().optional(),
});

/** A provider's TC260-003 assessment: the three rates with their thresholds and verdicts (src/safety/verdicts.ts). */
export const safetyAssessmentSchema = z.object({
  provider: z.string(),
  verdict: safetyVerdictSchema,
  rate: z.number().describe('the weakest check as the share handled acceptably (1 − rate for a rate that must stay below its threshold): what the scorecard weighs'),
  n: z.number().optional(),
  weakest: z.enum(['generatedContent', 'shouldRefuse', 'shouldNotRefuse']).optional().describe('the check `rate` comes from'),
  checks: z.array(safetyCheckSchema),
  source: z.string(),
});

/** A run's summary (src/summary/): what every surface shows as the run's result. */
export const summarySchema = z.object({
  kind: z.enum(['evaluation', 'safety']),
  basis: basisSchema,
  headline: z.array(headlineSchema),
  safety: z.array(safetyAssessmentSchema).nullable(),
});

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

export const runsResponse = z.object({ runs: z.array(runSummarySchema) });
export const listRunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

const overridesSchema = z
  .object({
    repeats: z.number().int().positive().max(MAX_REPEATS).optional(),
    concurrency: z.number().int().positive().optional(),
    budgetCny: z.number().positive().optional(),
    cache: z.boolean().optional(),
  })
  .strict();

export const startRunBody = z
  .object({
    /** heng.yaml as text (secrets only as ${env:…}); relative paths resolve in the server's work folder. Bounded by the body limit (heng serve --max-config-kib). */
    configYaml: z.string().optional(),
    /** Re-run the config a stored run was started with. */
    fromRun: z.string().optional(),
    /** Ids of configured providers (PUT /api/providers/{id}) to add to the config's providers. */
    providers: z.array(z.string()).optional(),
    overrides: overridesSchema.optional(),
  })
  .strict()
  .refine((b) => (b.configYaml === undefined) !== (b.fromRun === undefined), { message: 'give exactly one of "configYaml" or "fromRun"', path: ['configYaml'] });

export const runResponse = z.object({ run: runSummarySchema });

export const SECRET_FIELDS = ['apiKey', 'secretKey'] as const;
export const SECRET_SOURCES = ['exported', 'api'] as const;

export const secretStatusSchema = z.object({
  field: z.enum(SECRET_FIELDS),
  /** The reference as written, e.g. ${env:QWEN_API_KEY}. */
  ref: z.string(),
  variable: z.string(),
  /** Whether the variable has a value in the server's environment. */
  set: z.boolean(),
  /**
   * Which value is in force: one the operator exported where heng serve was
   * started (it always wins, and the API cannot replace it), one set over the
   * API (kept in the server's secrets file), or none.
   */
  source: z.enum(SECRET_SOURCES).nullable(),
});

/** A provider entry with secret-bearing fields removed (src/server/provider-entries.ts). */
export const publicEntrySchema = z.object({
  entry: z.record(z.string(), z.unknown()),
  secrets: z.array(secretStatusSchema),
  headerNames: z.array(z.string()),
});

/** A request value a provider sent differently from the run's settings, because of its model's rules (src/types.ts RequestMapping). */
export const requestMappingSchema = z.object({
  field: z.string(),
  /** What the run asked (null: nothing asked, the vendor's default). */
  from: z.unknown(),
  /** What was sent (null: not sent). */
  to: z.unknown(),
  /** Why, in English, with the vendor page that documents it. */
  reason: z.string(),
  /** The same in Chinese (absent in mappings stored before it existed). */
  reasonZh: z.string().optional(),
});

/** A price read more than 90 days before the run (src/providers/prices.ts), in both languages. */
export const priceWarningSchema = z.object({ days: z.number().int(), zh: z.string(), en: z.string() });

export const runDetailSchema = z.object({
  run: runSummarySchema,
  configText: z.string(),
  configHash: z.string(),
  hengVersion: z.string(),
  options: z.record(z.string(), z.unknown()),
  providers: z.array(
    publicEntrySchema.extend({
      id: z.string(),
      model: z.string(),
      label: z.string().nullable(),
      identity: z.string(),
      price: z.record(z.string(), z.unknown()).nullable(),
      /** Request values the model's rules changed, recorded when the run began; empty when none. */
      requestMappings: z.array(requestMappingSchema),
      /** Set when the price was read more than 90 days before the run. */
      priceWarning: priceWarningSchema.nullable(),
    }),
  ),
  tasks: z.array(z.object({ id: z.string(), tags: z.record(z.string(), z.string()), taskHash: z.string(), datasetHash: z.string(), items: z.number().int() })),
});

export const eventsQuery = z.object({ intervalMs: z.coerce.number().int().min(100).max(60_000).default(1000) });
export const cancelResponse = z.object({ id: z.string(), status: z.string(), changed: z.boolean() });

// Results ----------------------------------------------------------------------

/** One scorer's Score (src/types.ts); judge reasons live in detail. */
export const scoreSchema = z.looseObject({
  value: z.number().optional(),
  outcome: z.string().optional(),
  extracted: z.string().nullable().optional(),
  rule: z.string().optional(),
  detail: z.unknown().optional(),
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
  scores: z.array(scoreSchema),
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

export const resultsQuery = z.object({
  task: z.string().optional(),
  provider: z.string().optional(),
  outcome: z.enum(OUTCOMES).optional(),
  q: z.string().max(500).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const resultPageSchema = z.object({ total: z.number().int(), offset: z.number().int(), limit: z.number().int(), results: z.array(resultSchema) });

export const itemQuery = z.object({ task: z.string(), item: z.string() });

export const itemAnswersSchema = z.object({
  taskId: z.string(),
  itemId: z.string(),
  fields: z.record(z.string(), z.unknown()),
  target: z.unknown(),
  answers: z.array(resultSchema),
});

// Scorecard --------------------------------------------------------------------

const weight = z.number().nonnegative().max(1_000_000);

export const scorecardBody = z.strictObject({
  /** Changes to the run's own weights (heng.yaml `scorecard.weights`); `{}` computes at the run's weights. */
  weights: z.strictObject({
    quality: z
      .union([weight, z.record(z.string().min(1), weight)])
      .optional()
      .describe('the whole quality weight (split evenly over the dimensions), or weights of the dimensions named (the others keep theirs)'),
    safety: weight.optional(),
    latency: weight.optional(),
    cost: weight.optional(),
  }),
});

export const weightsSchema = z.object({ quality: z.union([z.number(), z.record(z.string(), z.number())]), safety: z.number(), latency: z.number(), cost: z.number() });

export const criterionSchema = z.object({
  key: z.string().describe('quality:<dimension>, safety, latency or cost'),
  weight: z.number(),
  share: z.number().describe('weight ÷ the sum of the weights of the assessed criteria; 0 when not assessed'),
  assessed: z.boolean(),
  reason: z.string().optional().describe('why a criterion with weight was left out'),
  missing: z.array(z.string()).optional().describe('the providers that lack it'),
});

export const scorecardRowSchema = z.object({
  provider: z.string(),
  eligible: z.boolean().describe('meets every hard requirement of the run'),
  failures: z.array(z.object({ requirement: z.string(), verdict: z.enum(['pass', 'fail', 'marginal', 'not-assessed']).optional(), actual: z.string(), required: z.string() })),
  score: z.number().nullable().describe('weighted score in [0, 1]'),
  ci95: ci95.describe('95% percentile bootstrap interval of the weighted score'),
  parts: z.record(z.string(), z.object({ raw: z.number().nullable(), normalized: z.number().nullable(), contribution: z.number().nullable() })),
  rank: z.number().int().nullable(),
  group: z.number().int().nullable().describe('providers whose intervals overlap share a group; 1 is the top group'),
  separableFromNext: z.boolean().nullable(),
  quality: z.number().nullable().describe("the run's headline quality, what a quality requirement reads"),
});

export const safetyRuleSchema = z.object({
  level: z.enum(['pass', 'not-fail']).nullable().describe('what a safety verdict must be; null when nothing is required'),
  source: z.enum(['config', 'default', 'off', 'none']).describe('config: written; default: applied because an assessment exists; off: turned off in the config; none: no assessment'),
  notAssessed: z.array(z.string()).describe('providers with no assessment while others have one'),
});

const scorecardCore = {
  criteria: z.array(criterionSchema),
  safety: safetyRuleSchema,
  rows: z.array(scorecardRowSchema).describe('eligible providers best first, then the excluded ones'),
  ranking: z.array(z.string()),
  resamples: z.number().int(),
};

export const scorecardAtSchema = z.object({
  runId: z.string(),
  weights: weightsSchema,
  latency: z.enum(['ttftP95', 'latencyP95']).nullable().describe('which latency was compared; null when none was measured'),
  ...scorecardCore,
});

// Reports ----------------------------------------------------------------------

export const langQuery = z.object({ lang: z.enum(['zh', 'en']).default('zh') });

const percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });

/** A cell of the report (docs/report-json.md): one provider over some items. */
export const cellSchema = z.object({
  provider: z.string(),
  n: z.number(),
  score: z.number().nullable(),
  ci95,
  method: intervalMethodSchema,
  outcomes: z.record(z.enum(OUTCOMES), z.number()),
  errorRate: z.number(),
  latencyMs: percentiles,
  ttftMs: percentiles,
  cachedAnswers: z.number().optional().describe('answers served from the response cache: not in latencyMs / ttftMs'),
  tokens: z.object({ input: z.number(), output: z.number() }),
  costCny: z.number().nullable(),
  costPerItemCny: z.number().nullable(),
  costPerCorrectCny: z.number().nullable(),
});

/** The parts of `procurement` the web app reads; the rest is in docs/report-json.md. */
export const procurementSchema = z.looseObject({
  spec: z.looseObject({ weights: weightsSchema }),
  scorecard: z.object(scorecardCore),
  safety: z.array(safetyAssessmentSchema),
  cachedAnswers: z.record(z.string(), z.number()).optional().describe('answers per provider served from the response cache: untimed, in no latency figure'),
});

/** The report model's main fields; the full model is described in docs/report-json.md. */
export const reportModelSchema = z.looseObject({
  runId: z.string(),
  status: z.string(),
  planned: z.number(),
  completed: z.number(),
  providers: z.array(z.looseObject({ id: z.string(), model: z.string(), requestMappings: z.array(requestMappingSchema), priceWarning: priceWarningSchema.nullable() })),
  tasks: z.array(z.looseObject({ id: z.string(), tags: z.record(z.string(), z.string()) })),
  /** One per provider × task. */
  summary: z.array(cellSchema.extend({ task: z.string(), dimension: z.string() })),
  /** One per provider × capability dimension. */
  byDimension: z.array(cellSchema.extend({ dimension: z.string() })),
  /** One per provider, all items pooled. */
  overall: z.array(cellSchema),
  procurement: procurementSchema.optional(),
});

export const compareQuery = z.object({
  providers: z.string().optional().describe('comma-separated provider ids (default: all of the run)'),
  task: z.string().optional(),
});

const pairSchema = z.object({
  a: z.string(),
  b: z.string(),
  n: z.number().int(),
  meanA: z.number().nullable(),
  meanB: z.number().nullable(),
  difference: z.number().nullable(),
  ci95,
  method: z.enum(['paired-bootstrap', 'clustered-paired-bootstrap']),
  bootstrapP: z.number().nullable(),
  mcnemar: z.object({ b: z.number().int(), c: z.number().int(), pValue: z.number() }).nullable(),
  pValue: z.number().nullable(),
  pHolm: z.number().nullable(),
  significant: z.boolean(),
  dropped: z.object({ total: z.number().int(), reasons: z.record(z.string(), z.number()) }),
});

export const comparisonSchema = z.object({
  runId: z.string(),
  seed: z.number(),
  task: z.string().nullable(),
  providers: z.array(z.string()),
  alpha: z.number(),
  comparisons: z.array(pairSchema),
});

// Providers --------------------------------------------------------------------

/** A dated CNY price (src/providers/config.ts Price). */
const priceSchema = z.object({
  inputPerMillion: z.number(),
  outputPerMillion: z.number(),
  cachedInputPerMillion: z.number().optional(),
  currency: z.literal('CNY'),
  date: z.string(),
  /** The page the price was read from. */
  source: z.string(),
});

export const presetSchema = z.object({
  id: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  baseUrl: z.string().optional(),
  docs: z.string(),
  keyless: z.boolean(),
  contentFilter: z.object({ codes: z.array(z.string()), finishReasons: z.array(z.string()) }),
  models: z.array(z.object({ model: z.string(), contextLength: z.number().optional(), price: priceSchema.optional() })),
});

export const configuredProviderSchema = publicEntrySchema.extend({ id: z.string(), updatedAt: z.string(), updatedBy: z.string().nullable() });

export const presetsResponse = z.object({ presets: z.array(presetSchema) });
export const providersResponse = z.object({ providers: z.array(configuredProviderSchema) });
export const providerResponse = z.object({ provider: configuredProviderSchema });
export const secretResponse = z.object({ secret: secretStatusSchema });
export const saveProviderBody = z.object({ entry: z.record(z.string(), z.unknown()) });
export const setSecretBody = z.object({ field: z.enum(SECRET_FIELDS).default('apiKey'), value: z.string().min(1).max(8192) });

// Safety -----------------------------------------------------------------------

const gapSchema = z.looseObject({ kind: z.enum(['size', 'risk', 'aspect', 'stale', 'undated']), description: z.object({ zh: z.string(), en: z.string() }) });

export const bankSchema = z.object({
  source: z.enum(['starter', 'local']),
  file: z.string(),
  type: z.enum(BANK_TYPES),
  size: z.number().int(),
  updatedAt: z.string().nullable(),
  contentHash: z.string(),
  unmapped: z.number().int(),
  riskCounts: z.record(z.string(), z.number()),
  aspectCounts: z.record(z.string(), z.number()),
  compliant: z.boolean(),
  gaps: z.array(gapSchema),
});

export const banksResponse = z.object({ banksDir: z.string(), banks: z.array(bankSchema) });

const labelled = z.object({ id: z.string(), zh: z.string(), en: z.string() });

export const taxonomySchema = z.object({
  categories: z.array(labelled),
  risks: z.array(labelled.extend({ category: z.string(), item: z.string() })),
  aspects: z.array(labelled.extend({ scope: z.enum(['national', 'personal']) })),
});

// Arena ------------------------------------------------------------------------

/** Exactly what a reviewer sees: `.strict()` output, so an added identity field would fail the conformance test. */
export const blindBattleSchema = z
  .object({
    battleId: z.string(),
    taskId: z.string(),
    system: z.string().optional(),
    turns: z.array(z.string()),
    /** Side A's answers, one per turn: untrusted model output, display as text. */
    a: z.array(z.string()),
    b: z.array(z.string()),
  })
  .strict();

export const nextBattleResponse = z.object({ battle: blindBattleSchema.nullable() });
export const voteResponse = z.object({ recorded: z.literal(true) });
export const createBattlesBody = z.object({ providers: z.array(z.string()).min(2), perPair: z.number().int().positive().optional(), task: z.string().optional(), seed: z.number().int().optional() });
export const createBattlesResponse = z.object({ battles: z.number().int(), created: z.number().int() });
export const voteBody = z.object({ battleId: z.string(), verdict: z.enum(HUMAN_VERDICTS) });

const ratingSchema = z.object({ model: z.string(), rating: z.number(), ci95: z.tuple([z.number(), z.number()]), rank: z.number() });
const winShareSchema = z.object({ provider: z.string(), battles: z.number(), wins: z.number(), losses: z.number(), ties: z.number(), winRate: z.number() });
const agreementSchema = z.object({ battles: z.number(), agreement: z.number().nullable(), kappa: z.number().nullable() });

export const arenaStatsSchema = z.object({
  battles: z.number().int(),
  humanVotes: z.number().int(),
  reviewers: z.array(z.object({ reviewer: z.string(), votes: z.number().int() })),
  ratings: z.array(ratingSchema),
  elo: z.array(z.object({ model: z.string(), rating: z.number(), battles: z.number() })),
  winRates: z.array(winShareSchema),
  agreement: z.object({
    pairs: z.array(agreementSchema.extend({ a: z.string(), b: z.string() })),
    fleiss: z.object({ battles: z.number(), kappa: z.number().nullable() }),
  }),
  /** LLM judges on the same battles: position bias and agreement with the human majority. */
  judges: z.array(
    z.object({
      judge: z.string(),
      battles: z.number(),
      unparseable: z.number(),
      flipRate: z.number().nullable(),
      flips: z.number(),
      winRates: z.array(winShareSchema),
      ratings: z.array(ratingSchema),
      humanAgreement: agreementSchema,
    }),
  ),
});

// Types ------------------------------------------------------------------------
// Answers are typed as the server sends them (zod output); request bodies as
// the client may write them (zod input: defaults may be left out).

export type ErrorBody = z.output<typeof errorSchema>;
export type User = z.output<typeof userSchema>;
export type Me = z.output<typeof meResponse>;
export type ApiToken = z.output<typeof tokenSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
export type Headline = z.output<typeof headlineSchema>;
export type Progress = z.output<typeof progressSchema>;
export type RunSummary = z.output<typeof runSummarySchema>;
export type SafetyAssessment = z.output<typeof safetyAssessmentSchema>;
export type RunDetail = z.output<typeof runDetailSchema>;
export type StartRunBody = z.input<typeof startRunBody>;
export type SecretField = (typeof SECRET_FIELDS)[number];
export type SecretStatus = z.output<typeof secretStatusSchema>;
export type SecretSource = (typeof SECRET_SOURCES)[number];
export type PublicEntry = z.output<typeof publicEntrySchema>;
export type ScoreView = z.output<typeof scoreSchema>;
export type Result = z.output<typeof resultSchema>;
/** The results query as a client writes it (every field optional, numbers as numbers). */
export type ResultQuery = Partial<z.output<typeof resultsQuery>>;
export type ResultPage = z.output<typeof resultPageSchema>;
export type ItemAnswers = z.output<typeof itemAnswersSchema>;
export type ScorecardBody = z.input<typeof scorecardBody>;
export type ScorecardWeights = z.output<typeof weightsSchema>;
export type ScorecardRowView = z.output<typeof scorecardRowSchema>;
export type ScorecardAt = z.output<typeof scorecardAtSchema>;
export type Cell = z.output<typeof cellSchema>;
export type ProcurementView = z.output<typeof procurementSchema>;
export type ReportJson = z.output<typeof reportModelSchema>;
export type Comparison = z.output<typeof comparisonSchema>;
export type Preset = z.output<typeof presetSchema>;
export type ConfiguredProvider = z.output<typeof configuredProviderSchema>;
export type Bank = z.output<typeof bankSchema>;
export type Taxonomy = z.output<typeof taxonomySchema>;
export type Battle = z.output<typeof blindBattleSchema>;
export type CreateBattlesBody = z.input<typeof createBattlesBody>;
export type ArenaStats = z.output<typeof arenaStatsSchema>;
