// One entry point for every report format, used by the CLI, the server and the demo.
import { writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Store } from '../store/store.js';
import { renderHtml } from './html.js';
import type { Lang } from './i18n.js';
import { buildReport, type ReportModel } from './model.js';
import { csv, markdown, terminalTable } from './text.js';

export const FORMATS = ['html', 'md', 'json', 'csv', 'text'] as const;
export type Format = (typeof FORMATS)[number];

export async function loadReport(store: Store, runRef: string): Promise<{ model: ReportModel; results: Awaited<ReturnType<Store['results']>> }> {
  const run = await store.getRun(runRef);
  if (!run) throw new InputError(`no run "${runRef}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
  const results = await store.results(run.id);
  return { model: await buildReport(store, run, { results }), results };
}

export async function renderReport(store: Store, runRef: string, format: Format, lang: Lang): Promise<string> {
  const { model, results } = await loadReport(store, runRef);
  switch (format) {
    case 'json':
      return `${JSON.stringify(model, null, 2)}\n`;
    case 'csv':
      return csv(results);
    case 'md':
      return markdown(model);
    case 'text':
      return `${terminalTable(model)}\n`;
    case 'html':
      return renderHtml(model, { lang, results });
  }
}

export function writeOut(text: string, out: string | undefined) {
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
