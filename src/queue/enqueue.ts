// `heng run --queue redis://…`: record the run in the store, then put its
// units on the queue for workers, and (unless detached) follow the run's
// progress in the store until every result is in.
import path from 'node:path';
import { Queue } from 'bullmq';
import type { LoadedConfig } from '../config/load.js';
import type { RunOptions } from '../config/schema.js';
import { prepare, recordRun, requireTasks, type PreparedRun } from '../engine/prepare.js';
import type { Progress } from '../engine/run.js';
import { InputError } from '../errors.js';
import type { RunStatus } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { queueTarget, redisClient, type QueueTarget } from './connection.js';
import { finishRun } from './finish.js';
import { DEFAULT_BATCH_SIZE, JOB_NAME, planJobs, type UnitsJob } from './jobs.js';

/** Retries for jobs that throw (store or Redis down); provider failures are results, not throws. */
export const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export interface EnqueueOptions {
  store: Store;
  loaded: LoadedConfig;
  queue: QueueTarget | string;
  overrides?: Partial<RunOptions>;
  /** Continue this run: only batches with missing results are enqueued. */
  resumeId?: string;
  runId?: string;
  /** Units per job (default 50). */
  batchSize?: number;
  onStart?: (runId: string, prep: PreparedRun, alreadyDone: number) => void;
}

export interface Enqueued {
  runId: string;
  planned: number;
  alreadyDone: number;
  /** Jobs added now (batches already queued are not counted twice). */
  jobs: number;
  units: number;
}

export async function enqueueRun(o: EnqueueOptions): Promise<Enqueued> {
  const target = queueTarget(o.queue);
  const batchSize = o.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InputError(`batch size must be a positive integer, got ${batchSize}`, { field: '--batch-size' });
  // Workers rebuild the run from the stored config path: make it absolute so it does not depend on their cwd.
  const loaded: LoadedConfig = { ...o.loaded, file: path.resolve(o.loaded.file) };
  requireTasks(loaded);
  const prep = await prepare(loaded, o.overrides);
  try {
    let runId: string;
    let done: Set<string> | undefined;
    if (o.resumeId) {
      const run = await o.store.getRun(o.resumeId);
      if (!run) throw new InputError(`no run "${o.resumeId}" in the store`, { field: '--resume' }, 'list runs with "heng runs"');
      if (run.config_hash !== prep.configHash)
        throw new InputError(`the config differs from the one run ${run.id} started with`, { file: loaded.file, field: '--resume' }, 'resume with the same heng.yaml, or start a new run');
      runId = run.id;
      done = await o.store.doneKeys(runId);
      // Options given now (a higher --budget, say) reach the workers through the store.
      const options = JSON.stringify({ ...prep.options, configFile: loaded.file });
      if (options !== run.options_json) await o.store.setRunOptions(runId, options);
      await o.store.setRunStatus(runId, 'running');
    } else runId = await recordRun(o.store, loaded, prep, o.runId);
    const planned = prep.tasks.reduce((n, t) => n + t.items.length, 0) * prep.options.repeats * prep.providers.length;
    o.onStart?.(runId, prep, done?.size ?? 0);

    const jobs = planJobs(runId, prep.tasks, prep.providers.map((p) => p.provider.id), prep.options.repeats, batchSize, done);
    const connection = redisClient(target.url);
    const queue = new Queue<UnitsJob>(target.name, { connection, prefix: target.prefix });
    try {
      if (o.resumeId) {
        // A batch that failed for good (or was kept as completed) holds its id: clear it so it can run again.
        for (const job of jobs) {
          const old = await queue.getJob(job.id);
          const state = old ? await old.getState() : undefined;
          if (state === 'failed' || state === 'completed') await old!.remove();
        }
      }
      for (let i = 0; i < jobs.length; i += 500)
        await queue.addBulk(jobs.slice(i, i + 500).map((j) => ({ name: JOB_NAME, data: j.data, opts: { ...JOB_OPTIONS, jobId: j.id } })));
    } finally {
      await queue.close();
      connection.disconnect();
    }
    return { runId, planned, alreadyDone: done?.size ?? 0, jobs: jobs.length, units: jobs.reduce((n, j) => n + j.data.units.length, 0) };
  } finally {
    await Promise.all(prep.providers.map((p) => p.provider.close?.()));
  }
}

export interface FollowResult {
  runId: string;
  /** `running` when following stopped (signal) before the run ended. */
  status: RunStatus;
  progress: Progress;
  errorRate: number;
  maxErrorRate: number;
}

export interface FollowOptions {
  onProgress?: (p: Progress) => void;
  /** Stop following (the run goes on on the workers). */
  signal?: AbortSignal;
  pollMs?: number;
}

/**
 * Poll the store until the run has every planned result (then finish it),
 * or was cancelled or failed elsewhere, or `signal` stops the following.
 */
export async function followRun(store: Store, runId: string, o: FollowOptions = {}): Promise<FollowResult> {
  const run = await store.getRun(runId);
  if (!run) throw new InputError(`no run "${runId}" in the store`, { field: 'run' });
  const maxErrorRate = Number(JSON.parse(run.options_json).maxErrorRate ?? 0.05);
  const started = performance.now();
  for (;;) {
    const totals = await store.resultTotals(runId);
    let status = (await store.getRunStatus(runId)) ?? 'failed';
    const progress: Progress = { done: totals.count, total: run.planned, errors: totals.errors, costCny: totals.costCny, elapsedMs: performance.now() - started };
    o.onProgress?.(progress);
    if (status === 'running' && totals.count >= run.planned) status = (await finishRun(store, runId, 'done')).status;
    if (status !== 'running' || o.signal?.aborted) return { runId, status, progress, errorRate: totals.count ? totals.errors / totals.count : 0, maxErrorRate };
    await abortableSleep(o.pollMs ?? 1000, o.signal);
  }
}

/**
 * Ask every worker to stop the run: they check the status before each unit.
 * `changed` is false when the run was not running (already cancelled, done, …).
 */
export async function cancelRun(store: Store, runId: string): Promise<{ status: RunStatus; changed: boolean }> {
  const status = await store.getRunStatus(runId);
  if (!status) throw new InputError(`no run "${runId}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
  if (status !== 'running') return { status, changed: false };
  await store.setRunStatus(runId, 'cancelled');
  return { status: 'cancelled', changed: true };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface QueuedRunOptions extends EnqueueOptions, FollowOptions {
  /** Return after enqueueing; the workers finish the run. */
  detach?: boolean;
}

/**
 * The whole `heng run --queue …` path: enqueue, then follow unless detached.
 * `status` is `running` when detached or when following was stopped.
 */
export async function runQueued(o: QueuedRunOptions): Promise<FollowResult & { enqueued: Enqueued }> {
  const enqueued = await enqueueRun(o);
  if (o.detach) {
    const totals = await o.store.resultTotals(enqueued.runId);
    const progress: Progress = { done: totals.count, total: enqueued.planned, errors: totals.errors, costCny: totals.costCny, elapsedMs: 0 };
    const maxErrorRate = o.overrides?.maxErrorRate ?? o.loaded.config.run.maxErrorRate;
    return { enqueued, runId: enqueued.runId, status: 'running', progress, errorRate: 0, maxErrorRate };
  }
  return { enqueued, ...(await followRun(o.store, enqueued.runId, o)) };
}
