// A run's quality figures, computed in this one place: per task, per
// subject-split benchmark (groups.ts), per CircularEval task, per capability
// dimension, and the headline. The report model, the stored run summary (what
// `heng runs`, the API and the web app read) and the scorecard all take their
// numbers from here, so one run shows one set of numbers everywhere.
//
// The headline (docs/report-json.md#headline):
//  - one task: its mean score (CircularEval: the share of items whose every rotation is right);
//  - one subject-split benchmark: its official overall figure (groups.ts, as its reference code);
//  - otherwise: the mean over capability dimensions of the mean over each dimension's tasks
//    (dimensions weigh equally; tasks weigh equally within a dimension; a benchmark counts as
//    one task with its official figure).
// Where an aggregate has a single member it IS that member's figure, interval
// included. An aggregate of several has a stratified cluster-bootstrap
// interval: within every task (every subject of a benchmark) whole items are
// resampled (with all their repeats, rotations and cluster mates), and the
// whole aggregate is recomputed on each replicate.
import { type ClusterIndex, itemKey } from '../compare/pairs.js';
import { buildGroups, circularRows, packKey, type BenchmarkGroups, type CircularRow, type TaskInfo } from './groups.js';
import { countsInScore } from '../scorers/outcome.js';
import { createRng, meanInterval, percentileInterval } from '../stats/index.js';
import type { HeadlineBasis, IntervalMethod, ProviderHeadline } from '../store/records.js';
import { clusterSums, drawClusters, unitsOf } from './units.js';

/** What figures need of a result. */
export interface ScoreRow {
  task_id: string;
  item_id: string;
  provider_id: string;
  repeat: number;
  outcome: string;
  score: number | null;
}

export interface Interval {
  n: number;
  /** Mean score over scored answers (correct, wrong, unparseable); null when none. */
  score: number | null;
  ci95: [number, number] | null;
  /**
   * "wilson" for pass/fail scores, "bootstrap" otherwise; "cluster-bootstrap"
   * when scored units are not independent (repeats of one item, CircularEval
   * rotations, items sharing a `cluster`): whole clusters are resampled;
   * "stratified-bootstrap" for an aggregate of several tasks or subjects.
   */
  method: IntervalMethod | null;
}

export interface DimensionFigure extends Interval {
  dimension: string;
  provider: string;
  /** Members (tasks; a benchmark counts once) with a score. */
  members: number;
  /**
   * Bootstrap replicates of the figure (the scorecard combines them); null
   * when nothing was scored. Drawn on first call: a summary of a one-task
   * run never needs them.
   */
  replicates: (() => Float64Array) | null;
}

export interface Figures {
  /** Per task and provider: the mean over its scored answers. */
  task(taskId: string, provider: string): Interval;
  groups: Record<string, BenchmarkGroups>;
  circular: CircularRow[];
  dimensions: DimensionFigure[];
  basis: HeadlineBasis;
  headline: ProviderHeadline[];
}

export interface FigureInput {
  tasks: TaskInfo[];
  results: readonly ScoreRow[];
  providers: string[];
  seed: number;
  /** Items sharing a passage or question (items.cluster). */
  clusters: ClusterIndex;
}

/** Replicates of every aggregate: the scorecard's resample count. */
export const FIGURE_RESAMPLES = 1000;

export const dimensionOf = (t: TaskInfo) => t.tags.dimension ?? t.id;

