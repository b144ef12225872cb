// A whole local run from a loaded config: prepare, begin, evaluate, finish.
// Used by the CLI, the server and the demo, so all start and resume runs the
// same way (the queue and the safety assessment share the lifecycle).
import type { LoadedConfig } from '../config/load.js';
import type { RunOptions } from '../config/schema.js';
import { prepare, requireTasks, type PreparedRun } from '../engine/prepare.js';
import { runEngine, type EngineEnd, type Progress } from '../engine/run.js';
import type { RunSummary } from '../store/records.js';
import type { RunStatus } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { beginRun, closeProviders, failRun, finishRun, statusOf } from './lifecycle.js';

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
  summary: RunSummary;
  /** Share of units that ended in a provider error. */
  errorRate: number;
  maxErrorRate: number;
}

export async function executeRun(o: ExecuteOptions): Promise<ExecuteResult> {
  requireTasks(o.loaded);
  let prep: PreparedRun | undefined = await prepare(o.loaded, o.overrides, o.store);
  const setups = [...prep.providers, ...prep.judges];
  try {
    const { runId, done } = await beginRun(o.store, o.loaded, prep, { resumeId: o.resumeId, runId: o.runId });
    o.onStart?.(runId, prep, done.size);
    let outcome: { end: EngineEnd; progress: Progress };
    try {
      outcome = await runEngine({
        store: o.store,
        runId,
        tasks: prep.tasks,
        providers: prep.providers,
        judgeCosts: prep.judgeCosts,
        options: prep.options,
        onProgress: o.onProgress,
        signal: o.signal,
        skip: done,
      });
    } catch (err) {
      await failRun(o.store, runId);
      throw err;
    }
    // The plan's items are done with: let them go before the summary reads every result.
    prep = undefined;
    const finished = await finishRun(o.store, runId, statusOf(outcome.end));
    return { runId, end: outcome.end, progress: outcome.progress, ...finished };
  } finally {
    await closeProviders(setups);
  }
}
