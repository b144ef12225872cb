// The HTML report: one self-contained file (inline CSS, server-rendered SVG
// charts, no scripts). Every value that came from a model, a dataset or a
// config goes through escapeHtml.
import type { StoredResult } from '../store/store.js';
import { OUTCOMES } from '../types.js';
import { outcomeBars, radar, scoreBars } from './charts.js';
import { ci, cny, escapeHtml as e, pct, pointsInterval, pValue, signedPoints, timedMs } from './format.js';
import { groupsHtml, hasRollups } from './groups-view.js';
import { hasJudging, judgingHtml } from './judging-view.js';
import { messages, type Lang } from './i18n.js';
import type { ReportModel } from './model.js';
import { htmlPage, section } from './page.js';
import { basisText, dimensionLabel } from './basis.js';
import { figureData } from './figure-data.js';
import { dossierMessages } from './dossier-i18n.js';
import { localTime } from './format.js';
import { STALE_PRICE_DAYS } from '../providers/prices.js';
import { mappingText } from '../providers/rules.js';

export interface HtmlOptions {
  lang: Lang;
  /** Results for the example-answers section (a few per task). */
  results?: StoredResult[];
  samplesPerTask?: number;
  /** Extra sections (scorecard, safety) rendered by other modules. */
  sections?: Array<{ id: string; title: string; html: string }>;
  /** Sections placed before the results (the procurement summary and scorecard). */
  lead?: Array<{ id: string; title: string; html: string }>;
  /** Report title (default: the evaluation report's). */
  title?: string;
  /** Replaces the default header (the dossier's cover); already escaped. */
  header?: string;
  /** Time zone of the times shown (default Asia/Shanghai). */
  timeZone?: string;
  /** Extra CSS after the report's. */
  css?: string;
}

const OUTCOME_KEYS = OUTCOMES;

export function renderHtml(m: ReportModel, opts: HtmlOptions): string {
  const t = messages[opts.lang];
  const names = m.providers.map((p) => p.id);
  const labelOf = (id: string) => m.providers.find((p) => p.id === id)?.label;
  const dims = [...new Set(m.byDimension.map((d) => d.dimension))];
  const dimLabels = dims.map((d) => dimensionLabel(d, opts.lang));

  // Two tables each, so every column fits the page: scores, latency and cost; then the outcome counts.
  const overallTable =
    table(
      [t.provider, 'n', t.score, t.ci95, t.latencyP95, t.ttftP95, t.cost, t.costPerItem, t.costPerCorrect],
      m.overall.map((o) => [
        `${e(o.provider)}${labelOf(o.provider) ? `<div class="muted">${e(labelOf(o.provider))}</div>` : ''}`,
        String(o.n),
        `<b ${figureData(o.provider, o.score, o.ci95, 'headline')}>${pct(o.score)}</b>`,
        ci(o.ci95),
        e(timedMs(o.latencyMs.p95, o.cachedAnswers, t.cachedNote)),
        e(timedMs(o.ttftMs.p95, o.cachedAnswers, t.cachedNote)),
        e(cny(o.costCny, t.unknown)),
        e(cny(o.costPerItemCny, t.unknown)),
        e(cny(o.costPerCorrectCny, t.unknown)),
      ]),
    ) +
    table(
      [t.provider, ...OUTCOME_KEYS.map((k) => t[k])],
      m.overall.map((o) => [e(o.provider), ...OUTCOME_KEYS.map((k) => String(o.outcomes[k]))]),
    );
  const taskTable =
    table(
      [t.task, t.dimension, t.provider, 'n', t.score, t.ci95, t.latencyP50, t.latencyP95, t.cost],
      m.summary.map((s) => [
        e(s.task),
        e(dimensionLabel(s.dimension, opts.lang)),
        e(s.provider),
        String(s.n),
        `<b>${pct(s.score)}</b>`,
        ci(s.ci95),
        e(timedMs(s.latencyMs.p50, s.cachedAnswers, t.cachedNote)),
        e(timedMs(s.latencyMs.p95, s.cachedAnswers, t.cachedNote)),
        e(cny(s.costCny, t.unknown)),
      ]),
    ) +
    table(
      [t.task, t.provider, ...OUTCOME_KEYS.map((k) => t[k])],
      m.summary.map((s) => [e(s.task), e(s.provider), ...OUTCOME_KEYS.map((k) => String(s.outcomes[k]))]),
    );
  const taskChart = scoreBars(
    m.tasks.map((x) => x.id),
    names.map((p) => ({ name: p, values: m.tasks.map((x) => m.summary.find((s) => s.task === x.id && s.provider === p) ?? { score: null, ci95: null }) })),
    { width: 880 },
  );
  const dimChart =
    dims.length >= 3
      ? radar(
          dimLabels,
          names.map((p) => ({ name: p, values: dims.map((d) => m.byDimension.find((x) => x.dimension === d && x.provider === p)?.score ?? null) })),
        )
      : scoreBars(
          dimLabels,
          names.map((p) => ({ name: p, values: dims.map((d) => m.byDimension.find((x) => x.dimension === d && x.provider === p) ?? { score: null, ci95: null }) })),
        );
  const outcomeChart = outcomeBars(
    names,
    OUTCOME_KEYS.map((k) => ({ name: t[k], color: OUTCOME_COLORS[k], values: m.overall.map((o) => o.outcomes[k]) })),
    { width: 880 },
  );

  const sections = [
    ...(opts.lead ?? []).map((s) => section(s.id, s.title, s.html)),
    section('overall', t.overall, `${overallTable}<p class="note" data-basis="${e(m.basis.kind)}">${e(basisText(m.basis, opts.lang))}</p><p class="note">${e(t.scoreNote)}</p>`),
    section('dimensions', t.byDimension, `<figure>${dimChart}</figure>`),
    section('tasks', t.perTask, `<figure>${taskChart}</figure>${taskTable}`),
    ...(hasRollups(m) ? [section('groups', t.groupsTitle, groupsHtml(m, opts.lang))] : []),
    section('outcomes', t.outcomes, `<figure>${outcomeChart}</figure>`),
    ...(m.comparisons.length ? [section('comparisons', t.comparisons, comparisons(m, t))] : []),
    ...(hasJudging(m) ? [section('judging', t.judgingTitle, judgingHtml(m, opts.lang))] : []),
    ...(opts.sections ?? []).map((s) => section(s.id, s.title, s.html)),
    ...(opts.results ? [section('samples', t.samples, samples(m, opts.results, opts.samplesPerTask ?? 3, t))] : []),
    section('repro', t.reproducibility, reproducibility(m, t, opts.lang)),
  ];

  return htmlPage(
    {
      lang: opts.lang,
      title: `${opts.title ?? t.title} — ${m.name ?? m.runId}`,
      header:
        opts.header ??
        `<h1>${e(opts.title ?? t.title)}</h1>${m.name ? `<p class="muted">${e(m.name)}</p>` : ''}
<p>${e(t.run)} <code>${e(m.runId)}</code> · ${e(t.status)}: <b>${e(dossierMessages[opts.lang].statusWords[m.status] ?? m.status)}</b> · ${e(t.results)}: ${m.completed}/${m.planned} · ${e(localTime(m.createdAt, opts.timeZone ?? 'Asia/Shanghai'))}</p>`,
      sections,
      css: opts.css,
    },
    REPORT_CSS,
  );
}

