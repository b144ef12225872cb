// From a loaded config to what a run needs: Tasks, providers, options and the
// config's hash (src/runs/lifecycle.ts records the run from them).
import { randomBytes } from 'node:crypto';
import { packs } from '../benchmarks/index.js';
import { closest, type LoadedConfig } from '../config/load.js';
import { MAX_PLAN_UNITS } from '../config/run-options.js';
import type { RunOptions } from '../config/schema.js';
import { InputError } from '../errors.js';
import { setupProvider, type ProviderSetup } from '../providers/index.js';
import type { Store } from '../store/store.js';
import { sha256 } from '../tasks/hash.js';
import { loadTask } from '../tasks/load.js';
import type { Task } from '../tasks/task.js';
import { limitedProvider } from '../judges/limited.js';
import { judgeCache, type JudgeCache } from '../judges/ask.js';
import type { Provider } from '../types.js';
import type { JudgeCosts, Limiter } from './run.js';

export interface PreparedRun {
  tasks: Task[];
  /** The providers evaluated (every one without `role: judge`). */
  providers: ProviderSetup[];
  /** Providers with `role: judge`: used by judge scorers only. */
  judges: ProviderSetup[];
  /** Cost of a reply from any provider a scorer may ask as a judge (a judge can be any provider of the config). */
  judgeCosts: JudgeCosts;
  options: RunOptions;
  configHash: string;
}

/**
 * `store`, when given, lets judge scorers use the response cache (unless
 * run.cache is off). `limiterFor` gives the rate limiter of a provider asked
 * as a judge (default: in-process; workers pass the shared Redis one).
 */
export async function prepare(loaded: LoadedConfig, overrides: Partial<RunOptions> = {}, store?: Store, limiterFor?: (setup: ProviderSetup) => Limiter): Promise<PreparedRun> {
  const options = { ...loaded.config.run, ...stripUndefined(overrides) };
  // Providers first: judge scorers look their judge up when a task loads.
  const setups: ProviderSetup[] = [];
  for (const [i, entry] of loaded.config.providers.entries())
    setups.push(await setupProvider(entry, i, { baseDir: loaded.baseDir, file: loaded.file, lineOf: loaded.lineOf, defaultConcurrency: options.concurrency }));
  const providers = setups.filter((s) => s.entry.role !== 'judge');
  const judges = setups.filter((s) => s.entry.role === 'judge');
  if (!providers.length)
    throw new InputError('every provider has role: judge; nothing to evaluate', { file: loaded.file, line: loaded.lineOf(['providers']), field: 'providers' }, 'add a provider without role: judge');
  const scorers = judgeContext(setups, store && options.cache ? judgeCache(store) : undefined, limiterFor);
  const tasks: Task[] = [];
  for (const entry of loaded.tasks) {
    const line = loaded.lineOf(['tasks', entry.index]);
    if (entry.kind === 'pack') {
      const pack = packs[entry.spec.pack];
      if (!pack) {
        const near = closest(entry.spec.pack, Object.keys(packs));
        throw new InputError(
          `unknown benchmark pack "${entry.spec.pack}"`,
          { file: loaded.file, line, field: `tasks.${entry.index}.pack` },
          near ? `did you mean "${near}"?` : `known packs: ${Object.keys(packs).join(', ') || '(none)'}`,
        );
      }
      tasks.push(...[await pack(entry.spec, { baseDir: loaded.baseDir, file: loaded.file, line, ...scorers })].flat());
    } else tasks.push(await loadTask(entry.spec, { baseDir: loaded.baseDir, file: loaded.file, line, ...scorers }));
  }
  checkPlanSize(loaded, tasks, providers.length, options.repeats);
  const judgeCosts: JudgeCosts = new Map(setups.map((s) => [s.provider.id, s.cost]));
  return { tasks, providers, judges, judgeCosts, options, configHash: sha256(loaded.text) };
}

function checkPlanSize(loaded: LoadedConfig, tasks: Task[], providers: number, repeats: number): void {
  const items = tasks.reduce((n, t) => n + t.items.length, 0);
  const units = items * repeats * providers;
  if (units > MAX_PLAN_UNITS)
    throw new InputError(
      `the run plans ${units.toLocaleString('en')} units (${items} items × ${repeats} repeats × ${providers} providers); at most ${MAX_PLAN_UNITS.toLocaleString('en')} are allowed`,
      { file: loaded.file, line: loaded.lineOf(['run', 'repeats']) ?? loaded.lineOf(['tasks']), field: 'run.repeats' },
      'lower run.repeats, sample the datasets, or split the run',
    );
}

/** `heng run` needs tasks; a config with only a `safety:` section is for `heng safety run`. */
export function requireTasks(loaded: LoadedConfig): void {
  if (loaded.tasks.length === 0)
    throw new InputError(
      'the config lists no tasks to run',
      { file: loaded.file, line: loaded.lineOf(['safety']), field: 'tasks' },
      `its "safety:" section runs with "heng safety run ${loaded.file}"; add tasks: to evaluate capabilities`,
    );
}

/** What judge scorers need: every provider by id (judge requests keep to its concurrency and rate limit), and which are judges. */
export function judgeContext(
  setups: ProviderSetup[],
  cache?: JudgeCache,
  limiterFor?: (setup: ProviderSetup) => Limiter,
): { providers: Map<string, Provider>; judges: string[]; judgeCache?: JudgeCache } {
  return {
    providers: new Map(setups.map((s) => [s.provider.id, limitedProvider(s, limiterFor?.(s))])),
    judges: setups.filter((s) => s.entry.role === 'judge').map((s) => s.provider.id),
    ...(cache ? { judgeCache: cache } : {}),
  };
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
