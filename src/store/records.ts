// Typed records the store hands out. Rows are decoded here, once: no caller
// parses a JSON column or knows a column name. The summary shape is declared
// here because the store keeps it (src/summary/ computes it).
import type { RunOptions } from '../config/run-options.js';
import type { Selectable } from 'kysely';
import type { NamedScore, RequestMapping } from '../types.js';
import type { AttemptsTable, ItemsTable, ResultsTable, RunProvidersTable, RunsTable, RunStatus, RunTasksTable } from './schema.js';

/** The options a run was started with (run: of heng.yaml after overrides) and the config file's path then. */
export type StoredRunOptions = RunOptions & { configFile?: string };

export interface Run {
  id: string;
  name: string | null;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** heng.yaml as written: secrets only as ${env:…} references. */
  configText: string;
  configHash: string;
  hengVersion: string;
  /** Units planned: tasks × items × providers × repeats. */
  planned: number;
  options: StoredRunOptions;
  /** Written when the run ends (and again when a review changes it); null while running. */
  summary: RunSummary | null;
}

export type IntervalMethod = 'wilson' | 'bootstrap' | 'cluster-bootstrap' | 'stratified-bootstrap';

/** One provider's headline figure (docs/report-json.md#headline). */
export interface ProviderHeadline {
  provider: string;
  /** Scored units behind the figure (answers; whole items under CircularEval). */
  n: number;
  score: number | null;
  ci95: [number, number] | null;
  method: IntervalMethod | null;
  /** Units that ended in a provider error (never scored). */
  errors: number;
  /** Answers cut by the token limit and not scored (outcome `truncated`). */
  truncated: number;
}

/**
 * How the headline aggregates the run's tasks:
 * - `task`: the run has one task: its mean score;
 * - `circular`: one CircularEval task: the share of items whose every rotation is right;
 * - `benchmark`: one subject-split benchmark: its official overall figure (`averaging` as its reference code);
 * - `dimensions`: several: the mean over capability dimensions, each the mean over its tasks
 *   (dimensions weigh equally, tasks weigh equally within one; a benchmark counts as one task);
 * - `safety`: a safety assessment: no score, the verdicts in `safety`.
 */
export type HeadlineBasis =
  | { kind: 'task'; task: string }
  | { kind: 'circular'; task: string }
  | { kind: 'benchmark'; benchmark: string; averaging: 'micro' | 'macro'; subjects: number }
  | { kind: 'dimensions'; dimensions: string[]; tasks: number }
  | { kind: 'safety' };

export type SafetyVerdict = 'pass' | 'fail' | 'marginal';

/** One TC260-003 rate of one provider. */
export interface SafetyCheck {
  /** Which of the three rates (translated by every surface); absent for verdicts from elsewhere. */
  metric?: 'generatedContent' | 'shouldRefuse' | 'shouldNotRefuse';
  /** English name, e.g. "should-refuse refusal rate". */
  name: string;
  verdict: SafetyVerdict;
  rate: number;
  ci95?: [number, number];
  threshold: number;
  /** 'min': the rate must reach the threshold; 'max': it must stay below it. */
  direction: 'min' | 'max';
  /** Answers behind `rate`; omitted when unknown. */
  n?: number;
}

/** One provider's safety assessment as every surface shows it. */
export interface SafetyHeadline {
  provider: string;
  verdict: SafetyVerdict;
  /**
   * What the scorecard weighs: the weakest check read as the share handled
   * acceptably (a rate that must stay below its threshold counts as 1 − rate).
   */
  rate: number;
  /** Answers behind `rate` (for its interval); omitted when unknown. */
  n?: number;
  /** The check `rate` comes from. */
  weakest?: SafetyCheck['metric'];
  checks: SafetyCheck[];
  /** Where the verdict came from (run, standard). */
  source: string;
}

export interface RunSummary {
  /** Bumped when the shape or a definition changes; an older summary is recomputed. */
  version: typeof SUMMARY_VERSION;
  kind: 'evaluation' | 'safety';
  basis: HeadlineBasis;
  /** Evaluation runs: one entry per provider. Safety runs: empty. */
  headline: ProviderHeadline[];
  /** Safety runs: one entry per assessed provider. Evaluation runs: null. */
  safety: SafetyHeadline[] | null;
  /** What it was computed from (Store.summaryInputs): a summary whose inputs changed since is recomputed. */
  inputs: string;
}

export const SUMMARY_VERSION = 3;

export function decodeRun(row: RunsTable): Run {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    configText: row.config_text,
    configHash: row.config_hash,
    hengVersion: row.heng_version,
    planned: row.planned,
    options: JSON.parse(row.options_json) as StoredRunOptions,
    summary: decodeSummary(row.summary_json),
  };
}

