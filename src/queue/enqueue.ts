// `heng run --queue redis://…`: record the run in the store, then put its
// units on the queue for workers, and (unless detached) follow the run's
// progress in the store until every result is in.
import path from 'node:path';
import { Queue } from 'bullmq';
import type { LoadedConfig } from '../config/load.js';
import type { RunOptions } from '../config/schema.js';
import { prepare, requireTasks, type PreparedRun } from '../engine/prepare.js';
import type { Progress } from '../engine/run.js';
import { InputError } from '../errors.js';
import type { RunStatus } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { queueTarget, redisClient, type QueueTarget } from './connection.js';
import { beginRun, closeProviders, finishRun, plannedUnits } from '../runs/lifecycle.js';

export { cancelRun } from '../runs/lifecycle.js';
import { DEFAULT_BATCH_SIZE, planJobs, type UnitsJob } from './jobs.js';
import { addJobs, redisRunId, watchForLostJobs } from './requeue.js';

/** Retries for jobs that throw (store or Redis down); provider failures are results, not throws. */
export { JOB_OPTIONS } from './requeue.js';

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
  /** Units per job: what a re-enqueue after a Redis restart cuts the plan by. */
  batchSize: number;
  /** The identity of the Redis the jobs went to (INFO run_id): a follower re-enqueues when it changes. */
  redisRunId: string;
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
    // Options given on resume (a higher --budget, say) reach the workers through the store.
    const { runId, done, resumed } = await beginRun(o.store, loaded, prep, { resumeId: o.resumeId, runId: o.runId });
    const planned = plannedUnits(prep);
    o.onStart?.(runId, prep, done.size);

    const jobs = planJobs(
      runId,
      prep.tasks,
      prep.providers.map((p) => p.provider.id),
      prep.options.repeats,
      batchSize,
      done,
    );
    const connection = redisClient(target.url);
    const queue = new Queue<UnitsJob>(target.name, { connection, prefix: target.prefix });
    try {
      if (resumed) {
        // A batch that failed for good (or was kept as completed) holds its id: clear it so it can run again.
        for (const job of jobs) {
          const old = await queue.getJob(job.id);
          const state = old ? await old.getState() : undefined;
          if (state === 'failed' || state === 'completed') await old!.remove();
        }
      }
      // A Redis that restarted while the jobs went in lost the first ones: add them all again (ids make it a no-op otherwise).
      let redisId = await redisRunId(connection);
      for (;;) {
        await addJobs(queue, jobs);
        const now = await redisRunId(connection);
        if (now === redisId) break;
        redisId = now;
      }
      return { runId, planned, alreadyDone: done.size, jobs: jobs.length, units: jobs.reduce((n, j) => n + j.data.units.length, 0), batchSize, redisRunId: redisId };
    } finally {
      await queue.close();
      connection.disconnect();
    }
  } finally {
    await closeProviders([...prep.providers, ...prep.judges]);
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
  /** Re-enqueue the run's missing batches when this queue's Redis restarts (lost jobs); from Enqueued. */
  requeue?: { queue: QueueTarget | string; batchSize: number; redisRunId?: string };
  /** Where the follower says what it does about outages. */
  log?: (line: string) => void;
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
  const { maxErrorRate } = run.options;
  const started = performance.now();
  const watch = o.requeue && watchForLostJobs(store, runId, { queue: o.requeue.queue, batchSize: o.requeue.batchSize, knownRunId: o.requeue.redisRunId, log: o.log });
  try {
    for (;;) {
      const totals = await store.resultTotals(runId);
      let status = (await store.getRunStatus(runId)) ?? 'failed';
      const progress: Progress = { done: totals.count, total: run.planned, errors: totals.errors, costCny: totals.costCny, elapsedMs: performance.now() - started };
      o.onProgress?.(progress);
      if (status === 'running' && totals.count >= run.planned) status = (await finishRun(store, runId, 'done')).status;
      if (status !== 'running' || o.signal?.aborted) return { runId, status, progress, errorRate: totals.count ? totals.errors / totals.count : 0, maxErrorRate };
      await watch?.check();
      await abortableSleep(o.pollMs ?? 1000, o.signal);
    }
  } finally {
    watch?.close();
  }
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
  return { enqueued, ...(await followRun(o.store, enqueued.runId, { ...o, requeue: { queue: o.queue, batchSize: enqueued.batchSize, redisRunId: enqueued.redisRunId } })) };
}
