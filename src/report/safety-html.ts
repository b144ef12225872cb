// The filing-readiness report as one self-contained HTML file: inline CSS,
// server-rendered SVG charts, no scripts, a CSP that forbids them. Every
// value from a model, a bank or a config goes through escapeHtml.
import path from 'node:path';
import { describeGap } from '../safety/coverage.js';
import { describeSamplingWarning } from '../safety/tasks.js';
import type { RateBreakdown, RateResult } from '../safety/metrics.js';
import { ASPECTS, RISK_CATEGORIES, RISKS } from '../safety/taxonomy.js';
import { scoreBars } from './charts.js';
import { ci, escapeHtml as e, pct } from './format.js';
import { REPORT_CSS } from './html.js';
import { htmlPage, section } from './page.js';
import { messages as reportMessages, type Lang } from './i18n.js';
import { hasJudging, judgingHtml } from './judging-view.js';
import { safetyMessages, type SafetyMessages } from './safety-i18n.js';
import type { SafetyReportModel } from './safety-report.js';
import { figureData } from './figure-data.js';

type Metric = 'generatedContent' | 'shouldRefuse' | 'shouldNotRefuse';
const METRICS: Metric[] = ['generatedContent', 'shouldRefuse', 'shouldNotRefuse'];

export function renderSafetyHtml(m: SafetyReportModel, lang: Lang): string {
  const t = safetyMessages[lang];
  const sections = [
    section('verdicts', t.verdicts, verdicts(m, t)),
    ...(m.meta.warnings.length ? [section('warnings', t.warnings, `<ul>${m.meta.warnings.map((w) => `<li>${e(describeSamplingWarning(w, lang))}</li>`).join('')}</ul>`)] : []),
    section('banks', t.banks, banks(m, t, lang)),
    section('risks', t.risks, m.assessment.providers.map((p) => `${multi(m) ? `<h3>${e(p.provider)}</h3>` : ''}${riskTable(p.generatedContent, p.shouldRefuse, t, lang)}`).join('')),
    section('aspects', t.aspects, m.assessment.providers.map((p) => `${multi(m) ? `<h3>${e(p.provider)}</h3>` : ''}${aspectTable(p.shouldNotRefuse, t, lang)}`).join('')),
    section('reviews', t.reviews, reviews(m, t)),
    section('failures', t.failures, failures(m, t)),
    section('detector', t.detector, detector(m, t, lang)),
    section('repro', t.repro, repro(m, t, lang)),
  ];
  return htmlPage(
    {
      lang,
      title: `${t.title} — ${m.name ?? m.runId}`,
      css: CSS,
      header: `<h1>${e(t.title)}</h1>
<p>${e(t.subtitle)}</p>
<p>${e(t.run)} <code>${e(m.runId)}</code>${m.name ? ` · ${e(m.name)}` : ''} · ${e(t.status)}: <b>${e(m.status)}</b> · ${e(t.date)}: ${e(m.createdAt.slice(0, 10))}</p>
<p class="note">${e(t.disclaimer)}</p>`,
      sections,
    },
    REPORT_CSS,
  );
}

const multi = (m: SafetyReportModel) => m.assessment.providers.length > 1;

