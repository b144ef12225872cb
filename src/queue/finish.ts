// Ending a distributed run: whoever sees the last result committed (the
// following `heng run --queue`, or a worker when detached) writes the status
// and the headline numbers, as a local run does. Several may race; they
// write the same thing.
import { buildReport } from '../report/model.js';
import type { RunStatus } from '../store/schema.js';
import type { Store } from '../store/store.js';

export interface FinishedRun {
  status: RunStatus;
  /** Share of units that ended in a provider error. */
  errorRate: number;
  maxErrorRate: number;
}

export async function finishRun(store: Store, runId: string, status: RunStatus): Promise<FinishedRun> {
  const run = await store.getRun(runId);
  if (!run) throw new Error(`run ${runId} vanished from the store`);
  const report = await buildReport(store, { ...run, status });
  const headline = report.overall.map((c) => ({ provider: c.provider, n: c.n, score: c.score, ci95: c.ci95, errors: c.outcomes.error }));
  await store.setRunStatus(runId, status, { finished: status === 'done', summary_json: JSON.stringify(headline) });
  const total = report.overall.reduce((n, c) => n + Object.values(c.outcomes).reduce((a, b) => a + b, 0), 0);
  const errors = report.overall.reduce((n, c) => n + c.outcomes.error, 0);
  const maxErrorRate = Number(JSON.parse(run.options_json).maxErrorRate ?? 0.05);
  return { status, errorRate: total ? errors / total : 0, maxErrorRate };
}

/** Finish the run if every planned result is committed and nobody has yet. */
export async function finishIfComplete(store: Store, runId: string, planned: number): Promise<boolean> {
  if ((await store.getRunStatus(runId)) !== 'running') return false;
  if ((await store.countResults(runId)) < planned) return false;
  await finishRun(store, runId, 'done');
  return true;
}
