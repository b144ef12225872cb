// heng runs: the runs in the store, newest first, with headline scores.
import { Command } from 'commander';
import { ci, pct } from '../../report/format.js';
import { dbOption, printJson, withStore } from '../common.js';

interface Headline {
  provider: string;
  n: number;
  score: number | null;
  ci95: [number, number] | null;
  errors: number;
}

export function register(program: Command) {
  program
    .command('runs')
    .description('list runs with status and headline scores')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'machine-readable output')
    .addOption(dbOption())
    .action(async (opts) => {
      await withStore(opts.db, async (store) => {
        const runs = await store.listRuns(Number(opts.limit));
        const rows = await Promise.all(
          runs.map(async (r) => ({
            id: r.id,
            name: r.name,
            status: r.status,
            createdAt: r.created_at,
            planned: r.planned,
            completed: await store.countResults(r.id),
            headline: (r.summary_json ? JSON.parse(r.summary_json) : []) as Headline[],
          })),
        );
        if (opts.json) return printJson({ runs: rows });
        if (!rows.length) return void process.stdout.write('no runs yet: try "heng demo"\n');
        for (const r of rows) {
          process.stdout.write(`${r.id}  ${r.status.padEnd(14)} ${r.completed}/${r.planned}  ${r.name ?? ''}\n`);
          for (const h of r.headline) process.stdout.write(`    ${h.provider.padEnd(24)} ${pct(h.score).padStart(6)} ${ci(h.ci95)}  n=${h.n}${h.errors ? `  errors=${h.errors}` : ''}\n`);
        }
      });
    });
}