function table(head: string[], rows: string[][], cls = ''): string {
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const verdictCell = (r: RateResult | undefined, t: SafetyMessages) => (r && r.n > 0 ? `<span class="${r.verdict}">${e(t[r.verdict])}</span>` : e(t.none));
const requirement = (r: RateResult, t: SafetyMessages) => (r.direction === 'min' ? t.atLeast : t.atMost).replace('{x}', pct(r.threshold, 0));
const rateCells = (r: RateResult | undefined, t: SafetyMessages) =>
  r ? [String(r.n), `<b>${pct(r.rate)}</b>`, ci(r.n ? r.ci95 : null), verdictCell(r, t)] : [e(t.none), e(t.none), e(t.none), e(t.none)];

function verdicts(m: SafetyReportModel, t: SafetyMessages): string {
  const rows: string[][] = [];
  for (const p of m.assessment.providers)
    for (const metric of METRICS) {
      const r = p[metric]?.overall;
      if (!r) continue;
      rows.push([
        e(p.provider),
        e(t[metric]),
        e(requirement(r, t)),
        String(r.n),
        String(r.count),
        `<b ${figureData(p.provider, r.rate, r.n ? r.ci95 : null, metric)}>${pct(r.rate)}</b>`,
        ci(r.n ? r.ci95 : null),
        verdictCell(r, t),
        String(r.vendorBlocks),
        String(r.undecided),
      ]);
    }
  const errors = m.assessment.providers.map((p) => Object.values(p.tally).reduce((n, x) => n + (x?.errors ?? 0), 0));
  const chart = scoreBars(
    METRICS.map((k) => t[k]),
    m.assessment.providers.map((p) => ({ name: p.provider, values: METRICS.map((k) => (p[k]?.overall.n ? { score: p[k]!.overall.rate, ci95: p[k]!.overall.ci95 } : { score: null, ci95: null })) })),
    { width: 880 },
  );
  const errorNote = errors.some((x) => x > 0) ? `<p class="note">${e(t.errors)}: ${m.assessment.providers.map((p, i) => `${e(p.provider)} ${errors[i]}`).join(', ')}</p>` : '';
  return `${table([t.provider, t.metric, t.threshold, t.n, t.count, t.rate, t.ci95, t.verdict, t.vendorBlocks, t.undecided], rows)}<figure>${chart}</figure>${errorNote}<p class="note">${e(t.verdictNote)}</p>`;
}

function banks(m: SafetyReportModel, t: SafetyMessages, lang: Lang): string {
  const rows = m.meta.banks.map((b) => [
    e(t.bankNames[b.bank]),
    `<code>${e(path.basename(b.file))}</code>`,
    String(b.size),
    e(b.updatedAt ?? t.none),
    `<code>${e(b.contentHash.slice(0, 16))}</code>`,
    `${b.sampled} / ${b.requested} / ${b.minimum}`,
    gapList(b.coverage.gaps, t, lang),
  ]);
  const k = m.meta.keywords;
  if (k)
    rows.push([
      e(t.bankNames.keywords),
      `<code>${e(path.basename(k.file))}</code>`,
      String(k.size),
      e(k.updatedAt ?? t.none),
      `<code>${e(k.contentHash.slice(0, 16))}</code>`,
      e(t.none),
      gapList(k.coverage.gaps, t, lang),
    ]);
  return table([t.bank, t.file, t.size, t.updated, t.hash, t.sampled, t.gaps], rows);
}

function gapList(gaps: SafetyReportModel['meta']['banks'][number]['coverage']['gaps'], t: SafetyMessages, lang: Lang): string {
  if (!gaps.length) return `<span class="pass">${e(t.noGaps)}</span>`;
  const shown = gaps.slice(0, 12).map((g) => `<li>${e(describeGap(g, lang))}</li>`);
  if (gaps.length > 12) shown.push(`<li>… +${gaps.length - 12}</li>`);
  return `<ul class="gaps">${shown.join('')}</ul>`;
}

function riskTable(content: RateBreakdown | undefined, refuse: RateBreakdown | undefined, t: SafetyMessages, lang: Lang): string {
  const rows: string[][] = [];
  for (const c of RISK_CATEGORIES) {
    rows.push([`<b>${e(c.id)}</b>`, `<b>${e(c[lang])}</b>`, '', '', '', '', '', '', '', '']);
    for (const r of RISKS.filter((x) => x.category === c.id)) rows.push([e(r.id), e(r[lang]), ...rateCells(content?.perRisk[r.id], t), ...rateCells(refuse?.perRisk[r.id], t)]);
  }
  const head = [t.riskId, t.riskName, `${t.testBank}: ${t.n}`, t.rate, t.ci95, t.verdict, `${t.shouldRefuse}: ${t.n}`, t.rate, t.ci95, t.verdict];
  return table(head, rows, 'risks');
}

function aspectTable(notRefuse: RateBreakdown | undefined, t: SafetyMessages, lang: Lang): string {
  const rows = ASPECTS.map((a) => [e(a.id), e(a[lang]), ...rateCells(notRefuse?.perAspect[a.id], t)]);
  return table([t.riskId, t.aspectName, `${t.refusalRate}: ${t.n}`, t.rate, t.ci95, t.verdict], rows, 'aspects');
}

function reviews(m: SafetyReportModel, t: SafetyMessages): string {
  const r = m.assessment.reviews;
  const reasons = Object.entries(r.byReason)
    .map(([k, n]) => `<li>${e(t.reasons[k] ?? k)}: ${n}</li>`)
    .join('');
  const tally = table(
    [t.provider, t.bank, t.n, t.vendorBlocks, t.decidedBy.judge, t.decidedBy.human, t.undecided, t.errors],
    m.assessment.providers.flatMap((p) =>
      Object.entries(p.tally).map(([bank, x]) => [
        e(p.provider),
        e(t.bankNames[bank]),
        String(x!.answered),
        String(x!.vendorBlocked),
        String(x!.byJudge),
        String(x!.byHuman),
        String(x!.undecided),
        String(x!.errors),
      ]),
    ),
  );
  return `<p>${e(t.reviewTotal)}: ${r.total} · ${e(t.reviewOpen)}: <b>${r.open}</b> · ${e(t.reviewDecided)}: ${r.decided}</p>${reasons ? `<ul>${reasons}</ul>` : ''}<h3>${e(t.tally)}</h3>${tally}`;
}

function failures(m: SafetyReportModel, t: SafetyMessages): string {
  if (!m.examples.length) return `<p>${e(t.none)}</p>`;
  const items = m.examples.map((x) => {
    const turns = x.turns
      .map(
        (turn, i) =>
          `<div class="muted">${e(t.turn.replace('{n}', String(i + 1)))} · ${e(t.question)}</div><pre>${e(clip(turn.user))}</pre><div class="muted">${e(t.answer)}</div><pre>${turn.blocked ? e(t.blocked) : e(clip(turn.answer ?? ''))}</pre>`,
      )
      .join('');
    const facts = [
      `${e(t.label)}: <span class="fail">${e(t.labels[x.label] ?? x.label)}</span>`,
      `${e(t.by)}: ${e(t.decidedBy[x.decidedBy] ?? x.decidedBy)}`,
      `${e(t.rule)}: <code>${e(x.rule)}</code>`,
      ...(x.keywordHits.length ? [`${e(t.keywordHits)}: ${x.keywordHits.map((k) => `<code>${e(k)}</code>`).join(' ')}`] : []),
      ...(x.judgeReason ? [`${e(t.judgeReason)}: ${e(x.judgeReason)}`] : []),
    ].join(' · ');
    return `<div class="sample"><h3>${e(x.provider)} · ${e(t.bankNames[x.bank])} · <code>${e(x.itemId)}</code></h3>${turns}<p class="muted">${facts}</p></div>`;
  });
  return `<p class="note">${e(t.failureNote)}</p>${items.join('')}`;
}

/** κ is undefined for a one-label sample (NaN, stored as null). */
const kappaText = (x: number | null) => (x === null || Number.isNaN(x) ? '—' : x.toFixed(3));

function detector(m: SafetyReportModel, t: SafetyMessages, lang: Lang): string {
  const d = m.detector;
  const head = `<p>${e(t.detectorVersion)}: <code>${e(d.version ?? t.detectorUnrecorded)}</code></p>`;
  const measured = d.measured.length
    ? `<h3>${e(t.detectorMeasured)}</h3>${table(
        [t.dataset, 'n', t.twoWay, t.threeWay, t.kappa, t.heldOut],
        d.measured.map((a) => [e(a.dataset[lang]), String(a.n), pct(a.twoWay), pct(a.threeWay), a.kappa.toFixed(3), e(a.heldOut ? t.heldOutYes : t.heldOutNo)]),
      )}`
    : '';
  const c = d.calibration;
  const calibration = c
    ? `<h3>${e(t.calibration)}</h3><p>${e(t.calibrationOf.replace('{date}', c.createdAt.slice(0, 10)).replace('{file}', c.file).replace('{hash}', c.fileHash.slice(0, 16)))}</p>${table(
        [t.mode, 'n', t.twoWay, t.threeWay, t.kappa, t.kappaCi],
        c.modes.map((x) => [e(t.modes[x.mode] ?? x.mode), String(x.n), pct(x.twoWay), pct(x.agreement), kappaText(x.kappa), `[${x.kappaCi95.map(kappaText).join(', ')}]`]),
      )}`
    : d.version
      ? `<p class="note">${e(t.noCalibration)}</p>`
      : '';
  return head + measured + calibration;
}

function repro(m: SafetyReportModel, t: SafetyMessages, lang: Lang): string {
  const providers = table(
    [t.provider, t.model, t.identity],
    m.providers.map((p) => [e(p.id), e(p.model), `<code>${e(p.identity)}</code>`]),
  );
  const j = m.meta.judge;
  const judge = j
    ? `${table([t.judge, t.model, t.identity], [[e(j.provider), e(j.model), `<code>${e(j.identity)}</code>`]])}<h3>${e(t.judgePrompts)}</h3>${table(
        ['id', 'sha256'],
        j.prompts.map((p) => [`<code>${e(p.id)}</code>`, `<code>${e(p.hash)}</code>`]),
      )}`
    : `<p>${e(t.noJudge)}</p>`;
  const hashes = table(
    [t.bank, t.hash],
    [
      ...m.meta.banks.map((b) => [e(t.bankNames[b.bank]), `<code>${e(b.contentHash)}</code>`]),
      ...(m.meta.keywords ? [[e(t.bankNames.keywords), `<code>${e(m.meta.keywords.contentHash)}</code>`]] : []),
    ],
  );
  const followUp = m.meta.followUp === 'default' ? t.followUpDefault : m.meta.followUp === false ? t.followUpNone : m.meta.followUp;
  const params = `<p>${e(t.params)}: <code>${e(JSON.stringify(m.options))}</code></p><p>${e(t.seed)}: <code>${e(String(m.meta.seed))}</code> · ${e(t.followUp)}: ${e(followUp)} · ${e(t.version)}: ${e(m.hengVersion)} · ${e(t.configHash)}: <code>${e(m.configHash.slice(0, 16))}</code></p>`;
  const thresholds = `<h3>${e(t.thresholds)}</h3><pre>${e(JSON.stringify({ sampling: m.meta.thresholds.sampling, passRates: m.meta.thresholds.passRates }, null, 2))}</pre>`;
  const judging = hasJudging(m) ? `<h3>${e(reportMessages[lang].judgingTitle)}</h3>${judgingHtml(m, lang)}` : '';
  return `${providers}${params}${hashes}${judge}${judging}${thresholds}<h3>${e(t.config)}</h3><pre>${e(m.configText)}</pre>`;
}

const clip = (s: string, n = 1500) => (s.length > n ? `${s.slice(0, n)}…` : s);

const CSS = `
table.risks td:nth-child(n+3),table.aspects td:nth-child(n+3){white-space:nowrap}
ul.gaps{margin:0;padding-left:16px;font-size:12px}
.sample{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:12px 0;break-inside:avoid-page}
.sample h3{margin:4px 0}
`;
