// A run's summary: the one object every surface reads for a run's headline
// (`heng runs` and --json, the API's run list and summary, the web app, the
// report's overall row, the scorecard's quality). Computed here only, from
// what the store holds; kept with the run when it ends (and again whenever a
// human review changes a safety verdict) so lists read it without touching
// results.
import { clusterIndex } from '../compare/run.js';
import { getSafetyRun } from '../safety/store.js';
import { safetyVerdicts } from '../safety/verdicts.js';
import { SUMMARY_VERSION, type Run, type RunSummary } from '../store/records.js';
import type { Store } from '../store/store.js';
import { computeFigures, type Figures } from './figures.js';

/** The summary of an evaluation run from its figures (the report model has them already). */
export function evaluationSummary(figures: Pick<Figures, 'basis' | 'headline'>, inputs: string): RunSummary {
  return { version: SUMMARY_VERSION, kind: 'evaluation', basis: figures.basis, headline: figures.headline, safety: null, inputs };
}

export async function isSafetyRun(store: Store, runId: string): Promise<boolean> {
  return (await getSafetyRun(store.db, runId)) !== undefined;
}

/** Computes the summary from the stored results (safety runs: from their judgments and reviews). */
export async function computeSummary(store: Store, run: Pick<Run, 'id' | 'options'>): Promise<RunSummary> {
  // Read first: a result committed while computing makes the next read recompute, never the reverse.
  const inputs = await store.summaryInputs(run.id);
  if (await isSafetyRun(store, run.id)) return { version: SUMMARY_VERSION, kind: 'safety', basis: { kind: 'safety' }, headline: [], safety: await safetyVerdicts(store, run.id), inputs };
  const [tasks, providers, rows, clustered] = await Promise.all([store.runTasks(run.id), store.runProviders(run.id), store.scoreRows(run.id), store.clusteredItems(run.id)]);
  const figures = computeFigures({
    tasks: tasks.map((t) => ({ id: t.taskId, tags: t.tags })),
    results: rows,
    providers: providers.map((p) => p.providerId),
    seed: run.options.seed,
    clusters: clusterIndex(clustered),
  });
  return evaluationSummary(figures, inputs);
}

/** Computes and keeps the summary; what ending a run and settling a review call. */
export async function refreshSummary(store: Store, runId: string): Promise<RunSummary> {
  const run = await store.getRun(runId);
  if (!run) throw new Error(`run ${runId} vanished from the store`);
  const summary = await computeSummary(store, run);
  await store.setRunSummary(runId, summary);
  return summary;
}

/**
 * The summary a surface shows: the kept one while its inputs are unchanged,
 * else (a review decided since, a summary of an older Heng) computed and kept
 * now. A run still going has none yet.
 */
export async function summaryOf(store: Store, run: Run): Promise<RunSummary | null> {
  if (run.status === 'running') return null;
  if (run.summary && run.summary.inputs === (await store.summaryInputs(run.id))) return run.summary;
  return refreshSummary(store, run.id);
}

/** A summary as surfaces print it: without the bookkeeping (format version, inputs fingerprint). */
export type PublicSummary = Omit<RunSummary, 'version' | 'inputs'>;

export function publicSummary(s: RunSummary): PublicSummary {
  const { version: _v, inputs: _i, ...rest } = s;
  return rest;
}
