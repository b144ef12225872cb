// The CLI commands: top-level name → the module that registers it. One module
// per command (or command group). Modules load on demand so that `heng run`
// does not pay for the web server, Chromium bindings or the judges.
import type { Command } from 'commander';

export type CommandModule = { register(program: Command): void };

export const commandModules: Record<string, () => Promise<CommandModule>> = {
  run: () => import('./run.js'),
  runs: () => import('./runs.js'),
  report: () => import('./report.js'),
  compare: () => import('./compare.js'),
  demo: () => import('./demo.js'),
  providers: () => import('./providers.js'),
  stats: () => import('./stats.js'),
  plan: () => import('./plan.js'),
  safety: () => import('./safety.js'),
  worker: () => import('./worker.js'),
  migrate: () => import('./migrate.js'),
  cancel: () => import('./cancel.js'),
  judge: () => import('./judge.js'),
  arena: () => import('./arena.js'),
  serve: () => import('./serve.js'),
  users: () => import('./users.js'),
  tokens: () => import('./users.js'),
  datasets: () => import('./datasets.js'),
  tasks: () => import('./tasks.js'),
  load: () => import('./load.js'),
  scorecard: () => import('./scorecard.js'),
};

/** The modules to load for an argv: just the named command's, or all (help, unknown names). */
export async function loadCommands(argv: string[]): Promise<CommandModule[]> {
  const name = argv[2];
  const wanted = name !== undefined && Object.hasOwn(commandModules, name) ? [commandModules[name]] : [...new Set(Object.values(commandModules))];
  const modules = await Promise.all(wanted.map((load) => load()));
  return [...new Set(modules)];
}
