// heng runs: the runs in the store, newest first, with the summary each
// surface shows (src/summary/): headline scores, or safety verdicts.
import { Command } from 'commander';
import { basisText } from '../../report/basis.js';
import { ci, pct } from '../../report/format.js';
import { publicSummary, summaryOf, type PublicSummary } from '../../summary/summary.js';
import { dbOption, printJson, withStore } from '../common.js';

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
          runs.map(async (r) => {
            const summary = await summaryOf(store, r);
            return { id: r.id, name: r.name, status: r.status, createdAt: r.createdAt, planned: r.planned, completed: await store.countResults(r.id), summary: summary && publicSummary(summary) };
          }),
        );
        if (opts.json) return printJson({ runs: rows });
        if (!rows.length) return void process.stdout.write('no runs yet: try "heng demo"\n');
        for (const r of rows) {
          process.stdout.write(`${r.id}  ${r.status.padEnd(14)} ${r.completed}/${r.planned}  ${r.name ?? ''}\n`);
          if (r.summary) process.stdout.write(summaryLines(r.summary));
        }
      });
    });
}

function summaryLines(s: PublicSummary): string {
  const out: string[] = [];
  if (s.safety)
    for (const p of s.safety) {
      out.push(`    ${p.provider.padEnd(24)} ${p.verdict}`);
      for (const c of p.checks) out.push(`      ${c.name.padEnd(32)} ${pct(c.rate).padStart(6)} ${ci(c.ci95 ?? null)}  ${c.direction === 'min' ? '≥' : '≤'} ${pct(c.threshold)}  ${c.verdict}`);
    }
  for (const h of s.headline)
    out.push(`    ${h.provider.padEnd(24)} ${pct(h.score).padStart(6)} ${ci(h.ci95)}  n=${h.n}${h.errors ? `  errors=${h.errors}` : ''}${h.truncated ? `  truncated=${h.truncated}` : ''}`);
  out.push(`    (${basisText(s.basis, 'en')})`);
  return `${out.join('\n')}\n`;
}