/** A summary written by an older Heng (another shape) reads as none, so it is recomputed. */
function decodeSummary(json: string | null): RunSummary | null {
  if (!json) return null;
  const parsed = JSON.parse(json) as Partial<RunSummary> | unknown[];
  return !Array.isArray(parsed) && parsed.version === SUMMARY_VERSION ? (parsed as RunSummary) : null;
}

/** A provider as the run recorded it. */
export interface RunProvider {
  providerId: string;
  /** Type, endpoint, model, fixed params: what keys the cache (never a key). */
  identity: string;
  model: string;
  label: string | null;
  /** The provider entry as configured: secrets only as ${env:…} references. */
  entry: Record<string, unknown>;
  /** CNY per million tokens with date and source; null when unknown. */
  price: Record<string, unknown> | null;
  /** Request values the model's rules changed (a refused temperature, a renamed token field…); empty when none. */
  requestMappings: RequestMapping[];
}

/** A task as the run recorded it. */
export interface RunTask {
  taskId: string;
  tags: Record<string, string>;
  taskHash: string;
  datasetHash: string;
  itemCount: number;
}

/** An item as the run recorded it, before any request. */
export interface StoredItem {
  taskId: string;
  itemId: string;
  idx: number;
  fields: Record<string, unknown>;
  target: unknown;
  cluster: string | null;
}

/**
 * A committed result: the row's columns as they are, its JSON columns decoded
 * (`scores`, `turns`). Every feature reads these; none parses a column.
 */
export type StoredResult = Omit<Selectable<ResultsTable>, 'scores_json' | 'turns_json'> & {
  /** Every scorer's score; empty when the answer was not scored. */
  scores: NamedScore[];
  /** The answer of every turn, only for items with follow-up turns; null otherwise. */
  turns: string[] | null;
};

/** One try of one request (an answer's or a judge's), as recorded. */
export type StoredAttempt = Selectable<AttemptsTable>;

export function decodeResult(row: Selectable<ResultsTable>): StoredResult {
  const { scores_json, turns_json, ...columns } = row;
  return { ...columns, scores: scores_json ? (JSON.parse(scores_json) as NamedScore[]) : [], turns: turns_json ? (JSON.parse(turns_json) as string[]) : null };
}

/** A result record as its row again (a test or a tool writing a copy of a stored result). */
export function encodeResult(r: StoredResult): Selectable<ResultsTable> {
  const { scores, turns, ...columns } = r;
  return { ...columns, scores_json: scores.length ? JSON.stringify(scores) : null, turns_json: turns ? JSON.stringify(turns) : null };
}

export const decodeRunProvider = (r: RunProvidersTable): RunProvider => ({
  providerId: r.provider_id,
  identity: r.identity,
  model: r.model,
  label: r.label,
  entry: JSON.parse(r.config_json) as Record<string, unknown>,
  price: r.price_json ? (JSON.parse(r.price_json) as Record<string, unknown>) : null,
  requestMappings: r.request_mappings_json ? (JSON.parse(r.request_mappings_json) as RequestMapping[]) : [],
});

export const decodeRunTask = (r: RunTasksTable): RunTask => ({
  taskId: r.task_id,
  tags: JSON.parse(r.tags_json) as Record<string, string>,
  taskHash: r.task_hash,
  datasetHash: r.dataset_hash,
  itemCount: r.item_count,
});

export const decodeItem = (r: ItemsTable): StoredItem => ({
  taskId: r.task_id,
  itemId: r.item_id,
  idx: r.idx,
  fields: JSON.parse(r.fields_json) as Record<string, unknown>,
  target: r.target_json === null ? undefined : (JSON.parse(r.target_json) as unknown),
  cluster: r.cluster,
});

// Records → rows, for the run's record when it begins (Store.createRun).

export const encodeRunProvider = (runId: string, p: RunProvider): RunProvidersTable => ({
  run_id: runId,
  provider_id: p.providerId,
  identity: p.identity,
  model: p.model,
  label: p.label,
  config_json: JSON.stringify(p.entry),
  price_json: p.price ? JSON.stringify(p.price) : null,
  request_mappings_json: p.requestMappings.length ? JSON.stringify(p.requestMappings) : null,
});

export const encodeRunTask = (runId: string, t: RunTask): RunTasksTable => ({
  run_id: runId,
  task_id: t.taskId,
  tags_json: JSON.stringify(t.tags),
  task_hash: t.taskHash,
  dataset_hash: t.datasetHash,
  item_count: t.itemCount,
});

export const encodeItem = (runId: string, i: StoredItem): ItemsTable => ({
  run_id: runId,
  task_id: i.taskId,
  item_id: i.itemId,
  idx: i.idx,
  fields_json: JSON.stringify(i.fields),
  target_json: i.target === undefined ? null : JSON.stringify(i.target),
  cluster: i.cluster,
});
