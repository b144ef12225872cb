// A whole run from a loaded config: prepare, record, evaluate, close. Used by
// the CLI, the server and the demo, so all start and resume runs the same way.
import type { LoadedConfig } from '../config/load.js';
import type { RunOptions } from '../config/schema.js';
import { InputError } from '../errors.js';
import { countsInScore } from '../report/scored.js';
import { meanInterval } from '../stats/index.js';
import type { RunStatus } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { prepare, recordRun, requireTasks, type PreparedRun } from './prepare.js';
import { runEngine, type EngineEnd, type Progress } from './run.js';

export interface ExecuteOptions {
  store: Store;
  loaded: LoadedConfig;
  overrides?: Partial<RunOptions>;
  /** Continue this run: only the units without a stored result are done. */
  resumeId?: string;
  /** Use this id for a new run (the server picks it to answer at once). */
  runId?: string;
  onStart?: (runId: string, prep: PreparedRun, alreadyDone: number) => void;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface ExecuteResult {
  runId: string;
  end: EngineEnd;
  progress: Progress;
  status: RunStatus;
  /** Share of units that ended in a provider error. */
  errorRate: number;
  maxErrorRate: number;
}

export async function executeRun(o: ExecuteOptions): Promise<ExecuteResult> {
  requireTasks(o.loaded);
  const prep = await prepare(o.loaded, o.overrides, o.store);
  let runId: string;
  let skip: Set<string> | undefined;
  if (o.resumeId) {
    const run = await o.store.getRun(o.resumeId);
    if (!run) throw new InputError(`no run "${o.resumeId}" in the store`, { field: '--resume' }, 'list runs with "heng runs"');
    if (run.config_hash !== prep.configHash)
      throw new InputError(`the config differs from the one run ${run.id} started with`, { file: o.loaded.file, field: '--resume' }, 'resume with the same heng.yaml, or start a new run');
    runId = run.id;
    skip = await o.store.doneKeys(runId);
    await o.store.setRunStatus(runId, 'running');
  } else runId = await recordRun(o.store, o.loaded, prep, o.runId);
  o.onStart?.(runId, prep, skip?.size ?? 0);

  let outcome: { end: EngineEnd; progress: Progress };
  try {
    outcome = await runEngine({ store: o.store, runId, tasks: prep.tasks, providers: prep.providers, judgeCosts: prep.judgeCosts, options: prep.options, onProgress: o.onProgress, signal: o.signal, skip });
  } catch (err) {
    await o.store.setRunStatus(runId, 'failed');
    throw err;
  } finally {
    await Promise.all([...prep.providers, ...prep.judges].map((p) => p.provider.close?.()));
  }
  const status: RunStatus = outcome.end === 'done' ? 'done' : outcome.end === 'cancelled' ? 'interrupted' : 'stopped_budget';
  // The headline numbers are kept with the run so `heng runs` lists them cheaply.
  const rows = await o.store.scoreRows(runId);
  const headline = prep.providers.map(({ provider }) => {
    const mine = rows.filter((r) => r.provider_id === provider.id);
    const scored = mine.filter(countsInScore).map((r) => r.score ?? 0);
    const ci = scored.length ? meanInterval(scored, { seed: prep.options.seed }) : undefined;
    return { provider: provider.id, n: scored.length, score: ci?.estimate ?? null, ci95: ci?.ci95 ?? null, errors: mine.filter((r) => r.outcome === 'error').length };
  });
  await o.store.setRunStatus(runId, status, { finished: status === 'done', summary_json: JSON.stringify(headline) });
  const total = rows.length;
  const errors = headline.reduce((n, h) => n + h.errors, 0);
  return { runId, end: outcome.end, progress: outcome.progress, status, errorRate: total ? errors / total : 0, maxErrorRate: prep.options.maxErrorRate };
}
