// What a worker needs to evaluate a run's units, rebuilt from the store:
// the stored config text parsed against the stored config path (so datasets
// resolve on the worker's own filesystem: the same paths, e.g. a shared
// volume), checked against the recorded task and dataset hashes.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { UnrecoverableError } from 'bullmq';
import { parseConfig } from '../config/load.js';
import type { RunOptions } from '../config/schema.js';
import { Semaphore } from '../engine/limits.js';
import { prepare } from '../engine/prepare.js';
import type { JudgeCosts, Limiter } from '../engine/run.js';
import type { ProviderSetup } from '../providers/index.js';
import type { Store } from '../store/store.js';
import type { Task } from '../tasks/task.js';
import type { Item } from '../types.js';
import { RedisLimiter, unlimited } from './redis-limiter.js';

export interface RunContext {
  runId: string;
  planned: number;
  /** The stored options this context was built from (store.getRunControl's key); a change (resume with new options) rebuilds it. */
  optionsKey: string;
  options: RunOptions;
  tasks: Map<string, { task: Task; items: Map<string, Item> }>;
  providers: Map<string, { setup: ProviderSetup; limiter: Limiter; slots: Semaphore }>;
  judgeCosts: JudgeCosts;
}

export interface LimiterSettings {
  redis: Redis;
  prefix: string;
  windowMs?: number;
  guardMs?: number;
}

export async function loadRunContext(store: Store, runId: string, limits: LimiterSettings): Promise<RunContext> {
  const [run, control] = await Promise.all([store.getRun(runId), store.getRunControl(runId)]);
  if (!run || !control) throw new UnrecoverableError(`run ${runId} is not in this worker's store (same --db as the server?)`);
  const { configFile = 'heng.yaml', ...options } = run.options;
  const loaded = parseConfig(run.configText, configFile);
  // One shared limiter per provider identity: candidates and judges alike keep the global limit.
  const limiterFor = (setup: ProviderSetup): Limiter => {
    const limit = setup.rateLimit;
    // Keyed by the provider's identity (endpoint + model), so runs that share a vendor account share its limit.
    const key = createHash('sha256').update(setup.provider.identity).digest('hex').slice(0, 16);
    return limit?.rpm || limit?.tpm ? new RedisLimiter(limits.redis, key, { ...limit, windowMs: limits.windowMs, guardMs: limits.guardMs }, limits.prefix) : unlimited;
  };
  let prep;
  try {
    prep = await prepare(loaded, options, store, limiterFor);
  } catch (err) {
    // Missing dataset files or API-key variables on this machine: retrying here will not help.
    throw new UnrecoverableError(`cannot rebuild run ${runId} from ${configFile}: ${(err as Error).message}`);
  }
  const recorded = new Map((await store.runTasks(runId)).map((t) => [t.taskId, t]));
  const tasks: RunContext['tasks'] = new Map();
  for (const task of prep.tasks) {
    const r = recorded.get(task.id);
    if (!r || r.taskHash !== task.version.taskHash || r.datasetHash !== task.version.datasetHash)
      throw new UnrecoverableError(`task "${task.id}" on this worker differs from the one run ${runId} recorded (dataset or prompt changed?): workers need the same files as the server`);
    tasks.set(task.id, { task, items: new Map(task.items.map((i) => [i.id, i])) });
  }
  const providers: RunContext['providers'] = new Map();
  for (const setup of prep.providers) providers.set(setup.provider.id, { setup, limiter: limiterFor(setup), slots: new Semaphore(Math.max(1, setup.concurrency)) });
  return { runId, planned: run.planned, optionsKey: control.optionsKey, options: prep.options, tasks, providers, judgeCosts: prep.judgeCosts };
}

export async function closeRunContext(ctx: RunContext): Promise<void> {
  await Promise.all([...ctx.providers.values()].map((p) => p.setup.provider.close?.()));
}
