// Reports of a run in every format (JSON model, HTML, CSV, Markdown, PDF, DOCX),
// and paired comparisons. Each download is an audited export.
import type { Context } from 'hono';
import { compareQuery, comparisonSchema, idParams, langQuery, reportModelSchema } from '../../api/contract.js';
import type { User } from '../../auth/accounts.js';
import { compareRun } from '../../compare/run.js';
import { htmlToPdf } from '../../report/pdf.js';
import { loadReport, renderReport, type Format } from '../../report/render.js';
import { ApiError } from '../errors.js';
import { DOCX_TYPE, isBinary, route, type RawContent } from '../route.js';
import type { ServerContext } from '../context.js';
import { loadRun } from './runs.js';
import { isSafetyRun } from '../../summary/summary.js';

/** The report page may hold hostile model output (escaped): forbid scripts and outbound requests anyway. */
const REPORT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

async function download(ctx: ServerContext, c: Context, user: User, runId: string, format: Format | 'pdf', lang: 'zh' | 'en', type: RawContent): Promise<Response> {
  const run = await loadRun(ctx, runId);
  let body: string | Buffer;
  // A safety assessment has no dossier to edit: its report is report.html / report.pdf.
  if (format === 'docx' && (await isSafetyRun(ctx.store, run.id))) throw new ApiError(409, `run ${run.id} is a safety assessment: its report is report.html or report.pdf`);
  if (format === 'pdf') {
    const html = await renderReport(ctx.store, run.id, 'html', lang);
    try {
      body = await htmlToPdf(html, { footer: `Heng ${run.id}` });
    } catch (err) {
      throw new ApiError(503, `PDF output is not available: ${(err as Error).message}`);
    }
  } else body = await renderReport(ctx.store, run.id, format, lang);
  await ctx.audit.record(user, 'report.export', run.id, { format, lang });
  const ext = format === 'md' ? 'md' : format;
  c.header('content-type', isBinary(type) ? type : `${type}; charset=utf-8`);
  c.header('content-disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="heng-${run.id}.${ext}"`);
  if (format === 'html') c.header('content-security-policy', REPORT_CSP);
  return c.body(typeof body === 'string' ? body : new Uint8Array(body));
}

const rawReports: Array<{ id: string; ext: string; format: Format | 'pdf'; type: RawContent; what: string }> = [
  { id: 'reportHtml', ext: 'html', format: 'html', type: 'text/html', what: 'HTML report (self-contained, SVG charts; model output escaped)' },
  { id: 'reportCsv', ext: 'csv', format: 'csv', type: 'text/csv', what: 'every result as CSV' },
  { id: 'reportMarkdown', ext: 'md', format: 'md', type: 'text/markdown', what: 'Markdown summary' },
  { id: 'reportPdf', ext: 'pdf', format: 'pdf', type: 'application/pdf', what: "PDF of the HTML report (printed by the server's Chromium)" },
  {
    id: 'reportDocx',
    ext: 'docx',
    format: 'docx',
    type: DOCX_TYPE,
    what: 'committee dossier as a Word document (DOCX; editable in Word or WPS; charts as pictures when the server has Chromium); 409 for a safety assessment',
  },
];

export const reportRoutes = [
  route({
    id: 'reportJson',
    method: 'get',
    path: '/api/runs/{id}/report',
    summary: 'The report model as JSON (docs/report-json.md describes every field); 409 for a safety assessment, whose figures are its summary and report.html',
    tag: 'reports',
    access: 'runs:read',
    params: idParams,
    errors: [404, 409],
    response: reportModelSchema,
    async handler({ ctx, user, params }) {
      const run = await loadRun(ctx, params.id);
      // A safety run has no scored answers to report: its rates and verdicts are the run summary.
      if (await isSafetyRun(ctx.store, run.id))
        throw new ApiError(409, `run ${run.id} is a safety assessment: its rates and verdicts are in GET /api/runs/${run.id} (summary.safety) and its report in report.html`);
      const { model } = await loadReport(ctx.store, run.id);
      await ctx.audit.record(user, 'report.export', run.id, { format: 'json' });
      // Spread: the interfaces become plain object types, which the loose schema's index signature accepts.
      return { ...model, procurement: model.procurement && { ...model.procurement } };
    },
  }),
  ...rawReports.map((r) =>
    route({
      id: r.id,
      method: 'get',
      path: `/api/runs/{id}/report.${r.ext}`,
      summary: `Download the ${r.what}`,
      tag: 'reports',
      access: 'runs:read',
      params: idParams,
      query: langQuery,
      errors: r.format === 'pdf' ? [404, 503] : r.format === 'docx' ? [404, 409] : [404],
      response: { raw: r.type },
      handler: ({ ctx, c, user, params, query }) => download(ctx, c, user, params.id, r.format, query.lang, r.type),
    }),
  ),
  route({
    id: 'compareRun',
    method: 'get',
    path: '/api/runs/{id}/compare',
    summary: 'Paired comparisons of providers (paired bootstrap / McNemar, Holm-adjusted)',
    tag: 'reports',
    access: 'runs:read',
    params: idParams,
    query: compareQuery,
    errors: [404],
    response: comparisonSchema,
    async handler({ ctx, params, query }) {
      const run = await loadRun(ctx, params.id);
      const known = (await ctx.store.runProviders(run.id)).map((p) => p.providerId);
      const providers = query.providers
        ? query.providers
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : known;
      const unknown = providers.find((p) => !known.includes(p));
      if (unknown) throw new ApiError(400, `run ${run.id} has no provider "${unknown}"`, 'providers', `known: ${known.join(', ')}`);
      return compareRun(ctx.store, run, { providers, task: query.task });
    },
  }),
];
