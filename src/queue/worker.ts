// A queue worker: takes jobs (batches of units) and evaluates their units
// with the engine's evaluateUnit through the engine's work loop and group
// commit, as a local run does; a job completes only once its units are
// committed, so a crash loses at most the units in flight and the last few
// milliseconds of finished ones. Results are idempotent on their key, so a
// job that is retried after a crash (BullMQ stalled-job detection) or handed
// back on shutdown never duplicates a result. See docs/queue.md.
import { hostname } from 'node:os';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { runPool, type PoolEnd } from '../engine/pool.js';
import { evaluateUnit } from '../engine/run.js';
import { GroupWriter } from '../engine/writer.js';
import { reportOutages } from '../store/outage-log.js';
import type { RunStatus } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { resultKey } from '../store/store.js';
import type { UnitOutcome } from '../types.js';
import { queueTarget, redisClient, type QueueTarget } from './connection.js';
import { failRun, finishIfComplete, finishRun } from '../runs/lifecycle.js';
import type { UnitsJob } from './jobs.js';
import { closeRunContext, loadRunContext, type RunContext } from './run-context.js';

export interface WorkerOptions {
  queue: QueueTarget | string;
  store: Store;
  /** Jobs this worker works on at once (default 2). Per-provider concurrency from the config applies per worker. */
  concurrency?: number;
  /**
   * How long a job's lock lives without renewal (default 30 000 ms). A worker
   * that dies loses its lock after this; the stalled check (every lockMs)
   * then hands the job to another worker.
   */
  lockMs?: number;
  /** Window of the shared rate limit (default 60 000 ms; see SharedRateLimit.windowMs). */
  rateWindowMs?: number;
  rateGuardMs?: number;
  /** Runs whose tasks and providers are kept ready (default 4). */
  cachedRuns?: number;
  log?: (line: string) => void;
}

export interface WorkerStats {
  worker: string;
  jobsProcessed: number;
  jobsFailed: number;
  unitsCommitted: number;
  unitsSkipped: number;
  currentJobs: string[];
  startedAt: string;
}

export interface WorkerHealth extends WorkerStats {
  ok: boolean;
  redis: boolean;
  db: boolean;
  stopping: boolean;
}

export interface HengWorker {
  stats(): WorkerStats;
  health(): Promise<WorkerHealth>;
  /** Stop taking jobs, finish the units in flight, hand the rest of current jobs back, close connections. */
  close(): Promise<void>;
}

const CONTROL_TTL_MS = 1000;

interface RunControl {
  status: RunStatus;
  optionsKey: string;
  budgetCny?: number;
}

interface JobOutcome {
  committed: number;
  /** Units already committed (all of the job's when the run had stopped before it began). */
  skipped: number;
  /** Set when the run stopped taking units (cancelled, stopped_budget, …). */
  stopped?: RunStatus;
}

