// heng demo: the whole flow offline, no keys: the built-in demo suite against
// recorded sample answers (replay), optionally a local GGUF model too.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { executeRun } from '../../runs/execute.js';
import { InputError } from '../../errors.js';
import { parseLang } from '../../report/i18n.js';
import { loadReport, renderReport, writeOut } from '../../report/render.js';
import { terminalTable } from '../../report/text.js';
import { dbOption, printJson, withStore } from '../common.js';
import { progressBar } from '../progress.js';

export const DEMO_CONFIG = fileURLToPath(new URL('../../demo/heng.demo.yaml', import.meta.url));

export function register(program: Command) {
  program
    .command('demo')
    .description('run the built-in demo offline and write an HTML report')
    .option('--model <gguf>', 'also evaluate a local GGUF model (node-llama-cpp, CPU)')
    .option('--out <file>', 'HTML report path', 'heng-demo-report.html')
    .option('--lang <lang>', 'report language: zh or en', 'zh')
    .option('--json', 'print the JSON report on stdout')
    .addOption(dbOption())
    .action(async (opts) => {
      const loaded = loadConfig(DEMO_CONFIG);
      if (opts.model) {
        const modelPath = path.resolve(opts.model);
        if (!existsSync(modelPath)) throw new InputError(`model file not found: ${modelPath}`, { field: '--model' }, 'give the path of a .gguf file');
        loaded.config.providers.push({ id: 'local-gguf', type: 'local', path: modelPath, label: path.basename(modelPath) });
      }
      await withStore(opts.db, async (store) => {
        const bar = progressBar();
        const result = await executeRun({
          store,
          loaded,
          overrides: opts.model ? { maxTokens: 24 } : {},
          onStart: (id) => process.stderr.write(`heng demo: run ${id} (sample candidates are recorded illustrations, not real vendors)\n`),
          onProgress: (p) => bar.update(p),
        });
        bar.update(result.progress, true);
        bar.end();
        const { model } = await loadReport(store, result.runId);
        if (opts.json) printJson(model);
        else process.stdout.write(`${terminalTable(model)}\n`);
        writeOut(await renderReport(store, result.runId, 'html', parseLang(opts.lang)), opts.out);
        process.stderr.write(`report: ${path.resolve(opts.out)}\n`);
      });
    });
}
