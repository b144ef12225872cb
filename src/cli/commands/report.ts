// heng report <run-id|latest> --format html|pdf|docx|md|json|csv|text --out FILE
// (html, pdf and docx are the committee dossier, README "The committee dossier")
import { Command, Option } from 'commander';
import { InputError } from '../../errors.js';
import { parseLang } from '../../report/i18n.js';
import { FORMATS, renderReport, writeOut } from '../../report/render.js';
import { dbOption, withStore } from '../common.js';

export function register(program: Command) {
  program
    .command('report')
    .description('render the report of a run')
    .argument('<run>', 'run id, or "latest"')
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .addOption(new Option('--lang <lang>', 'report language').choices(['zh', 'en']).default('zh'))
    .option('--out <file>', 'write to this file instead of stdout')
    .addOption(dbOption())
    .action(async (runRef: string, opts) => {
      if ((opts.format === 'pdf' || opts.format === 'docx') && !opts.out)
        throw new InputError(`a ${opts.format.toUpperCase()} is written to a file`, { field: '--out' }, `add --out report.${opts.format}`);
      await withStore(opts.db, async (store) => {
        writeOut(await renderReport(store, runRef, opts.format, parseLang(opts.lang)), opts.out);
        if (opts.out) process.stderr.write(`wrote ${opts.out}\n`);
      });
    });
}
