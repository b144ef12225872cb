// The report model: everything a report shows, computed once from the store.
// JSON, CSV, Markdown, HTML and the terminal table all render this object;
// docs/report-json.md documents every field.
import { compareProviders, type PairComparison } from '../compare/compare.js';
import { itemKey, type ClusterIndex } from '../compare/pairs.js';
import { clusterIndex } from '../compare/run.js';
import { meanInterval, quantile } from '../stats/index.js';
import type { Procurement } from '../scorecard/procurement.js';
import type { JudgeTotals, ResultRow, RunRow, Store } from '../store/store.js';
import { OUTCOMES, type Outcome } from '../types.js';
import { buildGroups, circularRows, type BenchmarkGroups, type CircularRow } from './groups.js';
import { SCORED, countsInScore } from './scored.js';
import { runHeader, type RunHeader } from './run-header.js';

export type Outcomes = Record<Outcome, number>;

export interface Interval {
  n: number;
  /** Mean score over scored answers (correct, wrong, unparseable); null when none. */
  score: number | null;
  ci95: [number, number] | null;
  /**
   * "wilson" for pass/fail scores, "bootstrap" otherwise; "cluster-bootstrap"
   * when scored units are not independent (repeats of one item, CircularEval
   * rotations, items sharing a `cluster`): whole clusters are resampled.
   */
  method: 'wilson' | 'bootstrap' | 'cluster-bootstrap' | null;
}

export interface Cell extends Interval {
  provider: string;
  outcomes: Outcomes;
  /** Share of units that ended in a provider error (not blocks, not missing). */
  errorRate: number;
  latencyMs: { p50: number | null; p95: number | null };
  ttftMs: { p50: number | null; p95: number | null };
  tokens: { input: number; output: number };
  /** Null when any answer's price is unknown. */
  costCny: number | null;
  costPerItemCny: number | null;
  costPerCorrectCny: number | null;
}

export interface SummaryEntry extends Cell {
  task: string;
  dimension: string;
}

export interface ReportModel extends RunHeader {
  seed: number;
  planned: number;
  completed: number;
  providers: Array<{ id: string; model: string; label: string | null; identity: string; price: unknown }>;
  tasks: Array<{ id: string; tags: Record<string, string>; taskHash: string; datasetHash: string; items: number }>;
  /** One entry per provider × task. */
  summary: SummaryEntry[];
  /** One entry per provider × capability dimension (items pooled). */
  byDimension: Array<Cell & { dimension: string }>;
  /** One entry per provider, all items pooled. */
  overall: Cell[];
  /** Paired tests of every provider pair, all tasks pooled, Holm-corrected (docs/compare.md). */
  comparisons: PairComparison[];
  /** Cost, scorecard, load and safety (docs/scorecard.md); added by loadReport. */
  procurement?: Procurement;
  /** Subject-split benchmarks rolled up per subject, group and overall as their papers do (groups.ts). */
  groups: Record<string, BenchmarkGroups>;
  /** CircularEval accuracy of every circular task (an item counts only if all its rotations are correct). */
  circular: CircularRow[];
  /** Requests scorers made to LLM judges, per judge: counted in the run's spend, not in candidates' cost. */
  judging: JudgeTotals[];
}

