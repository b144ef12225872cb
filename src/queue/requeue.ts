// A Redis that restarted without its data (or failed over to a replica that
// lacked the latest writes) has lost the run's queued jobs, while the store
// still knows exactly which units are missing. Whoever follows a run watches
// Redis's identity (INFO server run_id) and, when it changes, enqueues the
// batches that still have missing units again, under their usual ids: a
// batch that survived is not added twice, and a worker skips the units that
// were committed meanwhile. See docs/queue.md, "When the store or Redis goes away".
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Store } from '../store/store.js';
import { queueTarget, redisClient, type QueueTarget } from './connection.js';
import { JOB_NAME, planJobs, type UnitsJob } from './jobs.js';

/** Job options every batch is added with (the enqueue path and the requeue path alike). */
export const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** The Redis server's identity: a new value after every restart or failover. */
export async function redisRunId(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  const m = /^run_id:(\w+)/m.exec(info);
  if (!m) throw new Error('Redis INFO has no run_id');
  return m[1];
}

/** Add planned jobs under their ids (BullMQ ignores an id already present). */
export async function addJobs(queue: Queue<UnitsJob>, jobs: Array<{ id: string; data: UnitsJob }>): Promise<void> {
  for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500).map((j) => ({ name: JOB_NAME, data: j.data, opts: { ...JOB_OPTIONS, jobId: j.id } })));
}

/** The batches of a run that still have missing units, cut from the plan as it is recorded in the store. */
export async function missingJobs(store: Store, runId: string, batchSize: number) {
  const run = await store.getRun(runId);
  if (!run) return [];
  const [providers, rows, done] = await Promise.all([store.runProviders(runId), store.itemKeys(runId), store.doneKeys(runId)]);
  // planJobs reads only a task's id and its items' ids, in plan order.
  const tasks = new Map<string, { id: string; items: Array<{ id: string }> }>();
  for (const r of rows) {
    let t = tasks.get(r.taskId);
    if (!t) tasks.set(r.taskId, (t = { id: r.taskId, items: [] }));
    t.items.push({ id: r.itemId });
  }
  return planJobs(
    runId,
    [...tasks.values()],
    providers.map((p) => p.providerId),
    run.options.repeats,
    batchSize,
    done,
  );
}

export interface RequeueWatch {
  /** Check Redis's identity; after a change, re-add the run's missing batches. Returns how many batches were added (0: nothing to do or Redis away). */
  check(): Promise<number>;
  close(): void;
}

/**
 * Watch Redis for a restart while a run is followed. `knownRunId` is the
 * Redis identity the run's jobs were added to (Enqueued.redisRunId).
 */
export function watchForLostJobs(store: Store, runId: string, o: { queue: QueueTarget | string; batchSize: number; knownRunId?: string; log?: (line: string) => void }): RequeueWatch {
  const target = queueTarget(o.queue);
  // Fails fast while Redis is away (no offline queue): the follower only asks between polls.
  const probe = new Redis(target.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  let away = false;
  probe.on('error', () => {
    if (!away) o.log?.('queue (Redis) unavailable, retrying / 队列（Redis）不可用，正在重试');
    away = true;
  });
  let known = o.knownRunId;
  return {
    async check() {
      let now: string;
      try {
        now = await redisRunId(probe);
      } catch {
        return 0;
      }
      away = false;
      if (known === undefined || now === known) {
        known = now;
        return 0;
      }
      let jobs;
      const connection = redisClient(target.url);
      const queue = new Queue<UnitsJob>(target.name, { connection, prefix: target.prefix });
      try {
        jobs = await missingJobs(store, runId, o.batchSize);
        await addJobs(queue, jobs);
      } catch (err) {
        // Redis went again, or the store gave up: the next check tries again.
        o.log?.(`re-enqueueing run ${runId} failed, will retry: ${(err as Error).message}`);
        return 0;
      } finally {
        await queue.close().catch(() => undefined);
        connection.disconnect();
      }
      known = now;
      o.log?.(`Redis restarted: ${jobs.length} batch(es) with missing units enqueued again / Redis 已重启：重新入队 ${jobs.length} 个批次`);
      return jobs.length;
    },
    close() {
      probe.disconnect();
    },
  };
}
