// heng run heng.yaml [--resume <run-id>]
import { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { executeRun, type ExecuteResult } from '../../runs/execute.js';
import { prepare, requireTasks, type PreparedRun } from '../../engine/prepare.js';
import { parseLang } from '../../report/i18n.js';
import { closeProviders } from '../../runs/lifecycle.js';
import { planRun, planText } from '../../runs/plan.js';
import { runQueued } from '../../queue/enqueue.js';
import { loadReport } from '../../report/render.js';
import { terminalTable } from '../../report/text.js';
import { dbOption, positiveInt, positiveNumber, printJson, withStore } from '../common.js';
import { progressBar, gracefulStop } from '../progress.js';

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
    .option('--queue <url>', 'put the run on this Redis queue for `heng worker`s instead of running it here')
    .option('--detach', 'with --queue: return once the run is enqueued')
    .option('--batch-size <n>', 'with --queue: units per job (default 50)', positiveInt('--batch-size'))
    .option('--dry-run', 'check every item, print the plan, tokens, cost and time per provider; send nothing, create no run')
    .option('--lang <lang>', 'language of the --dry-run plan: zh or en (default: from LANG)')
    .addOption(dbOption())
    .action(async (configPath: string, opts) => {
      const loaded = loadConfig(configPath);
      if (opts.dryRun) {
        requireTasks(loaded);
        const prep = await prepare(loaded, { repeats: opts.repeats, concurrency: opts.concurrency, cache: opts.cache === false ? false : undefined });
        const plan = planRun(prep);
        if (opts.json) printJson(plan);
        else process.stdout.write(planText(plan, parseLang(opts.lang ?? (process.env.LANG?.toLowerCase().startsWith('zh') ? 'zh' : 'en'))));
        await closeProviders([...prep.providers, ...prep.judges]);
        return;
      }
      const code = await withStore(opts.db, async (store) => {
        const bar = progressBar();
        const stopper = gracefulStop();
        const overrides = { cache: opts.cache === false ? false : undefined, repeats: opts.repeats, concurrency: opts.concurrency, budgetCny: opts.budget };
        const onStart = (id: string, prep: PreparedRun, done: number) =>
          process.stderr.write(`run ${id}: ${prep.tasks.length} task(s) × ${prep.providers.length} provider(s)${done ? `, ${done} result(s) already stored` : ''}\n`);
        let result: Pick<ExecuteResult, 'runId' | 'status' | 'progress' | 'errorRate' | 'maxErrorRate'>;
        if (opts.queue) {
          const queued = await runQueued({
            store,
            loaded,
            queue: opts.queue,
            resumeId: opts.resume,
            batchSize: opts.batchSize,
            detach: opts.detach,
            overrides,
            signal: stopper.signal,
            onStart,
            onProgress: (p) => bar.update(p),
            log: (line) => process.stderr.write(`\n${line}\n`),
          });
          if (queued.status === 'running') {
            bar.end();
            process.stderr.write(`run ${queued.runId} continues on the workers (${queued.enqueued.jobs} job(s) queued): follow with "heng runs", stop with "heng cancel ${queued.runId}"\n`);
            if (opts.json) printJson({ runId: queued.runId, status: queued.status, enqueued: queued.enqueued });
            return 0;
          }
          result = queued;
        } else result = await executeRun({ store, loaded, resumeId: opts.resume, overrides, signal: stopper.signal, onStart, onProgress: (p) => bar.update(p) });
        bar.update(result.progress, true);
        bar.end();
        stopper.release();
        const { model } = await loadReport(store, result.runId);
        if (opts.json) printJson(model);
        else process.stderr.write(`${terminalTable(model)}\n`);
        if (result.status === 'interrupted') {
          process.stderr.write(`interrupted: resume with  heng run ${configPath} --resume ${result.runId}\n`);
          return 130;
        }
        if (result.status === 'cancelled' || result.status === 'failed') {
          process.stderr.write(`run ${result.status}: resume with  heng run ${configPath} --queue … --resume ${result.runId}\n`);
          return result.status === 'failed' ? 1 : 130;
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