export async function buildReport(store: Store, run: RunRow, opts: { results?: ResultRow[] } = {}): Promise<ReportModel> {
  const [providers, tasks, results, items, judging] = await Promise.all([
    store.runProviders(run.id),
    store.runTasks(run.id),
    opts.results ?? store.results(run.id),
    store.items(run.id),
    store.judgeTotals(run.id),
  ]);
  const options = JSON.parse(run.options_json) as Record<string, unknown>;
  const seed = Number(options.seed ?? 42);
  const dimensionOf = new Map(tasks.map((t) => [t.task_id, (JSON.parse(t.tags_json) as Record<string, string>).dimension ?? t.task_id]));
  const pricedProviders = new Set(providers.filter((p) => p.price_json).map((p) => p.provider_id));

  const group = <K extends string>(key: (r: ResultRow) => K) => {
    const m = new Map<K, ResultRow[]>();
    for (const r of results) {
      const k = key(r);
      let list = m.get(k);
      if (!list) m.set(k, (list = []));
      list.push(r);
    }
    return m;
  };
  const clusters = clusterIndex(items);
  const cell = (provider: string, rows: ResultRow[]): Cell => summarizeCell(provider, rows, seed, pricedProviders.has(provider), clusters);

  const summary: SummaryEntry[] = [];
  for (const t of tasks)
    for (const p of providers) {
      const rows = results.filter((r) => r.task_id === t.task_id && r.provider_id === p.provider_id);
      summary.push({ task: t.task_id, dimension: dimensionOf.get(t.task_id)!, ...cell(p.provider_id, rows) });
    }
  const byDim = group((r) => `${r.provider_id}\u0000${dimensionOf.get(r.task_id)}`);
  const dimensions = [...new Set(tasks.map((t) => dimensionOf.get(t.task_id)!))];
  const byDimension = dimensions.flatMap((d) => providers.map((p) => ({ dimension: d, ...cell(p.provider_id, byDim.get(`${p.provider_id}\u0000${d}`) ?? []) })));
  const byProvider = group((r) => r.provider_id);
  const overall = providers.map((p) => cell(p.provider_id, byProvider.get(p.provider_id) ?? []));

  return {
    ...runHeader(run),
    seed,
    planned: run.planned,
    completed: results.length,
    providers: providers.map((p) => ({ id: p.provider_id, model: p.model, label: p.label, identity: p.identity, price: p.price_json ? JSON.parse(p.price_json) : null })),
    tasks: tasks.map((t) => ({ id: t.task_id, tags: JSON.parse(t.tags_json), taskHash: t.task_hash, datasetHash: t.dataset_hash, items: t.item_count })),
    summary,
    byDimension,
    overall,
    comparisons: compareProviders(
      results,
      providers.map((p) => p.provider_id),
      { seed, clusters },
    ),
    ...rollups(tasks, results, providers.map((p) => p.provider_id), seed),
    judging,
  };
}

export { SCORED };

function rollups(tasks: Array<{ task_id: string; tags_json: string }>, results: ResultRow[], providers: string[], seed: number) {
  const infos = tasks.map((t) => ({ id: t.task_id, tags: JSON.parse(t.tags_json) as Record<string, string> }));
  return { groups: buildGroups(infos, results, providers, seed), circular: circularRows(infos, results, providers) };
}

export function summarizeCell(provider: string, rows: ResultRow[], seed: number, priced: boolean, clusters: ClusterIndex = new Map()): Cell {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Outcomes;
  for (const r of rows) outcomes[r.outcome as Outcome]++;
  const scored = rows.filter(countsInScore);
  const interval = intervalOf(
    scored.map((r) => r.score ?? 0),
    scored.map((r) => unitCluster(r, clusters)),
    seed,
  );
  const answered = rows.filter((r) => r.status === 'ok');
  const latencies = answered.map((r) => r.latency_ms).filter((x): x is number => x !== null);
  const ttfts = answered.map((r) => r.ttft_ms).filter((x): x is number => x !== null);
  const unknownCost = !priced || rows.some((r) => r.cost_cny === null && r.status === 'ok');
  const cost = unknownCost ? null : rows.reduce((s, r) => s + (r.cost_cny ?? 0), 0);
  return {
    provider,
    ...interval,
    outcomes,
    errorRate: rows.length ? outcomes.error / rows.length : 0,
    latencyMs: { p50: q(latencies, 0.5), p95: q(latencies, 0.95) },
    ttftMs: { p50: q(ttfts, 0.5), p95: q(ttfts, 0.95) },
    tokens: { input: sum(rows.map((r) => r.input_tokens ?? 0)), output: sum(rows.map((r) => r.output_tokens ?? 0)) },
    costCny: cost,
    costPerItemCny: cost === null || rows.length === 0 ? null : cost / rows.length,
    costPerCorrectCny: cost === null || outcomes.correct === 0 ? null : cost / outcomes.correct,
  };
}

/**
 * The unit a score belongs to for resampling: repeats of an item share it,
 * and so do items with the same `cluster` (rotations of one CircularEval
 * question, questions on one passage) within a task.
 */
function unitCluster(r: ResultRow, clusters: ClusterIndex): string {
  return `${r.task_id}\u0000${clusters.get(itemKey(r.task_id, r.item_id)) ?? r.item_id}`;
}

function intervalOf(scores: number[], clusterIds: string[], seed: number): Interval {
  if (scores.length === 0) return { n: 0, score: null, ci95: null, method: null };
  // Wilson and the plain bootstrap assume independent scores; when any
  // cluster holds more than one, resample whole clusters instead.
  const dependent = new Set(clusterIds).size < clusterIds.length;
  const binary = scores.every((s) => s === 0 || s === 1);
  const r = meanInterval(scores, { binary, seed, ...(dependent ? { clusters: clusterIds } : {}) });
  return { n: scores.length, score: r.estimate, ci95: r.ci95, method: r.method };
}

const q = (xs: number[], p: number) => (xs.length ? quantile(xs, p) : null);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
