// heng load <provider> --max-requests N [--rpm N]: concurrency sweep of one
// provider of a config, within a request budget; finds the knee (docs/load.md).
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { promptMixHash, BUILT_IN_PROMPTS, readPromptFile } from '../../capacity/prompts.js';
import { LoadSweeps, type LoadRecord } from '../../capacity/store.js';
import { runSweep } from '../../capacity/sweep.js';
import { loadTable, stepRow } from '../../capacity/table.js';
import { setupProvider } from '../../providers/index.js';
import { VERSION } from '../../version.js';
import { dbOption, positiveInt, positiveNumber, printJson, withStore } from '../common.js';
import { gracefulStop } from '../progress.js';

export function register(program: Command) {
  program
    .command('load')
    .description('sweep concurrency against one provider within a request budget; find the knee')
    .argument('[provider]', 'provider id in the config')
    .option('--config <file>', 'heng.yaml with the provider', 'heng.yaml')
    .option('--max-requests <n>', 'total requests the sweep may send (required)', positiveInt('--max-requests'))
    .option('--rpm <n>', "requests per minute, never exceeded (default: the provider's rateLimit.rpm)", positiveInt('--rpm'))
    .option('--max-concurrency <n>', 'highest concurrency step (1, 2, 4, … up to this)', positiveInt('--max-concurrency'), 32)
    .option('--step-seconds <s>', 'length of each step', positiveNumber('--step-seconds'), 30)
    .option('--prompts <file>', 'JSONL prompt mix ({"prompt"} or {"messages"} per line; default: built-in mix)')
    .option('--max-tokens <n>', 'max output tokens per request', positiveInt('--max-tokens'), 512)
    .option('--timeout <ms>', 'per-request timeout', positiveInt('--timeout'), 60_000)
    .option('--list', 'list stored sweeps instead of running one')
    .option('--json', 'print machine-readable JSON')
    .addOption(dbOption())
    .action(async (providerId: string | undefined, opts) => {
      if (opts.list) {
        const recs = await withStore(opts.db, (store) => new LoadSweeps(store).list());
        const mine = providerId ? recs.filter((r) => r.provider === providerId) : recs;
        if (opts.json) printJson(mine);
        else process.stdout.write(mine.length ? `${mine.map(loadTable).join('\n\n')}\n` : 'no load sweeps stored\n');
        return;
      }
      if (!providerId) throw new InputError('which provider?', { field: 'provider' }, 'heng load <provider-id> --max-requests 500');
      if (!opts.maxRequests) throw new InputError('a load sweep needs a request budget', { field: '--max-requests' }, 'e.g. --max-requests 500 --rpm 120: the sweep never sends more');
      const loaded = loadConfig(opts.config);
      const index = loaded.config.providers.findIndex((p) => p.id === providerId);
      if (index < 0)
        throw new InputError(`no provider "${providerId}" in the config`, { file: loaded.file, field: 'providers' }, `its providers: ${loaded.config.providers.map((p) => p.id).join(', ')}`);
      const setup = await setupProvider(loaded.config.providers[index], index, { baseDir: loaded.baseDir, file: loaded.file, lineOf: loaded.lineOf, defaultConcurrency: 1 });
      if (setup.provider.recorded) throw new InputError(`provider "${providerId}" replays recorded answers: there is no service to load`, { file: loaded.file, field: `providers.${index}.type` });
      const prompts = opts.prompts ? readPromptFile(opts.prompts) : BUILT_IN_PROMPTS;
      const rpm: number | undefined = opts.rpm ?? setup.rateLimit?.rpm;
      const options = {
        maxRequests: opts.maxRequests,
        rpm: rpm ?? null,
        maxConcurrency: opts.maxConcurrency,
        stepMs: opts.stepSeconds * 1000,
        maxTokens: opts.maxTokens,
        timeoutMs: opts.timeout,
        prompts: opts.prompts ?? 'built-in',
        promptMixHash: promptMixHash(prompts),
      };
      const stopper = gracefulStop();
      const createdAt = new Date().toISOString();
      process.stderr.write(`heng load ${providerId}: up to ${opts.maxRequests} request(s)${rpm ? `, at most ${rpm}/min` : ''}, steps of ${opts.stepSeconds}s\n`);
      let sweep;
      try {
        sweep = await runSweep(setup.provider, {
          budget: { maxRequests: opts.maxRequests, rpm },
          maxConcurrency: opts.maxConcurrency,
          stepMs: options.stepMs,
          maxTokens: opts.maxTokens,
          timeoutMs: opts.timeout,
          prompts,
          signal: stopper.signal,
          onStep: (s) => process.stderr.write(`  concurrency ${s.concurrency}: ${stepRow(s).slice(1, 9).join(' · ')}\n`),
        });
      } finally {
        stopper.release();
        await setup.provider.close?.();
      }
      const rec: LoadRecord = {
        id: `load-${createdAt.replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(3).toString('hex')}`,
        provider: providerId,
        identity: setup.provider.identity,
        model: setup.provider.model,
        createdAt,
        finishedAt: new Date().toISOString(),
        options: { ...options, kneeRule: sweep.rule },
        stop: sweep.stop,
        knee: sweep.knee,
        requestsSent: sweep.requestsSent,
        hengVersion: VERSION,
        steps: sweep.steps,
      };
      await withStore(opts.db, (store) => new LoadSweeps(store).save(rec));
      if (opts.json) printJson(rec);
      else process.stdout.write(`${loadTable(rec)}\n`);
    });
}
