// `heng providers [--json]`: the vendor presets, their models and dated
// prices. Also exports probeProvider, which `heng providers test <id>` (wired
// by the config loader) uses to send one tiny request.
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { setupProvider } from '../../providers/index.js';
import type { Price } from '../../providers/config.js';
import { explainError, type Explanation } from '../../providers/explain.js';
import { costCny, stalePriceWarning } from '../../providers/prices.js';
import { checkProvider, formatCheck } from './providers-check.js';
import type { Provider, Usage } from '../../types.js';

import { listPresets, type PresetListing } from '../../providers/presets/listing.js';

export { listPresets, type PresetListing } from '../../providers/presets/listing.js';

export interface ProbeReport {
  providerId: string;
  model: string;
  ok: boolean;
  status: string;
  latencyMs: number;
  ttftMs?: number;
  usage?: Usage;
  /** CNY; absent when the price is unknown. */
  costCny?: number;
  /** The start of the answer, for a glance. */
  answer?: string;
  error?: { code?: string; message: string; httpStatus?: number };
  explanation?: Explanation;
}

/** Sends one tiny request and reports latency, tokens, cost, or the failure in plain words. */
export async function probeProvider(provider: Provider, opts: { price?: Price; timeoutMs?: number } = {}): Promise<ProbeReport> {
  const result = await provider.complete(
    { messages: [{ role: 'user', content: '请只回答“好”。Reply with one word: OK.' }], maxTokens: 16, temperature: 0 },
    { runId: 'probe', taskId: 'probe', itemId: 'probe', repeat: 0, timeoutMs: opts.timeoutMs ?? 30_000 },
  );
  const report: ProbeReport = { providerId: provider.id, model: provider.model, ok: result.status === 'ok', status: result.status, latencyMs: Math.round(result.timing.totalMs) };
  if (result.timing.ttftMs !== undefined) report.ttftMs = Math.round(result.timing.ttftMs);
  if (result.usage) {
    report.usage = result.usage;
    const cost = costCny(result.usage, opts.price);
    if (cost !== undefined) report.costCny = cost;
  }
  if (result.status === 'ok') report.answer = result.text.slice(0, 80);
  if (result.error) report.error = { code: result.error.code, message: result.error.message, httpStatus: result.error.httpStatus };
  const explanation = explainError(result);
  if (explanation) report.explanation = explanation;
  return report;
}

const yuan = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 1 ? 3 : 2));

function printText(list: PresetListing[]): void {
  const out: string[] = [];
  let stale = 0;
  for (const p of list) {
    out.push(`${p.id}  ${p.name.zh} / ${p.name.en}`);
    out.push(`  ${p.baseUrl ?? '(baseUrl: your deployment)'}${p.keyless ? '  (no key needed)' : ''}`);
    for (const m of p.models) {
      const price = m.price
        ? `¥${yuan(m.price.inputPerMillion)} in / ¥${yuan(m.price.outputPerMillion)} out per M tokens${m.price.cachedInputPerMillion !== undefined ? `, cached ¥${yuan(m.price.cachedInputPerMillion)}` : ''} (${m.price.date})`
        : 'price unknown';
      const old = stalePriceWarning(m.price);
      if (old) stale++;
      out.push(`    ${m.model.padEnd(26)} ${m.contextLength ? `${Math.round(m.contextLength / 1024)}k ctx`.padEnd(10) : ''.padEnd(10)} ${price}${old ? `  ! ${old.days} days old` : ''}`);
    }
  }
  if (stale) out.push(`\n! ${stale} 个价格读取已超过 90 天，使用前请核对来源页面 / ${stale} prices were read more than 90 days ago: re-check their source before a decision`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export function register(program: Command): void {
  const providers = program
    .command('providers')
    .description('list vendor presets, their models and prices (CNY per million tokens)')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const list = listPresets();
      if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else printText(list);
    });
  providers
    .command('check')
    .description('one short request per provider of a config: key, endpoint, model id, streaming, and what the vendor answered (zh/en)')
    .argument('[config]', 'config file', 'heng.yaml')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { json?: boolean }) => {
      const loaded = loadConfig(file);
      const run = loaded.config.run;
      const checks = [];
      for (const [index, entry] of loaded.config.providers.entries()) {
        const setup = await setupProvider(entry, index, { baseDir: loaded.baseDir, file: loaded.file, lineOf: loaded.lineOf, defaultConcurrency: 1 });
        try {
          checks.push(await checkProvider(setup, entry, run.timeoutMs, { temperature: run.temperature, maxTokens: run.maxTokens, seed: run.seed }));
        } finally {
          await setup.provider.close?.();
        }
      }
      // `--json` after the subcommand may be taken by the parent command's own --json.
      if (opts.json || providers.opts().json) process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
      else process.stdout.write(`${checks.map(formatCheck).join('\n\n')}\n`);
      if (checks.some((c) => !c.ok)) process.exitCode = 1;
    });
  providers
    .command('test')
    .description('send one tiny request to a provider of a config and explain the answer or the error')
    .argument('<id>', 'provider id in the config')
    .option('-c, --config <file>', 'config file', 'heng.yaml')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { config: string; json?: boolean }) => {
      const loaded = loadConfig(opts.config);
      const index = loaded.config.providers.findIndex((p) => p.id === id);
      if (index < 0) throw new InputError(`no provider "${id}" in the config`, { file: loaded.file }, `known: ${loaded.config.providers.map((p) => p.id).join(', ')}`);
      const setup = await setupProvider(loaded.config.providers[index], index, { baseDir: loaded.baseDir, file: loaded.file, lineOf: loaded.lineOf, defaultConcurrency: 1 });
      const report = await probeProvider(setup.provider, { price: setup.price, timeoutMs: loaded.config.run.timeoutMs });
      await setup.provider.close?.();
      if (opts.json) return void process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(
        report.ok
          ? `${id}: ok in ${Math.round(report.latencyMs)} ms${report.ttftMs !== undefined ? ` (first token ${Math.round(report.ttftMs)} ms)` : ''}, tokens ${report.usage?.inputTokens ?? '?'} in / ${report.usage?.outputTokens ?? '?'} out, cost ${report.costCny === undefined ? 'unknown' : `¥${report.costCny.toFixed(6)}`}\n`
          : `${id}: ${report.status}${report.error?.code ? ` (${report.error.code})` : ''}: ${report.error?.message ?? ''}\n${report.explanation ? `  ${report.explanation.en}\n  ${report.explanation.zh}\n` : ''}`,
      );
      if (!report.ok) process.exitCode = 1;
    });
}
