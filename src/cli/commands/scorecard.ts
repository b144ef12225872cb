// heng scorecard <run> [--weights k=v,…] [--config heng.yaml] [--workload file.yaml] [--json]:
// the weighted procurement scorecard of a run (docs/scorecard.md).
import { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { loadReport } from '../../report/render.js';
import { readSectionsFile, sourcesFromRun, type ScorecardSources } from '../../scorecard/sources.js';
import { applyWeightFlags, scorecardSchema } from '../../scorecard/spec.js';
import { scorecardText } from '../../scorecard/text.js';
import { dbOption, printJson, withStore } from '../common.js';

export function register(program: Command) {
  program
    .command('scorecard')
    .description('rank providers on weighted quality, safety, latency and cost, with hard requirements')
    .argument('<run>', 'run id, or "latest"')
    .option('--weights <list>', 'change weights, e.g. quality=3,safety=2,latency=1,cost=1,quality.math=2')
    .option('--config <file>', "take scorecard: and workload: from this heng.yaml instead of the run's")
    .option('--workload <file>', 'YAML workload profile (dailyUsers, conversationsPerUser, …)')
    .option('--safety-run <id...>', 'take safety verdicts from these `heng safety run` runs')
    .option('--json', 'print machine-readable JSON')
    .addOption(dbOption())
    .action(async (runRef: string, opts: { weights?: string; config?: string; workload?: string; json?: boolean; db?: string; safetyRun?: string[] }) => {
      await withStore(opts.db, async (store) => {
        const run = await store.getRun(runRef);
        if (!run) throw new InputError(`no run "${runRef}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
        const sources: ScorecardSources = sourcesFromRun(run);
        if (opts.config) {
          const { config } = loadConfig(opts.config);
          sources.spec = config.scorecard ?? scorecardSchema.parse({});
          if (config.workload) sources.workload = config.workload;
        }
        if (opts.workload) Object.assign(sources, readSectionsFile(opts.workload));
        if (opts.safetyRun) sources.spec = { ...sources.spec, safetyRuns: [...sources.spec.safetyRuns, ...opts.safetyRun] };
        if (opts.weights) {
          const dims = [...new Set((await store.runTasks(run.id)).map((t) => t.tags.dimension ?? t.taskId))];
          sources.spec = { ...sources.spec, weights: applyWeightFlags(sources.spec.weights, opts.weights, dims) };
        }
        const { model } = await loadReport(store, run.id, { sources });
        const p = model.procurement!;
        if (opts.json) printJson({ runId: run.id, ...p });
        else process.stdout.write(scorecardText(p, run.id));
      });
    });
}
