// Ending a distributed run: whoever sees the last result committed (the
// following `heng run --queue`, or a worker when detached) writes the status
// and the headline numbers, computed as executeRun computes them for a local
// run. Several may race; they write the same thing.
import { countsInScore } from '../report/scored.js';
import { meanInterval } from '../stats/index.js';
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
  const options = JSON.parse(run.options_json) as { seed?: number; maxErrorRate?: number };
  const rows = await store.scoreRows(runId);
  const headline = (await store.runProviders(runId)).map(({ provider_id }) => {
    const mine = rows.filter((r) => r.provider_id === provider_id);
    const scored = mine.filter(countsInScore).map((r) => r.score ?? 0);
    const ci = scored.length ? meanInterval(scored, { seed: options.seed }) : undefined;
    return { provider: provider_id, n: scored.length, score: ci?.estimate ?? null, ci95: ci?.ci95 ?? null, errors: mine.filter((r) => r.outcome === 'error').length };
  });
  await store.setRunStatus(runId, status, { finished: status === 'done', summary_json: JSON.stringify(headline) });
  const errors = headline.reduce((n, h) => n + h.errors, 0);
  return { status, errorRate: rows.length ? errors / rows.length : 0, maxErrorRate: options.maxErrorRate ?? 0.05 };
}

/** Finish the run if every planned result is committed and nobody has yet. */
export async function finishIfComplete(store: Store, runId: string, planned: number): Promise<boolean> {
  if ((await store.getRunStatus(runId)) !== 'running') return false;
  if ((await store.countResults(runId)) < planned) return false;
  await finishRun(store, runId, 'done');
  return true;
}
