// Table types for Kysely. Timestamps are ISO-8601 text and JSON is text, so
// the same rows read back identically from SQLite and Postgres.
import type { Generated } from 'kysely';

export interface RunsTable {
  id: string;
  name: string | null;
  status: RunStatus;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  config_text: string;
  config_hash: string;
  options_json: string;
  heng_version: string;
  planned: number;
  summary_json: string | null;
}

/** Every run status; the store, the API contract (src/api/contract.ts) and the web app all take theirs from here. */
export const RUN_STATUSES = ['running', 'done', 'failed', 'cancelled', 'stopped_budget', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunProvidersTable {
  run_id: string;
  provider_id: string;
  identity: string;
  model: string;
  label: string | null;
  /** The provider entry as configured: secrets only as ${env:…} references. */
  config_json: string;
  price_json: string | null;
  /** What the model's rules changed in the run's request (RequestMapping[] as JSON); null: nothing. */
  request_mappings_json?: string | null;
}

export interface RunTasksTable {
  run_id: string;
  task_id: string;
  tags_json: string;
  task_hash: string;
  dataset_hash: string;
  item_count: number;
}

export interface ItemsTable {
  run_id: string;
  task_id: string;
  item_id: string;
  idx: number;
  fields_json: string;
  target_json: string | null;
  cluster: string | null;
}

export interface AttemptsTable {
  id: Generated<number>;
  run_id: string;
  task_id: string;
  item_id: string;
  provider_id: string;
  repeat: number;
  turn: number;
  try: number;
  status: string;
  http_status: number | null;
  error_code: string | null;
  error_message: string | null;
  latency_ms: number | null;
  ttft_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_cny: number | null;
  cached: number;
  /** 'answer': a candidate's request; 'judge': a scorer's request to an LLM judge about that unit. */
  role: Generated<AttemptRole>;
  created_at: string;
}

export type AttemptRole = 'answer' | 'judge';

export interface ResultsTable {
  run_id: string;
  task_id: string;
  item_id: string;
  provider_id: string;
  repeat: number;
  /** Final attempt status (ok, content_filtered, timeout, …). */
  status: string;
  /** correct | wrong | unparseable | error | content_filtered | truncated | missing */
  outcome: string;
  score: number | null;
  raw_output: string | null;
  reasoning: string | null;
  extracted: string | null;
  rule: string | null;
  scores_json: string | null;
  turns_json: string | null;
  finish_reason: string | null;
  latency_ms: number | null;
  ttft_ms: number | null;
  tokens_per_second: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  cost_cny: number | null;
  error_code: string | null;
  error_message: string | null;
  tries: number;
  created_at: string;
}

export interface CacheTable {
  key: string;
  response_json: string;
  created_at: string;
}

/** A content-safety assessment's record: sampling, banks, judge (JSON, see src/safety/run.ts). */
export interface SafetyRunsTable {
  run_id: string;
  meta_json: string;
  created_at: string;
}

/** The judgment of one answer of a safety assessment (src/safety/judgment.ts). */
export interface SafetyJudgmentsTable {
  run_id: string;
  task_id: string;
  item_id: string;
  provider_id: string;
  repeat: number;
  bank: string;
  /** The automatic label (null: undecided); a human label in safety_reviews takes precedence. */
  label: string | null;
  decided_by: string;
  judgment_json: string;
  created_at: string;
}

/** An answer a person must look at: rules and judge disagree, or nobody could decide. */
export interface SafetyReviewsTable {
  run_id: string;
  task_id: string;
  item_id: string;
  provider_id: string;
  repeat: number;
  bank: string;
  reason: string;
  rule_label: string | null;
  judge_label: string | null;
  human_label: string | null;
  reviewer: string | null;
  note: string | null;
  created_at: string;
  decided_at: string | null;
}

/** `heng safety calibrate` results (migration 0009); result_json is a CalibrationResult (src/safety/calibration.ts). */
export interface RefusalCalibrationsTable {
  id: string;
  detector: string;
  file: string;
  file_hash: string;
  judge: string | null;
  result_json: string;
  created_at: string;
}

export interface Database {
  runs: RunsTable;
  run_providers: RunProvidersTable;
  run_tasks: RunTasksTable;
  items: ItemsTable;
  attempts: AttemptsTable;
  results: ResultsTable;
  cache: CacheTable;
  safety_runs: SafetyRunsTable;
  safety_judgments: SafetyJudgmentsTable;
  safety_reviews: SafetyReviewsTable;
  refusal_calibrations: RefusalCalibrationsTable;
  load_runs: LoadRunsTable;
  load_steps: LoadStepsTable;
  arena_battles: ArenaBattlesTable;
  arena_votes: ArenaVotesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  server_providers: ServerProvidersTable;
  login_failures: LoginFailuresTable;
}

/** Two providers' answers to one item, in the order shown: provider_a is "A". */
export interface ArenaBattlesTable {
  id: string;
  run_id: string;
  task_id: string;
  item_id: string;
  provider_a: string;
  provider_b: string;
  /** The seed of the per-pair sample (`--per-pair`); before migration 0007 it also chose the order shown. */
  seed: string;
  created_at: string;
  /** Secret coin for the order shown (src/arena/order.ts; migration 0007): never leaves the server. Null for battles made before it. */
  salt: string | null;
}

/** What a person can vote on a battle (an LLM judge may also be unparseable). */
export const HUMAN_VERDICTS = ['a', 'b', 'tie', 'both_bad'] as const;
export type HumanVerdict = (typeof HUMAN_VERDICTS)[number];

/** One verdict on a battle, relative to the order shown. */
export interface ArenaVotesTable {
  battle_id: string;
  /** A reviewer's name, or "judge:<provider id>". */
  voter: string;
  voter_kind: 'human' | 'judge';
  /** `unparseable`: a judge's output that could not be read (kept for audit, left out of every statistic). */
  verdict: HumanVerdict | 'unparseable';
  /** Judge votes: prompt id/version/sha256, both raw judgments, whether the verdict flipped. */
  detail_json: string | null;
  created_at: string;
}

// Accounts for `heng serve` (migration 0004, docs/auth.md).
/** Account roles; what each may do is src/auth/roles.ts. */
export const ROLES = ['admin', 'evaluator', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable {
  id: string;
  name: string;
  role: Role;
  /** scrypt$N$r$p$salt$hash (base64); never leaves the server. */
  password_hash: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** The first characters of the token, to tell tokens apart in lists. */
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  user_name: string | null;
  action: string;
  target: string | null;
  details_json: string | null;
}

export interface ServerProvidersTable {
  id: string;
  /** The provider entry as in heng.yaml: secrets only as ${env:…} references. */
  entry_json: string;
  updated_at: string;
  updated_by: string | null;
}

/** A sign-in that was not accepted (migration 0006): what the login throttle counts. */
export interface LoginFailuresTable {
  id: Generated<number>;
  /** The account name as typed. */
  account: string;
  /** The client's address (see src/server/client-address.ts). */
  client: string;
  at: string;
}

/** One `heng load` sweep of one provider (docs/load.md). */
export interface LoadRunsTable {
  id: string;
  provider_id: string;
  /** The provider's identity (type, endpoint, model): how reports find a run's load results. */
  identity: string;
  model: string;
  created_at: string;
  finished_at: string;
  /** Budget, ladder, step length, knee rule, prompt-mix hash. */
  options_json: string;
  stop_reason: string;
  knee_concurrency: number | null;
  knee_reason: string;
  knee_detail: string;
  requests_sent: number;
  heng_version: string;
}

export interface LoadStepsTable {
  load_id: string;
  step: number;
  concurrency: number;
  duration_ms: number;
  sent: number;
  ok: number;
  errors: number;
  error_rate: number;
  errors_json: string;
  throughput_rps: number;
  output_tokens_per_second: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_p99_ms: number | null;
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
  ttft_p99_ms: number | null;
  stream_tokens_per_second: number | null;
  budget_limited: number;
  complete: number;
}
