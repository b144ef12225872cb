// A run's life, written once: begin (record it, or check and reopen it to
// resume), finish (status and summary) and failure. The local engine
// (execute.ts), the queue (enqueue, workers, the follower) and the safety
// assessment (safety.ts) all go through here, so a run starts, resumes and
// ends the same way whoever does the work.
import type { LoadedConfig } from '../config/load.js';
import type { EngineEnd } from '../engine/run.js';
import { newRunId, type PreparedRun } from '../engine/prepare.js';
import { InputError } from '../errors.js';
import type { ProviderSetup } from '../providers/index.js';
import type { Run, RunSummary, StoredItem, StoredRunOptions } from '../store/records.js';
import type { RunStatus } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { Task } from '../tasks/task.js';
import type { Provider, RequestMapping } from '../types.js';
import { refreshSummary } from '../summary/summary.js';
import { VERSION } from '../version.js';

export interface BeginOptions {
  /** Continue this run: its config must be the one it started with. */
  resumeId?: string;
  /** Id for a new run (the server picks it to answer at once). */
  runId?: string;
  /** More checks before a resume (a safety run: its bank samples). */
  checkResume?: (run: Run) => Promise<void>;
}

export interface Begun {
  runId: string;
  /** Keys (resultKey) of the units already committed; empty for a new run. */
  done: Set<string>;
  resumed: boolean;
}

/** Units a plan holds: tasks × items × providers × repeats. */
export const plannedUnits = (prep: Pick<PreparedRun, 'tasks' | 'providers' | 'options'>) => prep.tasks.reduce((n, t) => n + t.items.length, 0) * prep.options.repeats * prep.providers.length;

/**
 * Record a new run (config, task versions, items, before any request), or
 * check that `resumeId` is this config's run and reopen it. Options given on
 * resume (a higher budget, say) replace the stored ones, so every reader
 * (workers, reports) sees what the run now goes by.
 */
export async function beginRun(store: Store, loaded: LoadedConfig, prep: Pick<PreparedRun, 'tasks' | 'providers' | 'options' | 'configHash'>, o: BeginOptions = {}): Promise<Begun> {
  const options: StoredRunOptions = { ...prep.options, configFile: loaded.file };
  if (o.resumeId) {
    const run = await store.getRun(o.resumeId);
    if (!run) throw new InputError(`no run "${o.resumeId}" in the store`, { field: '--resume' }, 'list runs with "heng runs"');
    if (run.configHash !== prep.configHash)
      throw new InputError(`the config differs from the one run ${run.id} started with`, { file: loaded.file, field: '--resume' }, 'resume with the same heng.yaml, or start a new run');
    await o.checkResume?.(run);
    const done = await store.doneKeys(run.id);
    await store.setRunOptions(run.id, options);
    await store.setRunStatus(run.id, 'running');
    return { runId: run.id, done, resumed: true };
  }
  const runId = o.runId ?? newRunId();
  await store.createRun(
    { id: runId, name: loaded.config.name ?? null, configText: loaded.text, configHash: prep.configHash, options, hengVersion: VERSION, planned: plannedUnits(prep) },
    prep.providers.map((p) => ({
      providerId: p.provider.id,
      identity: p.provider.identity,
      model: p.provider.model,
      label: p.label ?? null,
      entry: p.entry,
      price: p.price ? { ...p.price } : null,
      requestMappings: requestMappings(p.provider, prep.options),
    })),
    prep.tasks.map((t) => ({ taskId: t.id, tags: t.tags, taskHash: t.version.taskHash, datasetHash: t.version.datasetHash, itemCount: t.items.length })),
    runItems(prep.tasks),
  );
  return { runId, done: new Set(), resumed: false };
}

/** What the provider's model rules change in this run's request (the same for every unit). */
function requestMappings(provider: Provider, o: { temperature: number; maxTokens: number; seed: number }): RequestMapping[] {
  return provider.describeRequest?.({ messages: [], temperature: o.temperature, maxTokens: o.maxTokens, seed: o.seed }) ?? [];
}

/** How the work ended → the run's status. */
export function statusOf(end: EngineEnd): RunStatus {
  return end === 'done' ? 'done' : end === 'cancelled' ? 'interrupted' : 'stopped_budget';
}

export interface FinishedRun {
  status: RunStatus;
  summary: RunSummary;
  /** Share of the committed units that ended in a provider error. */
  errorRate: number;
  maxErrorRate: number;
}

/**
 * End a run: its status and its summary (src/summary/, the one computation
 * every surface reads). Several finishers may race on a queued run; they
 * write the same thing.
 */
export async function finishRun(store: Store, runId: string, status: RunStatus): Promise<FinishedRun> {
  // The summary first: whoever sees the status change (a follower, `heng runs`) finds it there.
  const summary = await refreshSummary(store, runId);
  await store.setRunStatus(runId, status, { finished: status === 'done' });
  const [run, totals] = await Promise.all([store.getRun(runId), store.resultTotals(runId)]);
  return { status, summary, errorRate: totals.count ? totals.errors / totals.count : 0, maxErrorRate: run?.options.maxErrorRate ?? 0.05 };
}

/** Finish the run if every planned result is committed and it is still running. */
export async function finishIfComplete(store: Store, runId: string, planned: number): Promise<boolean> {
  if ((await store.getRunStatus(runId)) !== 'running') return false;
  if ((await store.countResults(runId)) < planned) return false;
  await finishRun(store, runId, 'done');
  return true;
}

/**
 * Ask whoever does the work to stop: local engines and workers check the
 * status before each unit. `changed` is false when the run was not running.
 * The summary is written now (what is in so far) and again when the work ends.
 */
export async function cancelRun(store: Store, runId: string): Promise<{ status: RunStatus; changed: boolean }> {
  const status = await store.getRunStatus(runId);
  if (!status) throw new InputError(`no run "${runId}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
  if (status !== 'running') return { status, changed: false };
  await finishRun(store, runId, 'cancelled');
  return { status: 'cancelled', changed: true };
}

/** The work broke (a bug, the store gone): say so where `heng runs` looks. What was committed stays for resume. */
export async function failRun(store: Store, runId: string): Promise<void> {
  await store.setRunStatus(runId, 'failed');
}

/** Close every provider a run opened (sockets, local models), whatever happened. */
export async function closeProviders(setups: readonly ProviderSetup[]): Promise<void> {
  await Promise.all(setups.map((p) => p.provider.close?.()));
}

function* runItems(tasks: Task[]): Generator<StoredItem> {
  for (const t of tasks) for (const [idx, item] of t.items.entries()) yield { taskId: t.id, itemId: item.id, idx, fields: item.fields, target: item.target, cluster: item.cluster ?? null };
}
