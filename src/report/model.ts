// The report model: everything a report shows, computed once from the store.
// JSON, CSV, Markdown, HTML and the terminal table all render this object;
// docs/report-json.md documents every field.
import { compareProviders, type PairComparison } from '../compare/compare.js';
import { clusterIndex } from '../compare/run.js';
import { quantile } from '../stats/index.js';
import type { Procurement } from '../scorecard/procurement.js';
import type { HeadlineBasis, RunProvider, RunSummary, RunTask } from '../store/records.js';
import type { JudgeTotals, StoredResult, Run, Store } from '../store/store.js';
import { computeFigures, dimensionOf, type DimensionFigure, type Figures, type Interval } from '../summary/figures.js';
import { evaluationSummary } from '../summary/summary.js';
import { OUTCOMES, type Outcome, type RequestMapping } from '../types.js';
import { runPriceWarning, type PriceWarning } from '../providers/prices.js';
import type { BenchmarkGroups, CircularRow } from '../summary/groups.js';
import { SCORED } from './scored.js';
import { cachedCount, timedRows } from '../store/timing.js';
import { runHeader, type RunHeader } from './run-header.js';

export type Outcomes = Record<Outcome, number>;
export type { Interval } from '../summary/figures.js';

export interface Cell extends Interval {
  provider: string;
  outcomes: Outcomes;
  /** Share of units that ended in a provider error (not blocks, not missing). */
  errorRate: number;
  /** Of answers sent in this run only: cached answers are counted in `cachedAnswers`, never timed (src/store/timing.ts). */
  latencyMs: { p50: number | null; p95: number | null };
  ttftMs: { p50: number | null; p95: number | null };
  /** Answers served from the response cache: their latency belongs to an earlier run. */
  cachedAnswers: number;
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
  providers: Array<{
    id: string;
    model: string;
    label: string | null;
    identity: string;
    price: unknown;
    /** Request values the model's rules sent differently from the run's settings (recorded when the run began). */
    requestMappings: RequestMapping[];
    /** Set when the price was read more than STALE_PRICE_DAYS before the run (src/providers/prices.ts, the one rule). */
    priceWarning: PriceWarning | null;
  }>;
  tasks: Array<{ id: string; tags: Record<string, string>; taskHash: string; datasetHash: string; items: number }>;
  /** One entry per provider × task. */
  summary: SummaryEntry[];
  /** One entry per provider × capability dimension: the mean over the dimension's tasks (src/summary/figures.ts). */
  byDimension: Array<Cell & { dimension: string }>;
  /** One entry per provider: the headline figure (as `basis` says) with the run's pooled counts, latency and cost. */
  overall: Cell[];
  /** How the headline aggregates the tasks (docs/report-json.md#headline). */
  basis: HeadlineBasis;
  /** The run's summary, as `heng runs` and the API show it: the same figures as `overall`. */
  runSummary: RunSummary;
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

export async function buildReport(store: Store, run: Run, opts: { results?: StoredResult[] } = {}): Promise<ReportModel> {
  return (await buildReportWithFigures(store, run, opts)).model;
}

/** The model and the figures it shows, with their bootstrap replicates (what the scorecard combines). */
export async function buildReportWithFigures(store: Store, run: Run, opts: { results?: StoredResult[] } = {}): Promise<{ model: ReportModel; figures: Figures }> {
  const [inputs, providers, tasks, results, items, judging, cached] = await Promise.all([
    store.summaryInputs(run.id),
    store.runProviders(run.id),
    store.runTasks(run.id),
    opts.results ?? store.results(run.id),
    store.clusteredItems(run.id),
    store.judgeTotals(run.id),
    store.cachedAnswerKeys(run.id),
  ]);
  const { seed } = run.options;
  const infos = tasks.map((t) => ({ id: t.taskId, tags: t.tags }));
  const dimensionOfTask = new Map(infos.map((t) => [t.id, dimensionOf(t)]));
  const pricedProviders = new Set(providers.filter((p) => p.price).map((p) => p.providerId));
  const providerIds = providers.map((p) => p.providerId);
  const figures = computeFigures({ tasks: infos, results, providers: providerIds, seed, clusters: clusterIndex(items) });

  const group = <K extends string>(key: (r: StoredResult) => K) => {
    const m = new Map<K, StoredResult[]>();
    for (const r of results) {
      const k = key(r);
      let list = m.get(k);
      if (!list) m.set(k, (list = []));
      list.push(r);
    }
    return m;
  };
  const cell = (provider: string, rows: StoredResult[], interval: Interval): Cell => ({ provider, ...interval, ...cellFacts(rows, pricedProviders.has(provider), cached) });

  const byTask = group((r) => `${r.provider_id}\u0000${r.task_id}`);
  const summary: SummaryEntry[] = [];
  for (const t of tasks)
    for (const p of providers)
      summary.push({ task: t.taskId, dimension: dimensionOfTask.get(t.taskId)!, ...cell(p.providerId, byTask.get(`${p.providerId}\u0000${t.taskId}`) ?? [], figures.task(t.taskId, p.providerId)) });
  const byDim = group((r) => `${r.provider_id}\u0000${dimensionOfTask.get(r.task_id)}`);
  const dimensionCell = (d: DimensionFigure) => ({
    dimension: d.dimension,
    ...cell(d.provider, byDim.get(`${d.provider}\u0000${d.dimension}`) ?? [], { n: d.n, score: d.score, ci95: d.ci95, method: d.method }),
  });
  const dimensionNames = [...new Set(figures.dimensions.map((d) => d.dimension))];
  const byDimension = dimensionNames.flatMap((name) => figures.dimensions.filter((d) => d.dimension === name).map(dimensionCell));
  const byProvider = group((r) => r.provider_id);
  const overall = figures.headline.map((h) => cell(h.provider, byProvider.get(h.provider) ?? [], { n: h.n, score: h.score, ci95: h.ci95, method: h.method }));

  const model: ReportModel = {
    ...runHeader(run),
    seed,
    planned: run.planned,
    completed: results.length,
    providers: providers.map((p) => providerView(p, run)),
    tasks: tasks.map(taskView),
    summary,
    byDimension,
    overall,
    basis: figures.basis,
    runSummary: evaluationSummary(figures, inputs),
    comparisons: compareProviders(results, providerIds, { seed, clusters: clusterIndex(items) }),
    groups: figures.groups,
    circular: figures.circular,
    judging,
  };
  return { model, figures };
}

export { SCORED };

/** What a cell reports besides its score: outcomes, error rate, latency, tokens and cost of its answers. */
export function cellFacts(rows: readonly StoredResult[], priced: boolean, cached: ReadonlySet<string> = new Set()): Omit<Cell, 'provider' | keyof Interval> {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Outcomes;
  for (const r of rows) outcomes[r.outcome as Outcome]++;
  const answered = timedRows(rows, cached).filter((r) => r.status === 'ok');
  const latencies = answered.map((r) => r.latency_ms).filter((x): x is number => x !== null);
  const ttfts = answered.map((r) => r.ttft_ms).filter((x): x is number => x !== null);
  const unknownCost = !priced || rows.some((r) => r.cost_cny === null && r.status === 'ok');
  const cost = unknownCost ? null : rows.reduce((s, r) => s + (r.cost_cny ?? 0), 0);
  return {
    outcomes,
    errorRate: rows.length ? outcomes.error / rows.length : 0,
    latencyMs: { p50: q(latencies, 0.5), p95: q(latencies, 0.95) },
    ttftMs: { p50: q(ttfts, 0.5), p95: q(ttfts, 0.95) },
    cachedAnswers: cachedCount(rows, cached),
    tokens: { input: sum(rows.map((r) => r.input_tokens ?? 0)), output: sum(rows.map((r) => r.output_tokens ?? 0)) },
    costCny: cost,
    costPerItemCny: cost === null || rows.length === 0 ? null : cost / rows.length,
    costPerCorrectCny: cost === null || outcomes.correct === 0 ? null : cost / outcomes.correct,
  };
}

const q = (xs: number[], p: number) => (xs.length ? quantile(xs, p) : null);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** A run's provider as every surface shows it (the report model and GET /api/runs/{id}): the stale-price rule applied once, as of the run's start. */
export function providerView(p: RunProvider, run: Pick<Run, 'createdAt'>) {
  return {
    id: p.providerId,
    model: p.model,
    label: p.label,
    identity: p.identity,
    price: p.price,
    requestMappings: p.requestMappings,
    priceWarning: runPriceWarning(p.price, run.createdAt),
  };
}

/** A run's task as every surface shows it. */
export const taskView = (t: RunTask) => ({ id: t.taskId, tags: t.tags, taskHash: t.taskHash, datasetHash: t.datasetHash, items: t.itemCount });
