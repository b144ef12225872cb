// The job format and how a run's plan is cut into jobs. A job is a batch of
// units of ONE provider and ONE task, so a worker needs one provider's slots
// and one task's items for it. Batches are cut from the full plan, so a
// batch's id is the same whenever the plan is enqueued: re-enqueueing is a
// no-op while the job is still queued, and resume only re-adds batches that
// still have missing units.
import { createHash } from 'node:crypto';
import { resultKey } from '../store/store.js';

export interface UnitsJob {
  /** Format version, bumped on incompatible changes. */
  v: 1;
  runId: string;
  providerId: string;
  taskId: string;
  /** [item id, repeat] pairs still to do when the job was enqueued. */
  units: Array<[string, number]>;
}

export const JOB_NAME = 'units';
export const DEFAULT_BATCH_SIZE = 50;

export interface PlannedJob {
  id: string;
  data: UnitsJob;
}

/** Deterministic and free of ':' (BullMQ rejects it in custom ids). */
export function jobIdFor(runId: string, providerId: string, taskId: string, batch: number): string {
  const pair = createHash('sha256').update(`${providerId}\u0000${taskId}`).digest('hex').slice(0, 12);
  return `${runId}.${pair}.${batch}`;
}

/**
 * Cut the plan into jobs of `batchSize` units per (provider, task), leaving
 * out units in `done` and batches left empty. Jobs of different providers
 * are interleaved so every provider's slots are busy from the start.
 */
/** Only a task's id and its items' ids are read, in plan order. */
export type PlannedTask = { id: string; items: ReadonlyArray<{ id: string }> };

export function planJobs(runId: string, tasks: readonly PlannedTask[], providerIds: string[], repeats: number, batchSize = DEFAULT_BATCH_SIZE, done?: Set<string>): PlannedJob[] {
  const perProvider = providerIds.map((providerId) => {
    const jobs: PlannedJob[] = [];
    for (const task of tasks) {
      let batch = 0;
      let units: Array<[string, number]> = [];
      let inBatch = 0;
      const close = () => {
        if (units.length) jobs.push({ id: jobIdFor(runId, providerId, task.id, batch), data: { v: 1, runId, providerId, taskId: task.id, units } });
        batch++;
        units = [];
        inBatch = 0;
      };
      for (const item of task.items)
        for (let repeat = 0; repeat < repeats; repeat++) {
          if (!done?.has(resultKey({ task_id: task.id, item_id: item.id, provider_id: providerId, repeat }))) units.push([item.id, repeat]);
          if (++inBatch === batchSize) close();
        }
      if (inBatch) close();
    }
    return jobs;
  });
  const out: PlannedJob[] = [];
  for (let i = 0; perProvider.some((jobs) => i < jobs.length); i++) for (const jobs of perProvider) if (i < jobs.length) out.push(jobs[i]);
  return out;
}
