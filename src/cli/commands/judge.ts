// `heng judge <run> --judge <provider> --providers a,b[,c]`: pairwise LLM
// judging of a finished run, both orders per battle (src/judges/pairwise.ts).
import path from 'node:path';
import type { Command } from 'commander';
import { runArenaStats } from '../../arena/arena.js';
import { loadConfig, parseConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { limitedProvider } from '../../judges/limited.js';
import { judgePairs } from '../../judges/pairwise.js';
import { resolvePrompt } from '../../judges/prompts.js';
import { setupProvider } from '../../providers/index.js';
import type { Store } from '../../store/store.js';
import { dbOption, printJson, withStore } from '../common.js';
import { gracefulStop } from '../progress.js';
import { parseProviderList, ratingTable, pct, seedOf } from './arena.js';

interface JudgeOptions {
  judge: string;
  providers: string;
  task?: string;
  config?: string;
  lang?: 'zh' | 'en';
  prompt?: string;
  seed: string;
  cache: boolean;
  json?: boolean;
  db?: string;
}

/** The judge provider from --config, else from the config the run was started with (keys from the environment). */
async function judgeProvider(store: Store, runId: string, id: string, configFile?: string) {
  const run = (await store.getRun(runId))!;
  const loaded = configFile ? loadConfig(configFile) : parseConfig(run.configText, run.options.configFile ?? path.resolve('heng.yaml'));
  const index = loaded.config.providers.findIndex((p) => p.id === id);
  if (index < 0)
    throw new InputError(
      `no provider "${id}" in ${configFile ?? `the config of run ${run.id}`}`,
      { field: '--judge' },
      `providers: ${loaded.config.providers.map((p) => p.id).join(', ')}; or pass --config with the judge's entry`,
    );
  const setup = await setupProvider(loaded.config.providers[index], index, { baseDir: loaded.baseDir, file: loaded.file, lineOf: loaded.lineOf, defaultConcurrency: 4 });
  return { provider: limitedProvider(setup), close: () => setup.provider.close?.(), concurrency: setup.concurrency, baseDir: loaded.baseDir };
}

export function register(program: Command): void {
  program
    .command('judge')
    .description('pairwise LLM judging of a run: each pair of answers judged in both orders; order-dependent verdicts count as ties')
    .argument('<run>', 'run id, or "latest"')
    .requiredOption('--judge <provider>', 'provider id of the judge (from the run config, or --config)')
    .requiredOption('--providers <list>', 'providers to compare, comma-separated (at least two)')
    .option('--task <id>', 'only this task')
    .option('--config <file>', 'heng.yaml holding the judge provider (default: the run config)')
    .option('--lang <zh|en>', 'judge prompt language (default: the question language)')
    .option('--prompt <id|file>', 'a pairwise judge prompt (built-in id or YAML file)')
    .option('--seed <n>', 'seed for the bootstrap (the order shown is secret and random)', '0')
    .option('--no-cache', 'do not reuse cached judge responses')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (runArg: string, o: JudgeOptions) => {
      if (o.lang && o.lang !== 'zh' && o.lang !== 'en') throw new InputError(`--lang must be zh or en, got "${o.lang}"`, { field: '--lang' });
      await withStore(o.db, async (store) => {
        const run = await store.getRun(runArg);
        if (!run) throw new InputError(`no run "${runArg}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
        const providers = parseProviderList(o.providers);
        const judge = await judgeProvider(store, run.id, o.judge, o.config);
        try {
          const prompt = o.prompt ? resolvePrompt(o.prompt, judge.baseDir, ['pairwise', 'pairwise-reference'], { field: '--prompt' }) : undefined;
          const tty = process.stderr.isTTY;
          // Ctrl-C: judgments in flight finish and are stored; running the command again judges the rest.
          const stopper = gracefulStop();
          const summary = await judgePairs(store, {
            runId: run.id,
            judge: judge.provider,
            providers,
            taskId: o.task,
            lang: o.lang,
            prompt,
            seed: seedOf(o.seed),
            concurrency: judge.concurrency,
            cache: o.cache,
            signal: stopper.signal,
            onProgress: (done, total) => tty && process.stderr.write(`\rjudged ${done}/${total}\x1b[K`),
          }).finally(() => stopper.release());
          if (tty) process.stderr.write('\n');
          if (!summary.complete) process.stderr.write('stopped: run the same command again to judge the remaining battle(s)\n');
          const stats = await runArenaStats(store, run.id, { seed: seedOf(o.seed) });
          const mine = stats.judges.find((j) => j.judge === `judge:${o.judge}`);
          if (o.json) return printJson({ runId: run.id, judge: o.judge, ...summary, result: mine ?? null });
          const out = process.stdout;
          out.write(
            `run ${run.id}, judge ${o.judge}: ${summary.battles} battle(s), ${summary.judged} judged now, ${summary.skipped} judged before, ${summary.unparseable} unreadable, ${summary.errors.length} judge error(s)\n`,
          );
          for (const e of summary.errors.slice(0, 5)) out.write(`  ${e.battleId}: ${e.error}\n`);
          if (!mine) return;
          out.write(`position bias: ${mine.flips} of ${mine.battles} verdict(s) flipped when the answers were swapped (${pct(mine.flipRate)}), counted as ties\n\n`);
          out.write(ratingTable(mine.winRates, mine.ratings));
        } finally {
          await judge.close();
        }
      });
    });
}
