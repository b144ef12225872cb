// The CLI commands: top-level name → the module that registers it, with the
// line `heng --help` shows for it. One module per command (or command group).
// Modules load on demand so that `heng run` does not pay for the web server,
// Chromium bindings or the judges, and `heng --help` / `--version` load none
// (test/cli/manifest.test.ts checks each line against its module).
import { type Command, Help } from 'commander';

export type CommandModule = { register(program: Command): void };

export interface CommandEntry {
  load: () => Promise<CommandModule>;
  /** As commander prints it in the command list: name, `[options]`, arguments. */
  term: string;
  description: string;
}

export const commands: Record<string, CommandEntry> = {
  run: { load: () => import('./run.js'), term: 'run [options] <config>', description: 'evaluate the providers and tasks of a config file' },
  runs: { load: () => import('./runs.js'), term: 'runs [options]', description: 'list runs with status and headline scores' },
  report: { load: () => import('./report.js'), term: 'report [options] <run>', description: 'render the report of a run' },
  compare: { load: () => import('./compare.js'), term: 'compare [options] <run>', description: 'paired significance tests between providers on the same items of a run' },
  demo: { load: () => import('./demo.js'), term: 'demo [options]', description: 'run the built-in demo offline and write an HTML report' },
  providers: { load: () => import('./providers.js'), term: 'providers [options]', description: 'list vendor presets, their models and prices (CNY per million tokens)' },
  stats: { load: () => import('./stats.js'), term: 'stats', description: 'statistics on JSONL files of battles or preferences' },
  plan: { load: () => import('./plan.js'), term: 'plan [options]', description: 'items needed to detect an accuracy difference between two providers' },
  safety: { load: () => import('./safety.js'), term: 'safety', description: 'content-safety banks per TC260-003 / GB/T 45654-2025' },
  worker: { load: () => import('./worker.js'), term: 'worker [options]', description: 'take queued units from Redis and evaluate them (any number of machines)' },
  migrate: { load: () => import('./migrate.js'), term: 'migrate [options]', description: 'apply pending schema migrations to the store and list them' },
  cancel: { load: () => import('./cancel.js'), term: 'cancel [options] <run>', description: 'cancel a running queued run on all workers' },
  judge: {
    load: () => import('./judge.js'),
    term: 'judge [options] <run>',
    description: 'pairwise LLM judging of a run: each pair of answers judged in both orders; order-dependent verdicts count as ties',
  },
  arena: { load: () => import('./arena.js'), term: 'arena', description: 'blind arena: people vote between two anonymous answers; ratings and agreement' },
  serve: { load: () => import('./serve.js'), term: 'serve [options]', description: 'serve the REST API and the web app' },
  users: { load: () => import('./users.js'), term: 'users', description: 'accounts for heng serve' },
  tokens: { load: () => import('./users.js'), term: 'tokens', description: 'API tokens for heng serve' },
  datasets: { load: () => import('./datasets.js'), term: 'datasets', description: 'standard data sets: where they come from, pull, import, submissions' },
  tasks: { load: () => import('./tasks.js'), term: 'tasks', description: 'the task library: import your own question files, list tasks and their versions' },
  load: { load: () => import('./load.js'), term: 'load [options] [provider]', description: 'sweep concurrency against one provider within a request budget; find the knee' },
  scorecard: { load: () => import('./scorecard.js'), term: 'scorecard [options] <run>', description: 'rank providers on weighted quality, safety, latency and cost, with hard requirements' },
};

/** The command a CLI argv names (`heng help <name>` included), if it is one of Heng's. */
export function commandOf(argv: string[]): string | undefined {
  const [first, second] = [argv[2], argv[3]];
  const name = first === 'help' ? second : first;
  return name !== undefined && Object.hasOwn(commands, name) ? name : undefined;
}

/**
 * Registers what an argv needs: the named command's module, or, for the
 * command list (`--help`, `--version`, no or an unknown command), a
 * placeholder per command that only describes it — no module is loaded.
 */
export async function registerCommands(program: Command, argv: string[]): Promise<void> {
  const name = commandOf(argv);
  if (name !== undefined) {
    (await commands[name].load()).register(program);
    return;
  }
  for (const [key, entry] of Object.entries(commands)) program.command(key).description(entry.description);
  const plain = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => commands[cmd.name()]?.term ?? plain.subcommandTerm(cmd) });
}

/** Every command module, loaded (for tests and for tools that need the full command tree). */
export async function loadAllCommands(): Promise<CommandModule[]> {
  return [...new Set(await Promise.all(Object.values(commands).map((c) => c.load())))];
}