export async function startWorker(o: WorkerOptions): Promise<HengWorker> {
  const target = queueTarget(o.queue);
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const lockMs = o.lockMs ?? 30_000;
  const name = `${hostname()}:${process.pid}`;
  const limiterRedis: Redis = redisClient(target.url);
  const bullRedis: Redis = redisClient(target.url);
  // Redis restarting or unreachable: ioredis reconnects and BullMQ resumes; say so once per outage, not per reconnect attempt.
  let queueDownSince: number | undefined;
  const queueDown = (err: Error) => {
    if (queueDownSince !== undefined) return;
    queueDownSince = performance.now();
    log(`queue (Redis) unavailable, retrying: ${err.message} / 队列（Redis）不可用，正在重试`);
  };
  const queueUp = () => {
    if (queueDownSince === undefined) return;
    log(`queue (Redis) available again after ${((performance.now() - queueDownSince) / 1000).toFixed(1)} s / 队列（Redis）已恢复`);
    queueDownSince = undefined;
  };
  for (const r of [limiterRedis, bullRedis]) {
    r.on('error', queueDown);
    r.on('ready', queueUp);
  }
  const stopReporting = reportOutages(o.store.status, log);
  const stats: WorkerStats = { worker: name, jobsProcessed: 0, jobsFailed: 0, unitsCommitted: 0, unitsSkipped: 0, currentJobs: [], startedAt: new Date().toISOString() };
  let stopping = false;

  // Runs seen recently, oldest first (Map keeps insertion order).
  const contexts = new Map<string, Promise<RunContext>>();
  const runContext = (runId: string): Promise<RunContext> => {
    let ctx = contexts.get(runId);
    if (ctx) {
      contexts.delete(runId);
      contexts.set(runId, ctx);
      return ctx;
    }
    ctx = loadRunContext(o.store, runId, { redis: limiterRedis, prefix: target.prefix, windowMs: o.rateWindowMs, guardMs: o.rateGuardMs });
    ctx.catch(() => contexts.delete(runId));
    contexts.set(runId, ctx);
    while (contexts.size > (o.cachedRuns ?? 4)) {
      const [oldest, old] = contexts.entries().next().value!;
      contexts.delete(oldest);
      old.then(closeRunContext, () => undefined);
    }
    return ctx;
  };

  // Status and options, re-read at most once a second per run: how cancel, budget stops
  // and options changed on resume reach every worker.
  const controls = new Map<string, { control: RunControl | undefined; at: number }>();
  const runControl = async (runId: string): Promise<RunControl | undefined> => {
    const hit = controls.get(runId);
    if (hit && performance.now() - hit.at < CONTROL_TTL_MS) return hit.control;
    const row = await o.store.getRunControl(runId);
    const control = row && { status: row.status, optionsKey: row.optionsKey, budgetCny: row.options.budgetCny };
    controls.set(runId, { control, at: performance.now() });
    return control;
  };
  const spent = new Map<string, { costCny: number; at: number }>();
  const spentSoFar = async (runId: string): Promise<number> => {
    const hit = spent.get(runId);
    if (hit && performance.now() - hit.at < CONTROL_TTL_MS) return hit.costCny;
    const { costCny } = await o.store.resultTotals(runId);
    spent.set(runId, { costCny, at: performance.now() });
    return costCny;
  };

  /** Why the run takes no more units (cancelled, budget reached, …), or undefined to go on. */
  async function stopReason(runId: string): Promise<RunStatus | undefined> {
    const control = await runControl(runId);
    if (!control) return 'failed';
    if (control.status !== 'running') return control.status;
    // The budget is checked against committed results only, so it may be overshot by the units in flight on all workers.
    if (control.budgetCny === undefined || (await spentSoFar(runId)) < control.budgetCny) return undefined;
    await finishRun(o.store, runId, 'stopped_budget');
    controls.delete(runId);
    log(`run ${runId}: budget of ${control.budgetCny} CNY reached, stopping`);
    return 'stopped_budget';
  }

  async function processJob(job: Job<UnitsJob>, token?: string): Promise<JobOutcome> {
    const data = job.data;
    const control = await runControl(data.runId);
    if (!control) throw new UnrecoverableError(`run ${data.runId} is not in this worker's store (same --db as the server?)`);
    let ctx = await runContext(data.runId);
    if (ctx.optionsKey !== control.optionsKey) {
      // Resumed with other options: rebuild from the store (the old context's providers are left to in-flight jobs).
      contexts.delete(data.runId);
      ctx = await runContext(data.runId);
    }
    const entry = ctx.tasks.get(data.taskId);
    const provider = ctx.providers.get(data.providerId);
    if (!entry || !provider) throw new UnrecoverableError(`job ${job.id}: run ${data.runId} has no task "${data.taskId}" or provider "${data.providerId}"`);
    const skipAll = await stopReason(data.runId);
    if (skipAll) return { committed: 0, skipped: data.units.length, stopped: skipAll };

    const done = await o.store.doneKeysAmong(
      data.runId,
      data.taskId,
      data.providerId,
      data.units.map(([item]) => item),
    );
    const todo = data.units.filter(([item_id, repeat]) => !done.has(resultKey({ task_id: data.taskId, item_id, provider_id: data.providerId, repeat })));
    let committed = 0;
    const writer = new GroupWriter<UnitOutcome>((units) => o.store.commitUnits(units), { committed: (units) => (committed += units.length) });
    let ended: PoolEnd<RunStatus | 'shutdown'>;
    try {
      // The job completes only once its units are committed; what finished is committed even when a unit failed.
      ended = await writer.closeAfter(
        runPool({
          items: todo,
          // The provider's slots are the worker's: jobs of one provider running at once share them.
          concurrency: provider.slots,
          limiter: provider.limiter,
          stop: async () => (stopping ? 'shutdown' : await stopReason(data.runId)),
          work: async ([itemId, repeat], limiter) => {
            const item = entry.items.get(itemId);
            if (!item) throw new Error(`job ${job.id}: item "${itemId}" is not in task "${data.taskId}" on this worker`);
            return evaluateUnit({ task: entry.task, item, repeat }, provider.setup, limiter, { runId: data.runId, options: ctx.options, store: o.store, judgeCosts: ctx.judgeCosts });
          },
          done: (outcome) => writer.push(outcome),
        }),
      );
    } finally {
      stats.unitsCommitted += committed;
      stats.unitsSkipped += data.units.length - todo.length;
    }
    if (ended.end === 'shutdown') {
      // Shutting down: give the job back at once (not counted as an attempt); the next worker skips what is committed.
      log(`job ${job.id}: handing back ${todo.length - ended.taken} unit(s) on shutdown`);
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    }
    // No signal or budget is given to the pool: cancel and budget reach it as the store's stopReason.
    const stopped = ended.end === 'done' ? undefined : (ended.end as RunStatus);
    if (!stopped && (await finishIfComplete(o.store, data.runId, ctx.planned))) log(`run ${data.runId}: all ${ctx.planned} results in, finished`);
    return { committed, skipped: data.units.length - todo.length, stopped };
  }

  const worker = new Worker<UnitsJob>(
    target.name,
    async (job, token) => {
      stats.currentJobs.push(job.id!);
      try {
        return await processJob(job, token);
      } finally {
        stats.currentJobs.splice(stats.currentJobs.indexOf(job.id!), 1);
      }
    },
    {
      connection: bullRedis,
      prefix: target.prefix,
      name,
      concurrency: o.concurrency ?? 2,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      // A job may be recovered from several crashed workers before it counts as failed.
      maxStalledCount: 5,
    },
  );
  worker.on('completed', (job, r) => {
    stats.jobsProcessed++;
    log(`job ${job.id}: ${r.committed} committed, ${r.skipped} already done${r.stopped ? ` (run ${r.stopped})` : ''}`);
  });
  worker.on('failed', async (job, err) => {
    stats.jobsFailed++;
    if (!job) return;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    log(`job ${job.id}: ${final ? 'failed' : 'will retry'}: ${err.message}`);
    // A batch that can never be done leaves the run incomplete: say so where `heng run` and `heng runs` look.
    if (final) await failRun(o.store, job.data.runId).catch(() => undefined);
  });
  worker.on('error', (err) => (isConnectionError(err) ? queueDown(err) : log(`worker error: ${err.message}`)));
  await worker.waitUntilReady();
  log(`worker ${name} taking jobs from ${target.prefix}:${target.name} (concurrency ${o.concurrency ?? 2}, lock ${lockMs} ms)`);

  return {
    stats: () => ({ ...stats, currentJobs: [...stats.currentJobs] }),
    async health() {
      const [redis, db] = await Promise.all([
        withTimeout(
          limiterRedis.ping().then(() => true),
          2000,
        ),
        withTimeout(
          o.store.ping().then(() => true),
          2000,
        ),
      ]);
      return { ok: redis && db && !stopping, redis, db, stopping, ...stats, currentJobs: [...stats.currentJobs] };
    },
    async close() {
      if (stopping) return;
      stopping = true;
      await worker.close();
      await Promise.all([...contexts.values()].map((c) => c.then(closeRunContext, () => undefined)));
      contexts.clear();
      bullRedis.disconnect();
      limiterRedis.disconnect();
      stopReporting();
    },
  };
}

/** An error of the Redis connection itself (refused, reset, closed), not of a command. */
function isConnectionError(err: Error): boolean {
  const code = (err as { code?: string }).code;
  return (code !== undefined && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code)) || /Connection is closed|connect ETIMEDOUT|Socket closed/i.test(err.message);
}

function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  return Promise.race([p.catch(() => false), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
}
