// heng run heng.yaml [--resume <run-id>]
import { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { executeRun } from '../../engine/execute.js';
import { loadReport } from '../../report/render.js';
import { terminalTable } from '../../report/text.js';
import { dbOption, positiveInt, positiveNumber, printJson, withStore } from '../common.js';
import { progressBar } from '../progress.js';

export function register(program: Command) {
  program
    .command('run')
    .description('evaluate the providers and tasks of a config file')
    .argument('<config>', 'heng.yaml')
    .option('--resume <run-id>', 'finish an interrupted run without redoing stored results')
    .option('--no-cache', 'do not reuse cached responses')
    .option('--repeats <n>', 'samples per item', positiveInt('--repeats'))
    .option('--concurrency <n>', 'default concurrent requests per provider', positiveInt('--concurrency'))
    .option('--budget <cny>', 'stop sending new requests once this many CNY are spent', positiveNumber('--budget'))
    .option('--json', 'print the JSON report on stdout when the run ends')
    .addOption(dbOption())
    .action(async (configPath: string, opts) => {
      const loaded = loadConfig(configPath);
      const code = await withStore(opts.db, async (store) => {
        const bar = progressBar();
        const controller = new AbortController();
        const stop = () => {
          if (controller.signal.aborted) process.exit(130);
          process.stderr.write('\nstopping: finishing requests in flight (Ctrl-C again to quit now)…\n');
          controller.abort();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        const result = await executeRun({
          store,
          loaded,
          resumeId: opts.resume,
          overrides: { cache: opts.cache === false ? false : undefined, repeats: opts.repeats, concurrency: opts.concurrency, budgetCny: opts.budget },
          signal: controller.signal,
          onStart: (id, prep, done) =>
            process.stderr.write(`run ${id}: ${prep.tasks.length} task(s) × ${prep.providers.length} provider(s)${done ? `, ${done} result(s) already stored` : ''}\n`),
          onProgress: (p) => bar.update(p),
        });
        bar.update(result.progress, true);
        bar.end();
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        const { model } = await loadReport(store, result.runId);
        if (opts.json) printJson(model);
        else process.stderr.write(`${terminalTable(model)}\n`);
        if (result.status === 'interrupted') {
          process.stderr.write(`interrupted: resume with  heng run ${configPath} --resume ${result.runId}\n`);
          return 130;
        }
        if (result.status === 'stopped_budget') process.stderr.write(`budget reached: raise --budget and resume with --resume ${result.runId}\n`);
        if (result.errorRate > result.maxErrorRate) {
          process.stderr.write(`provider errors ${(result.errorRate * 100).toFixed(1)}% > allowed ${(result.maxErrorRate * 100).toFixed(1)}% (run.maxErrorRate)\n`);
          return 1;
        }
        return 0;
      });
      process.exitCode = code;
    });
}
