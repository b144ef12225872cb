// One entry point for every report format, used by the CLI, the server and the demo.
import { InputError } from '../errors.js';
import { buildProcurement } from '../scorecard/procurement.js';
import { sourcesFromRun, type ScorecardSources } from '../scorecard/sources.js';
import type { Store } from '../store/store.js';
import { renderHtml } from './html.js';
import { messages, type Lang } from './i18n.js';
import { buildReportWithFigures, type ReportModel } from './model.js';
import { procurementSections } from './procurement-html.js';
import { buildSafetyReport, renderSafetyReport } from './safety-report.js';
import { safetyText } from './safety-text.js';
import { writeOutputFile } from './write-file.js';
import { parseConfig } from '../config/load.js';
import type { StoredResult } from '../store/store.js';
import { dossierHtml, dossierTitle, type DossierInputs } from './dossier.js';
import { dossierMessages } from './dossier-i18n.js';
import { csv, markdown, terminalTable } from './text.js';
import { isSafetyRun } from '../summary/summary.js';

export const FORMATS = ['html', 'pdf', 'docx', 'md', 'json', 'csv', 'text'] as const;
export type Format = (typeof FORMATS)[number];
/** Formats whose output is text (pdf and docx are binary). */
export type TextFormat = Exclude<Format, 'pdf' | 'docx'>;

export interface LoadReportOptions {
  /** Scorecard weights, requirements and workload replacing the run's own (`heng scorecard --config/--workload`). */
  sources?: Partial<ScorecardSources>;
}

export async function loadReport(store: Store, runRef: string, opts: LoadReportOptions = {}): Promise<{ model: ReportModel; results: Awaited<ReturnType<Store['results']>> }> {
  const run = await store.getRun(runRef);
  if (!run) throw new InputError(`no run "${runRef}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
  const results = await store.results(run.id);
  const { model, figures } = await buildReportWithFigures(store, run, { results });
  model.procurement = await buildProcurement(store, model, results, { ...sourcesFromRun(run), ...opts.sources }, figures);
  return { model, results };
}

export async function renderReport(store: Store, runRef: string, format: TextFormat, lang: Lang, opts?: LoadReportOptions): Promise<string>;
export async function renderReport(store: Store, runRef: string, format: 'pdf' | 'docx', lang: Lang, opts?: LoadReportOptions): Promise<Buffer>;
export async function renderReport(store: Store, runRef: string, format: Format, lang: Lang, opts?: LoadReportOptions): Promise<string | Buffer>;
export async function renderReport(store: Store, runRef: string, format: Format, lang: Lang, opts: LoadReportOptions = {}): Promise<string | Buffer> {
  // A safety assessment is reported by its rates and verdicts, never as scored answers.
  const run = await store.getRun(runRef);
  if (run && (await isSafetyRun(store, run.id))) {
    if (format === 'csv') return csv(await store.results(run.id));
    if (format === 'md' || format === 'text') return safetyText(await buildSafetyReport(store, run.id), format, lang);
    if (format === 'docx') throw new InputError(`run ${run.id} is a safety assessment: its report is html, pdf or json`, { field: '--format' }, 'heng safety report <run> --format pdf');
    return renderSafetyReport(store, run.id, format, lang);
  }
  const { model, results } = await loadReport(store, runRef, opts);
  switch (format) {
    case 'json':
      return `${JSON.stringify(model, jsonReplacer, 2)}\n`;
    case 'csv':
      return csv(results);
    case 'md':
      return markdown(model, lang);
    case 'text':
      return `${terminalTable(model, lang)}\n`;
    case 'html':
      return dossierHtml(await dossierInputs(store, model, results, lang));
    case 'pdf': {
      // Loaded only when asked for: playwright-core is slow to import.
      const { htmlToPdf } = await import('./pdf.js');
      const inputs = await dossierInputs(store, model, results, lang);
      return htmlToPdf(dossierHtml(inputs), { footer: dossierFooter(inputs) });
    }
    case 'docx': {
      const { htmlToDocx } = await import('./dossier-docx.js');
      const inputs = await dossierInputs(store, model, results, lang);
      return htmlToDocx(dossierHtml(inputs), { title: dossierTitle(inputs.config, lang), footer: dossierFooter(inputs), lang });
    }
  }
}

/** What the dossier reads besides the report model: the items (full questions), the run's parsed config and provider entries. */
export async function dossierInputs(store: Store, model: ReportModel, results: StoredResult[], lang: Lang, now = new Date()): Promise<DossierInputs> {
  const run = (await store.getRun(model.runId))!;
  const [items, providers] = await Promise.all([store.items(run.id), store.runProviders(run.id)]);
  const { config } = parseConfig(run.configText, run.options.configFile ?? 'heng.yaml');
  return { model, results, items, providers, config, lang, now };
}

function dossierFooter(d: DossierInputs): string {
  const spec = d.config.dossier;
  return [dossierTitle(d.config, d.lang), spec?.documentNumber, spec?.version !== undefined ? `${dossierMessages[d.lang].version} ${spec.version}` : null, spec?.classification]
    .filter(Boolean)
    .join(' · ');
}

/** The procurement report: the evaluation report led by summary, scorecard, cost, latency and safety. */
export function procurementHtml(model: ReportModel, results: Awaited<ReturnType<Store['results']>>, lang: Lang): string {
  return renderHtml(model, { lang, results, title: messages[lang].procurementTitle, lead: model.procurement ? procurementSections(model, model.procurement, lang) : [] });
}

/** Typed arrays (bootstrap replicates) never reach the JSON. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return ArrayBuffer.isView(value) ? undefined : value;
}

export function writeOut(text: string | Buffer, out: string | undefined) {
  if (out) writeOutputFile(out, text);
  else process.stdout.write(text);
}
