// heng compare <run> --providers a,b[,c…] [--task t] [--json]: paired tests
// of every provider pair on the same items of a run, Holm-corrected.
import type { Command } from 'commander';
import type { PairComparison } from '../../compare/compare.js';
import { compareRun, type RunComparison } from '../../compare/run.js';
import { InputError } from '../../errors.js';
import { pointsInterval, pValue, signedPoints } from '../../report/format.js';
import { dbOption, printJson, withStore } from '../common.js';

export function register(program: Command) {
  program
    .command('compare')
    .description('paired significance tests between providers on the same items of a run')
    .argument('<run>', 'run id, or "latest"')
    .requiredOption('--providers <ids>', 'comma-separated provider ids, at least two')
    .option('--task <id>', 'compare on this task only (default: all tasks pooled)')
    .option('--json', 'print machine-readable JSON')
    .addOption(dbOption())
    .action(async (runRef: string, opts: { providers: string; task?: string; json?: boolean; db?: string }) => {
      const providers = parseProviders(opts.providers);
      const result = await withStore(opts.db, async (store) => {
        const run = await store.getRun(runRef);
        if (!run) throw new InputError(`no run "${runRef}" in the store`, { field: 'run' }, 'list runs with `heng runs`');
        const known = (await store.runProviders(run.id)).map((p) => p.providerId);
        const unknown = providers.filter((p) => !known.includes(p));
        if (unknown.length) throw new InputError(`run ${run.id} has no provider ${unknown.map((p) => `"${p}"`).join(', ')}`, { field: 'providers' }, `its providers: ${known.join(', ')}`);
        if (opts.task !== undefined) {
          const tasks = (await store.runTasks(run.id)).map((t) => t.taskId);
          if (!tasks.includes(opts.task)) throw new InputError(`run ${run.id} has no task "${opts.task}"`, { field: 'task' }, `its tasks: ${tasks.join(', ')}`);
        }
        return compareRun(store, run, { providers, task: opts.task });
      });
      if (opts.json) printJson(result);
      else process.stdout.write(renderText(result));
    });
}

export function parseProviders(list: string): string[] {
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const distinct = [...new Set(ids)];
  if (distinct.length < 2) throw new InputError(`need at least two distinct providers, got "${list}"`, { field: 'providers' }, 'e.g. --providers qwen-max,deepseek-chat');
  return distinct;
}

function renderText(r: RunComparison): string {
  const lines = [`run ${r.runId} · ${r.task === null ? 'all tasks pooled' : `task ${r.task}`} · seed ${r.seed} · Holm-corrected, α = ${r.alpha}`, ''];
  for (const c of r.comparisons) lines.push(...describe(c), '');
  return `${lines.join('\n')}`;
}

function describe(c: PairComparison): string[] {
  const verdict = c.pHolm === null ? 'no comparable items' : c.significant ? (c.difference! > 0 ? `${c.a} better` : `${c.b} better`) : 'not significantly different';
  const test = c.mcnemar ? `McNemar exact (discordant ${c.mcnemar.b}/${c.mcnemar.c})` : 'paired bootstrap';
  const out = [
    `${c.a} vs ${c.b}: ${verdict}`,
    `  difference ${signedPoints(c.difference)}  95% CI ${pointsInterval(c.ci95)}  (${c.method}, n = ${c.n})`,
    `  p = ${pValue(c.pValue)} (${test})  Holm p = ${pValue(c.pHolm)}`,
  ];
  if (c.dropped.total)
    out.push(
      `  dropped ${c.dropped.total}: ${Object.entries(c.dropped.reasons)
        .map(([why, k]) => `${why} ×${k}`)
        .join(', ')}`,
    );
  return out;
}
