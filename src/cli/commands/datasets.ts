// heng datasets list | pull <name> | import <name> <path> | safetybench-submission <run>
// The work modules load on use: every command is registered at start-up.
import { writeOutputFile } from '../../report/write-file.js';
import type { Command } from 'commander';
import type { Manifest } from '../../datasets/pull.js';
import { InputError } from '../../errors.js';
import { dbOption, printJson, withStore } from '../common.js';

/** File names and paths from the user's disk, printed to a terminal: no control characters. */
const plain = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

function printManifest(m: Manifest) {
  process.stdout.write(`${m.name}: ${m.via === 'pull' ? 'downloaded' : 'imported'} from ${plain(m.from)}\n`);
  for (const f of m.files) process.stdout.write(`  ${plain(f.path)}  sha256 ${f.sha256}  ${f.bytes} bytes\n`);
}

export function register(program: Command) {
  const datasets = program.command('datasets').description('standard data sets: where they come from, pull, import, submissions');

  datasets
    .command('list')
    .description('the data sets packs use, their official sources, where Heng looks for them and whether they are here')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const [{ datasetStatus }, { dataRoot }] = await Promise.all([import('../../datasets/pull.js'), import('../../datasets/catalog.js')]);
      const list = datasetStatus();
      if (opts.json) return printJson({ dataDir: dataRoot(), datasets: list });
      process.stdout.write(`data dir: ${plain(dataRoot())}  (set HENG_DATA to move it)\n\n`);
      for (const d of list) {
        process.stdout.write(`${d.name.padEnd(12)} ${d.present ? 'present' : 'absent '}  ${d.pullable ? 'pull' : 'import'}  ${d.title} — ${d.source} (${d.licence})\n`);
        process.stdout.write(`${' '.repeat(13)}${plain(d.path)}${d.present ? '' : `\n${' '.repeat(13)}expects: ${d.layout}`}\n`);
      }
    });

  datasets
    .command('pull')
    .description('download a data set from its official release, verified against the pinned sha256')
    .argument('<name>', 'data set name (see "heng datasets list")')
    .option('--base-url <url>', 'download from this mirror instead: <url>/<name>/<file> (also $HENG_DATASETS_BASE_URL)')
    .option('--json', 'machine-readable output')
    .action(async (name: string, opts) => {
      const { pullDataset } = await import('../../datasets/pull.js');
      const m = await pullDataset(name, { baseUrl: opts.baseUrl });
      if (opts.json) printJson(m);
      else printManifest(m);
    });

  datasets
    .command('import')
    .description('copy a manual download (file or folder) into the data dir after checking its format; records sha256')
    .argument('<name>', 'data set name')
    .argument('<path>', 'the file or folder as the authors publish it')
    .option('--json', 'machine-readable output')
    .action(async (name: string, source: string, opts) => {
      const { importDataset } = await import('../../datasets/pull.js');
      const m = await importDataset(name, source);
      if (opts.json) printJson(m);
      else printManifest(m);
    });

  datasets
    .command('safetybench-submission')
    .description("write a run's SafetyBench test predictions in the leaderboard's format {id: option index}")
    .argument('<run>', 'run id, or "latest"')
    .option('--provider <id>', 'whose answers (needed when the run has several providers)')
    .option('--out <file>', 'write here instead of stdout')
    .addOption(dbOption())
    .action(async (runRef: string, opts) => {
      const { safetyBenchSubmission } = await import('../../benchmarks/safetybench.js');
      await withStore(opts.db, async (store) => {
        const run = await store.getRun(runRef);
        if (!run) throw new InputError(`no run "${runRef}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
        const tasks = (await store.runTasks(run.id)).filter((t) => t.tags.benchmark === 'safetybench');
        if (!tasks.length) throw new InputError(`run ${run.id} has no SafetyBench tasks`, { field: 'run' }, 'run "- pack: safetybench" with split: test');
        const providers = (await store.runProviders(run.id)).map((p) => p.providerId);
        const provider = opts.provider ?? (providers.length === 1 ? providers[0] : undefined);
        if (!provider || !providers.includes(provider))
          throw new InputError(opts.provider ? `no provider "${opts.provider}" in run ${run.id}` : 'the run has several providers', { field: '--provider' }, `one of: ${providers.join(', ')}`);
        const ids = new Set(tasks.map((t) => t.taskId));
        const rows = (await store.results(run.id)).filter((r) => ids.has(r.task_id) && r.provider_id === provider && r.repeat === 0);
        const submission = safetyBenchSubmission(rows.map((r) => ({ itemId: r.item_id, extracted: r.extracted })));
        const text = `${JSON.stringify(submission, null, 2)}\n`;
        if (opts.out) {
          writeOutputFile(opts.out, text);
          const missing = Object.values(submission).filter((v) => v === -1).length;
          process.stderr.write(`wrote ${opts.out}: ${rows.length} answers, ${missing} without a readable option (-1)\n`);
        } else process.stdout.write(text);
      });
    });
}
