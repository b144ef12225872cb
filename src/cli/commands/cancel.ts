// heng cancel <run>: stop a queued run on every worker (they check the run's
// status before each unit). Resume later with heng run … --queue … --resume <run>.
import { Command } from 'commander';
import { cancelRun } from '../../runs/lifecycle.js';
import { dbOption, printJson, withStore } from '../common.js';

export function register(program: Command) {
  program
    .command('cancel')
    .description('cancel a running queued run on all workers')
    .argument('<run>', 'run id')
    .option('--json', 'machine-readable output')
    .addOption(dbOption())
    .action(async (runId: string, opts) => {
      await withStore(opts.db, async (store) => {
        const { status, changed } = await cancelRun(store, runId);
        if (opts.json) return printJson({ runId, status, changed });
        process.stdout.write(changed ? `run ${runId} cancelled\n` : `run ${runId} is ${status}: nothing to cancel\n`);
      });
    });
}