export function computeFigures(input: FigureInput): Figures {
  const { tasks, providers, seed, clusters } = input;
  // Resampling draws by position: put the rows in one canonical order, so a figure never
  // depends on the order a database returned them in (SQLite and Postgres differ).
  const results = isCanonical(input.results) ? input.results : [...input.results].sort(canonical);
  const rows = new Map<string, ScoreRow[]>();
  const errors = new Map<string, number>();
  const truncated = new Map<string, number>();
  for (const r of results) {
    const k = `${r.task_id}\u0000${r.provider_id}`;
    const list = rows.get(k);
    if (list) list.push(r);
    else rows.set(k, [r]);
    if (r.outcome === 'error') errors.set(r.provider_id, (errors.get(r.provider_id) ?? 0) + 1);
    if (r.outcome === 'truncated') truncated.set(r.provider_id, (truncated.get(r.provider_id) ?? 0) + 1);
  }
  const rowsOf = (task: string, provider: string) => rows.get(`${task}\u0000${provider}`) ?? [];

  const taskCache = new Map<string, Interval>();
  const task = (taskId: string, provider: string): Interval => {
    const k = `${taskId}\u0000${provider}`;
    let cell = taskCache.get(k);
    if (!cell) taskCache.set(k, (cell = scoreInterval(rowsOf(taskId, provider), clusters, seed)));
    return cell;
  };
  const groups = buildGroups(tasks, results, providers, seed);
  const circular = circularRows(tasks, results, providers);

  // Members: a benchmark's subjects together, every other task alone; each in one dimension.
  const members: Member[] = [];
  const benchmarks = new Map<string, Member>();
  for (const t of tasks) {
    const key = packKey(t);
    if (key && groups[key]) {
      let m = benchmarks.get(key);
      if (!m) benchmarks.set(key, (m = { key, dimension: dimensionOf(t), kind: 'benchmark', tasks: [] }));
      m.tasks.push(t);
      if (m.tasks.length === 1) members.push(m);
    } else members.push({ key: t.id, dimension: dimensionOf(t), kind: t.tags.circular === 'true' ? 'circular' : 'task', tasks: [t] });
  }
  const dimensionNames = [...new Set(members.map((m) => m.dimension))];

  const dimensions: DimensionFigure[] = [];
  const headline: ProviderHeadline[] = [];
  for (const provider of providers) {
    const own = (m: Member): MemberFigure | undefined => memberFigure(m, provider, { rowsOf, task, groups, circular, clusters, seed });
    const dims: DimensionFigure[] = [];
    for (const dimension of dimensionNames) {
      const figs = members
        .filter((m) => m.dimension === dimension)
        .map(own)
        .filter((f): f is MemberFigure => f !== undefined);
      dims.push({ dimension, provider, members: figs.length, ...combine(figs) });
    }
    dimensions.push(...dims);
    const scored = dims.filter((d) => d.score !== null);
    const top = combine(scored);
    headline.push({ provider, n: top.n, score: top.score, ci95: top.ci95, method: top.method, errors: errors.get(provider) ?? 0, truncated: truncated.get(provider) ?? 0 });
  }

  return { task, groups, circular, dimensions, basis: basisOf(members, dimensionNames, groups), headline };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Task, item, provider, repeat (the results' primary key): the order figures read results in. */
const canonical = (a: ScoreRow, b: ScoreRow) => cmp(a.task_id, b.task_id) || cmp(a.item_id, b.item_id) || cmp(a.provider_id, b.provider_id) || a.repeat - b.repeat;

function isCanonical(rows: readonly ScoreRow[]): boolean {
  for (let i = 1; i < rows.length; i++) if (canonical(rows[i - 1], rows[i]) > 0) return false;
  return true;
}

type Member = { key: string; dimension: string; kind: 'task' | 'circular' | 'benchmark'; tasks: TaskInfo[] };

interface MemberFigure extends Interval {
  score: number;
  replicates: () => Float64Array;
}

/** Computes once, on first call. */
function lazy(draw: () => Float64Array): () => Float64Array {
  let value: Float64Array | undefined;
  return () => (value ??= draw());
}

function basisOf(members: Member[], dimensions: string[], groups: Record<string, BenchmarkGroups>): HeadlineBasis {
  if (members.length === 1) {
    const [m] = members;
    if (m.kind === 'benchmark') {
      const g = groups[m.key];
      return { kind: 'benchmark', benchmark: g.benchmark, averaging: g.averaging, subjects: m.tasks.length };
    }
    return { kind: m.kind, task: m.key };
  }
  return { kind: 'dimensions', dimensions, tasks: members.length };
}

/** One member's own figure (as the report shows it) and its replicates; undefined when it has no score. */
function memberFigure(
  m: Member,
  provider: string,
  ctx: {
    rowsOf: (t: string, p: string) => ScoreRow[];
    task: (t: string, p: string) => Interval;
    groups: Record<string, BenchmarkGroups>;
    circular: CircularRow[];
    clusters: ClusterIndex;
    seed: number;
  },
): MemberFigure | undefined {
  const rng = createRng(`${ctx.seed}:summary:${provider}:${m.key}`);
  if (m.kind === 'benchmark') {
    const g = ctx.groups[m.key];
    const row = g.rows.find((r) => r.provider === provider && r.kind === 'overall');
    if (!row || row.value === null) return undefined;
    const replicates = lazy(() => {
      const subjects = m.tasks.map((t) => clusterSums(unitsOf(t, ctx.rowsOf(t.id, provider), ctx.clusters).units)).filter((s) => s.sums.length > 0);
      const out = new Float64Array(FIGURE_RESAMPLES);
      for (let b = 0; b < FIGURE_RESAMPLES; b++) {
        let macro = 0;
        let sum = 0;
        let count = 0;
        for (const s of subjects) {
          const [ss, cc] = drawClusters(s, rng);
          macro += ss / cc;
          sum += ss;
          count += cc;
        }
        out[b] = g.averaging === 'macro' ? macro / subjects.length : sum / count;
      }
      return out;
    });
    return { n: row.n, score: row.value, ci95: row.ci95, method: row.method, replicates };
  }
  const [t] = m.tasks;
  const own: Interval =
    m.kind === 'circular' ? (({ n, value, ci95, method }) => ({ n, score: value, ci95, method }))(ctx.circular.find((c) => c.task === t.id && c.provider === provider)!) : ctx.task(t.id, provider);
  if (own.score === null) return undefined;
  const replicates = lazy(() => {
    const s = clusterSums(unitsOf(t, ctx.rowsOf(t.id, provider), ctx.clusters).units);
    const out = new Float64Array(FIGURE_RESAMPLES);
    for (let b = 0; b < FIGURE_RESAMPLES; b++) {
      const [ss, cc] = drawClusters(s, rng);
      out[b] = ss / cc;
    }
    return out;
  });
  return { ...own, score: own.score, replicates };
}

/** Several figures → their mean with a percentile interval over the mean of their replicates; one → itself. */
function combine(figs: Array<Interval & { score: number | null; replicates: (() => Float64Array) | null }>): Interval & { replicates: (() => Float64Array) | null } {
  const scored = figs.filter((f): f is MemberFigure => f.score !== null && f.replicates !== null);
  if (scored.length === 0) return { n: 0, score: null, ci95: null, method: null, replicates: null };
  if (scored.length === 1) {
    const [f] = scored;
    return { n: f.n, score: f.score, ci95: f.ci95, method: f.method, replicates: f.replicates };
  }
  const replicates = new Float64Array(FIGURE_RESAMPLES);
  for (const f of scored) {
    const r = f.replicates();
    for (let b = 0; b < FIGURE_RESAMPLES; b++) replicates[b] += r[b] / scored.length;
  }
  return {
    n: scored.reduce((a, f) => a + f.n, 0),
    score: scored.reduce((a, f) => a + f.score, 0) / scored.length,
    ci95: percentileInterval(replicates),
    method: 'stratified-bootstrap',
    replicates: () => replicates,
  };
}

/**
 * The mean of one cell's scored answers (a task × provider, a dimension's
 * pooled items): Wilson or plain bootstrap for independent answers, the
 * cluster bootstrap when answers share an item (repeats) or a cluster.
 */
export function scoreInterval(rows: readonly ScoreRow[], clusters: ClusterIndex, seed: number): Interval {
  const scored = rows.filter(countsInScore);
  if (scored.length === 0) return { n: 0, score: null, ci95: null, method: null };
  const scores = scored.map((r) => r.score ?? 0);
  // Wilson and the plain bootstrap assume independent scores; when any
  // cluster holds more than one (a repeated item, items sharing a cluster),
  // resample whole clusters instead. Ids are built only then: a plain run
  // of 200,000 items allocates none.
  const clusterIds = scored.some((r) => r.repeat > 0 || clusters.has(itemKey(r.task_id, r.item_id)))
    ? scored.map((r) => `${r.task_id}\u0000${clusters.get(itemKey(r.task_id, r.item_id)) ?? r.item_id}`)
    : [];
  const dependent = new Set(clusterIds).size < clusterIds.length;
  const binary = scores.every((s) => s === 0 || s === 1);
  const r = meanInterval(scores, { binary, seed, ...(dependent ? { clusters: clusterIds } : {}) });
  return { n: scores.length, score: r.estimate, ci95: r.ci95, method: r.method };
}
