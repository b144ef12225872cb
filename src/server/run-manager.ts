// Runs started over the API execute in this process, in the background,
// through the same executeRun as `heng run` (or, with a queue configured,
// are enqueued for `heng worker`s and followed here). The HTTP answer comes
// as soon as the run is recorded; progress is read from the store, so it is
// the same whoever executes the run.
import path from 'node:path';
import { parseConfig, type LoadedConfig } from '../config/load.js';
import { parseConfigOffThread, readYamlOffThread } from '../config/parse-off-thread.js';
import type { RunOptions } from '../config/schema.js';
import { executeRun } from '../runs/execute.js';
import { newRunId } from '../engine/prepare.js';
import type { QueueTarget } from '../queue/connection.js';
import { enqueueRun, followRun } from '../queue/enqueue.js';
import { cancelRun, finishRun } from '../runs/lifecycle.js';
import { withoutRetryBudget } from '../store/retry.js';
import type { RunStatus } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { ApiError, notFound } from './errors.js';
import { logSafe } from './log-text.js';
import { refuseCredentialHeaders } from './provider-entries.js';

interface Active {
  controller: AbortController;
  cancelled: boolean;
  done: Promise<void>;
}

export interface RunManagerOptions {
  /** Relative dataset paths in configs sent over the API resolve here. */
  workDir: string;
  /** redis://… (or url + key prefix): enqueue runs for workers instead of executing them here. */
  queue?: QueueTarget | string;
  /** Where background failures are reported (never with secrets: messages come from InputError/provider errors). */
  log?: (line: string) => void;
}

export class RunManager {
  private active = new Map<string, Active>();

  constructor(
    private store: Store,
    private options: RunManagerOptions,
  ) {}

  /** The path API configs are parsed against (it need not exist: only its folder matters). */
  get apiConfigFile(): string {
    return path.join(path.resolve(this.options.workDir), 'api.heng.yaml');
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Record a new run from config text and start it; resolves with its id once it is in the store. */
  async start(text: string, overrides: Partial<RunOptions>, file = this.apiConfigFile): Promise<string> {
    // Off the event loop: a hostile YAML must not stall every other request.
    const loaded = await parseConfigOffThread(text, file);
    // The config text is stored and shown to viewers: it may hold keys only by reference.
    loaded.config.providers.forEach((p, i) => refuseCredentialHeaders(p, `providers.${i}`));
    return this.launch(loaded, overrides);
  }

  /** Throws the InputError of a YAML text that cannot be read (read off the event loop). */
  async checkYaml(text: string): Promise<void> {
    await readYamlOffThread(text, this.apiConfigFile);
  }

  /** Continue a stopped run with its stored config and options. */
  async resume(runId: string): Promise<string> {
    const run = await this.store.getRun(runId);
    if (!run) throw notFound(`run "${runId}"`);
    if (this.active.has(runId)) throw new ApiError(409, `run ${runId} is running in this server`);
    if (run.status === 'done') throw new ApiError(409, `run ${runId} is done: nothing to resume`);
    const { configFile = this.apiConfigFile, ...options } = run.options;
    return this.launch(parseConfig(run.configText, configFile), options, runId);
  }

  /** Stop taking new work; requests in flight finish and are stored. */
  async cancel(runId: string): Promise<{ status: RunStatus; changed: boolean }> {
    const entry = this.active.get(runId);
    if (!entry) {
      if (!(await this.store.getRun(runId))) throw notFound(`run "${runId}"`);
      // Not ours (a queued run, or one left `running` by a crash): mark it; workers stop before their next unit.
      return cancelRun(this.store, runId);
    }
    entry.cancelled = true;
    await cancelRun(this.store, runId);
    entry.controller.abort();
    return { status: 'cancelled', changed: true };
  }

  /** Stop every run this server executes and wait for their stored state (server shutdown). */
  async close(): Promise<void> {
    const all = [...this.active.values()];
    for (const a of all) a.controller.abort();
    await Promise.all(all.map((a) => a.done));
  }

  private launch(loaded: LoadedConfig, overrides: Partial<RunOptions>, resumeId?: string): Promise<string> {
    const controller = new AbortController();
    const runId = resumeId ?? newRunId();
    const entry: Active = { controller, cancelled: false, done: Promise.resolve() };
    return new Promise<string>((resolve, reject) => {
      let started = false;
      const onStart = (id: string) => {
        started = true;
        this.active.set(id, entry);
        resolve(id);
      };
      // The run outlives the request that started it: it waits out a database outage as long as any background work.
      const work = withoutRetryBudget(() =>
        this.options.queue ? this.viaQueue(loaded, overrides, runId, resumeId, controller.signal, onStart) : this.inProcess(loaded, overrides, runId, resumeId, controller.signal, onStart),
      );
      entry.done = work
        .then(async () => {
          // The engine marks an aborted run `interrupted`; a cancel asked over the API is `cancelled`.
          if (entry.cancelled) await finishRun(this.store, runId, 'cancelled');
        })
        .catch((err: unknown) => {
          if (!started) reject(err);
          else this.options.log?.(`run ${runId} failed: ${logSafe((err as Error).message)}`);
        })
        .finally(() => this.active.delete(runId));
    });
  }

  private async inProcess(loaded: LoadedConfig, overrides: Partial<RunOptions>, runId: string, resumeId: string | undefined, signal: AbortSignal, onStart: (id: string) => void) {
    await executeRun({ store: this.store, loaded, overrides, resumeId, runId: resumeId ? undefined : runId, signal, onStart });
  }

  private async viaQueue(loaded: LoadedConfig, overrides: Partial<RunOptions>, runId: string, resumeId: string | undefined, signal: AbortSignal, onStart: (id: string) => void) {
    const enqueued = await enqueueRun({ store: this.store, loaded, queue: this.options.queue!, overrides, resumeId, runId: resumeId ? undefined : runId });
    onStart(enqueued.runId);
    // Following finishes the run (status done) once every result is in.
    // … and enqueues the missing batches again should Redis restart without its jobs.
    await followRun(this.store, enqueued.runId, { signal, requeue: { queue: this.options.queue!, batchSize: enqueued.batchSize, redisRunId: enqueued.redisRunId }, log: this.options.log });
  }
}