/** Outcome colours every chart uses: correct green, wrong red, the rest apart from both. */
export const OUTCOME_COLORS: Readonly<Record<(typeof OUTCOME_KEYS)[number], string>> = {
  correct: '#2da44e',
  wrong: '#d1242f',
  unparseable: '#bf8700',
  error: '#8250df',
  content_filtered: '#0969da',
  truncated: '#e16f24',
  missing: '#8c959f',
};

/**
 * A table; a cell that is one short unbroken token (an id, a figure, 未知)
 * never wraps, so names are not split mid-word in narrow columns.
 */
export function table(head: string[], rows: string[][]): string {
  const cell = (c: string) => (c.length <= 40 && !/[\s<]/.test(c) ? `<td class="nw">${c}</td>` : `<td>${keepWords(c)}</td>`);
  return `<table><thead><tr>${head.map((h) => `<th>${keepWords(e(h))}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

/** Tokens with a hyphen or slash (instruction-following, sample-a) kept on one line: browsers break after those. Only text between tags is touched. */
export function keepWords(html: string): string {
  return html
    .split(/(<[^>]*>)/)
    .map((part) => (part.startsWith('<') ? part : part.replace(/[^\s<>]*[-/][^\s<>]*/g, (tok) => (tok.length > 1 ? `<span class="nw">${tok}</span>` : tok))))
    .join('');
}

function samples(m: ReportModel, results: StoredResult[], perTask: number, t: (typeof messages)['en']): string {
  const out: string[] = [];
  for (const task of m.tasks) {
    const ids = [...new Set(results.filter((r) => r.task_id === task.id).map((r) => r.item_id))].slice(0, perTask);
    for (const id of ids) {
      const rows = results.filter((r) => r.task_id === task.id && r.item_id === id && r.repeat === 0);
      out.push(
        `<div class="sample"><h3>${e(task.id)} · ${e(id)}</h3><div class="cols">${rows
          .map(
            (r) =>
              `<div class="col"><div class="who">${e(r.provider_id)} <span class="tag ${e(r.outcome)}">${e(t[r.outcome as keyof typeof t] ?? r.outcome)}</span></div><pre>${e(clip(r.raw_output ?? r.error_message ?? ''))}</pre><div class="muted">${e(t.extracted)}: ${e(r.extracted ?? '—')} · ${e(t.rule)}: ${e(r.rule ?? '—')}</div></div>`,
          )
          .join('')}</div></div>`,
      );
    }
  }
  return out.join('');
}

function comparisons(m: ReportModel, t: (typeof messages)['en']): string {
  const verdict = (c: ReportModel['comparisons'][number]) => (c.pHolm === null ? t.noComparable : c.significant ? t.better.replace('{p}', c.difference! > 0 ? c.a : c.b) : t.notSignificant);
  const rows = m.comparisons.map((c) => [
    `${e(c.a)} − ${e(c.b)}`,
    String(c.n),
    `<b>${e(signedPoints(c.difference))}</b>`,
    e(pointsInterval(c.ci95)),
    e(pValue(c.pValue)),
    e(pValue(c.pHolm)),
    c.significant ? `<b>${e(verdict(c))}</b>` : e(verdict(c)),
    String(c.dropped.total),
  ]);
  return `${table([t.pair, 'n', t.difference, t.ci95, t.pValue, t.pHolm, t.verdict, t.dropped], rows)}<p class="note">${e(t.comparisonNote)}</p>`;
}

function reproducibility(m: ReportModel, t: (typeof messages)['en'], lang: Lang): string {
  const providers = table(
    [t.provider, t.model, t.identity, t.price],
    m.providers.map((p) => [e(p.id), e(p.model), `<code>${e(shortId(p.identity))}</code>`, e(priceText(p.price, t) ?? t.unknown)]),
  );
  const tasks = table(
    [t.task, 'n', t.taskHash, t.datasetHash],
    m.tasks.map((x) => [e(x.id), String(x.items), `<code>${e(x.taskHash.slice(0, 16))}</code>`, `<code>${e(x.datasetHash.slice(0, 16))}</code>`]),
  );
  return `<p>${e(t.version)}: ${e(m.hengVersion)} · ${e(t.seed)}: ${m.seed} · ${e(t.configHash)}: <code>${e(m.configHash.slice(0, 16))}</code></p>${providers}${runProviderNotes(m, t, lang)}${tasks}<h3>${e(t.config)}</h3><pre>${e(m.configText)}</pre>`;
}

/** What each provider was sent differently from the run's settings, and the prices read too long before the run. */
function runProviderNotes(m: ReportModel, t: (typeof messages)['en'], lang: Lang): string {
  const stale = m.providers.filter((p) => p.priceWarning);
  const mapped = m.providers.filter((p) => p.requestMappings.length);
  const warnings = stale.length
    ? `<div class="warn" data-testid="stale-prices"><b>${e(t.stalePrices.replace('{days}', String(STALE_PRICE_DAYS)))}</b><ul>${stale.map((p) => `<li>${e(p.id)}: ${e(p.priceWarning![lang])}</li>`).join('')}</ul></div>`
    : '';
  const changes = `<h3>${e(t.requestMappings)}</h3>${
    mapped.length
      ? table(
          [t.provider, t.requestChange],
          mapped.flatMap((p) => p.requestMappings.map((x) => [e(p.id), e(mappingText(x, lang))])),
        )
      : `<p class="note">${e(t.noRequestMappings)}</p>`
  }`;
  return warnings + changes;
}

/** An identity (`type:hash`) to its first 24 characters; the JSON report has it whole. */
const shortId = (id: string) => (id.length > 24 ? `${id.slice(0, 24)}…` : id);
const priceText = (p: unknown, t: (typeof messages)[Lang]): string | null => {
  if (!p || typeof p !== 'object') return null;
  const x = p as { inputPerMillion?: number; outputPerMillion?: number; date?: string; source?: string };
  return `${x.inputPerMillion} / ${x.outputPerMillion} (${x.date === 'config' ? t.priceUndated : (x.date ?? '—')}, ${x.source ?? '—'})`;
};

const clip = (s: string, n = 2000) => (s.length > n ? `${s.slice(0, n)}…` : s);

export const REPORT_CSS = `
body{font-family:-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1f2328}
h1{font-size:24px;margin:0 0 4px} h2{font-size:19px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px} h3{font-size:15px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0} th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top} th{background:#f6f8fa}
.muted{color:#656d76;font-size:12px} .stale-price{color:#9a6700;font-size:12px} .warn{background:#fff8c5;border:1px solid #d4a72c;padding:6px 10px;border-radius:4px;font-size:13px} .warn ul{margin:4px 0;padding-left:18px} .note{color:#656d76;font-size:12px}
figure{margin:8px 0} pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:8px;border-radius:4px;font-size:12px;max-height:320px;overflow:auto}
.cols{display:flex;gap:8px} .col{flex:1;min-width:0} .who{font-weight:600;font-size:13px}
.tag{font-size:11px;padding:1px 6px;border-radius:8px;background:#eee;font-weight:400} .tag.correct{background:#dafbe1} .tag.wrong{background:#ffebe9} .tag.unparseable{background:#fff8c5} .tag.error,.tag.content_filtered,.tag.truncated,.tag.missing{background:#ddf4ff}
.pass{color:#1a7f37;font-weight:600} .fail{color:#cf222e;font-weight:600} .marginal{color:#9a6700;font-weight:600}
figure.profile{margin:0;display:inline-block} .profiles{display:flex;flex-wrap:wrap;gap:4px}
td,th{word-break:keep-all;overflow-wrap:normal} .nw{white-space:nowrap}
tr,figure,.sample{break-inside:avoid} h2,h3,h4{break-after:avoid} figure svg{max-width:100%;height:auto}
@media print{body{padding:0;max-width:none} pre{max-height:none} table{font-size:10.5px} th,td{padding:3px 4px}}
`;
