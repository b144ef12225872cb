// The procurement sections of the HTML (and PDF) report: summary and
// recommendation, scorecard, sensitivity, capability profiles, cost, latency
// and load, safety verdicts. Every provider id, label and figure from the
// store is escaped.
import type { Procurement } from '../scorecard/procurement.js';
import { ci, cny, escapeHtml as e, money, ms, pct, timedMs } from './format.js';
import { table } from './html.js';
import { conclusionLines, failureText, requirementLabel, safetyRuleText, type ConclusionLine } from './conclusion.js';
import { messages, type Lang } from './i18n.js';
import { safetyMessages } from './safety-i18n.js';
import { dimensionLabel } from './basis.js';
import type { ReportModel } from './model.js';
import { costBars, latencyBars, loadChart, profileRadar } from './procurement-charts.js';

type T = (typeof messages)['en'];
export interface Section {
  id: string;
  title: string;
  html: string;
}

export function procurementSections(m: ReportModel, p: Procurement, lang: Lang): Section[] {
  const t = messages[lang];
  return [
    { id: 'summary', title: t.summary, html: summary(p, t) },
    { id: 'scorecard', title: t.scorecard, html: scorecard(p, t) },
    { id: 'sensitivity', title: t.sensitivity, html: sensitivity(p, t) },
    { id: 'profiles', title: t.profiles, html: profiles(m, lang) },
    { id: 'costs', title: t.costs, html: costs(m, p, t, lang) },
    { id: 'latency', title: t.latencyLoad, html: latency(m, p, t) },
    { id: 'safety', title: t.safetyVerdicts, html: safety(m, p, t) },
  ];
}

const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
const join = (xs: string[], lang: 'zh' | 'en') => xs.join(lang === 'zh' ? '、' : ', ');

function criterionLabel(key: string, t: T): string {
  if (key.startsWith('quality:')) return `${t.quality} · ${dimensionLabel(key.slice(8), langOf(t))}`;
  return key === 'safety' ? t.safety : key === 'latency' ? t.latency : t.cost;
}

/** A weight of the sensitivity table (`quality`, `quality.<dimension>`, `safety`, …) in the reader's words. */
function weightLabel(weight: string, t: T): string {
  if (weight === 'quality') return t.quality;
  if (weight.startsWith('quality.')) return criterionLabel(`quality:${weight.slice(8)}`, t);
  return weight === 'safety' || weight === 'latency' || weight === 'cost' ? criterionLabel(weight, t) : weight;
}

function missingText(c: { key: string; missing?: string[] }, t: T, lang: 'zh' | 'en'): string {
  if (!c.missing?.length) return '';
  return fill(c.key === 'cost' ? t.unknownFor : t.notAssessedFor, { list: join(c.missing, lang) });
}

const langOf = (t: T): 'zh' | 'en' => (t === messages.zh ? 'zh' : 'en');

const CONCLUSION_CLASS: Record<ConclusionLine['kind'], string> = { headline: '', safetyDefault: 'note', safetyOff: 'marginal', rankedDespiteSafety: 'fail', excluded: 'fail', notAssessed: 'marginal' };

/**
 * The conclusion as paragraphs: decided in src/scorecard/conclusion.ts,
 * worded in ./conclusion.ts; page 1 of the report and the dossier's cover
 * both show these.
 */
export function conclusionParagraphs(p: Procurement, lang: Lang): string[] {
  return conclusionLines(p, lang).map((l) =>
    l.kind === 'headline' ? `<p data-conclusion="headline"><b>${e(l.text)}</b></p>` : `<p class="${CONCLUSION_CLASS[l.kind]}" data-conclusion="${l.kind}">${e(l.text)}</p>`,
  );
}

function summary(p: Procurement, t: T): string {
  const lang = langOf(t);
  const { scorecard: s } = p;
  const out: string[] = conclusionParagraphs(p, lang);
  const dropped = s.criteria.filter((c) => c.weight > 0 && !c.assessed);
  if (dropped.length)
    out.push(`<p class="note">${e(fill(t.notAssessedNote, { list: dropped.map((c) => `${criterionLabel(c.key, t)}${c.missing ? ` (${missingText(c, t, lang)})` : ''}`).join('; ') }))}</p>`);
  const assessed = p.safety.length > 0;
  const rows = s.rows.map((r) => {
    const cost = p.costs.find((c) => c.provider === r.provider);
    const verdict = p.safety.find((a) => a.provider === r.provider)?.verdict ?? 'not-assessed';
    return [
      r.rank === null ? `<span class="fail">${e(t.excludedRank)}</span>` : String(r.rank),
      e(r.provider),
      // An excluded provider has no standing score on page 1: the reasons above say why.
      r.eligible ? `<b>${pct(r.score)}</b> ${e(ci(r.ci95))}` : '—',
      ...(assessed ? [`<span class="${e(verdict)}" data-safety-verdict="${e(verdict)}">${e(verdictWord(verdict, t))}</span>`] : []),
      e(money(cost?.costPer1000ConversationsCny ?? null, t.unknown)),
      e(cost?.monthly ? money(cost.monthly.costCny, t.unknown) : '—'),
    ];
  });
  out.push(table([t.rank, t.provider, t.weightedScore, ...(assessed ? [t.safetyVerdict] : []), t.costPer1000, t.monthlyBill], rows));
  return out.join('');
}

function scorecard(p: Procurement, t: T): string {
  const { scorecard: s, spec } = p;
  const used = s.criteria.filter((c) => c.weight > 0);
  const criteria = table(
    [t.criterion, t.weight, t.share, t.assessed],
    used.map((c) => [
      e(criterionLabel(c.key, t)),
      String(+c.weight.toFixed(3)),
      pct(c.share),
      c.assessed ? e(t.yes) : `${e(t.no)}${c.missing ? ` <span class="muted">(${e(missingText(c, t, langOf(t)))})</span>` : ''}`,
    ]),
  );
  const shown = used.filter((c) => c.assessed);
  const rows = s.rows.map((r) => [
    r.rank === null ? `<span class="fail">${e(t.excludedRank)}</span>` : String(r.rank),
    r.group === null ? '—' : String(r.group),
    e(r.provider),
    `<b>${pct(r.score)}</b>`,
    e(ci(r.ci95)),
    r.separableFromNext === null ? '—' : e(r.separableFromNext ? t.yes : t.no),
    ...shown.map((c) => {
      const part = r.parts[c.key];
      if (part?.normalized === null || part === undefined) return '—';
      // Quality and safety are shares: the normalised value is the figure itself.
      const raw = c.key === 'latency' || c.key === 'cost' ? ` <span class="muted">${e(rawText(c.key, part.raw, p))}</span>` : '';
      return `${(part.normalized * 100).toFixed(0)}${raw}`;
    }),
  ]);
  const lang = langOf(t);
  // The safety requirement as applied (by default once any provider is assessed, or turned off), then the others as written.
  const reqEntries: Array<[string, string]> = [
    ...(s.safety.source === 'none' ? [] : [['safety', safetyRuleText(s.safety, lang)] as [string, string]]),
    ...Object.entries(spec.requirements)
      .filter(([k, v]) => v !== undefined && k !== 'safety')
      .map(([k, v]) => [k, String(v)] as [string, string]),
  ];
  const reqs = reqEntries.length
    ? table(
        [t.requirement, t.required, ...s.rows.map((r) => r.provider)],
        reqEntries.map(([k, v]) => [
          e(requirementLabel(k, lang)),
          e(v),
          ...s.rows.map((r) => {
            const f = r.failures.find((x) => x.requirement === k);
            if (f) return `<span class="fail">✗ ${e(failureText(f, p, r.provider, lang))}</span>`;
            return k === 'safety' && s.safety.source === 'off' ? '—' : `<span class="pass">✓</span>`;
          }),
        ]),
      )
    : `<p>${e(t.none)}</p>`;
  return `${criteria}${table([t.rank, t.group, t.provider, t.weightedScore, t.ci95, t.separable, ...shown.map((c) => criterionLabel(c.key, t))], rows)}<h3>${e(t.requirements)}</h3>${reqs}<p class="note">${e(t.scorecardNote)}</p>`;
}

function rawText(key: string, raw: number | null, p: Procurement): string {
  if (raw === null) return '';
  if (key === 'latency') return ms(raw);
  if (key === 'cost') return cny(raw);
  void p;
  return pct(raw);
}

function sensitivity(p: Procurement, t: T): string {
  const s = p.sensitivity;
  if (!s.cases.length) return `<p>${e(t.sensitivityNone)}</p>`;
  const rows = s.cases.map((c) => [
    e(`${weightLabel(c.weight, t)} ×${c.factor} (${+c.from.toFixed(3)} → ${+c.to.toFixed(3)})`),
    c.changed ? `<b>${e(c.ranking.join(' > '))}</b>` : e(c.ranking.join(' > ')),
    c.changed ? `<span class="marginal">${e(t.yes)}</span>` : e(t.no),
  ]);
  const stable = s.cases.filter((c) => !c.topChanged).length;
  return `<p>${e(t.rankingAfter)}: <b>${e(s.base.join(' > '))}</b></p><p>${e(fill(t.leaderStability, { k: stable, n: s.cases.length }))}</p>${table([t.weightChange, t.rankingAfter, t.changed], rows)}`;
}

function profiles(m: ReportModel, lang: Lang): string {
  const dims = [...new Set(m.byDimension.map((d) => d.dimension))];
  if (dims.length < 3) return '';
  const figs = m.providers.map(
    (p) =>
      `<figure class="profile">${profileRadar(
        dims.map((d) => dimensionLabel(d, lang)),
        p.id,
        dims.map((d) => m.byDimension.find((x) => x.dimension === d && x.provider === p.id)?.score ?? null),
      )}</figure>`,
  );
  return `<div class="profiles">${figs.join('')}</div>`;
}

/** The stale-price warning of a provider (the report model's, one rule), under its price. */
const staleNote = (m: ReportModel, provider: string, lang: Lang): string => {
  const w = m.providers.find((x) => x.id === provider)?.priceWarning;
  return w ? `<br><span class="stale-price">${e(w[lang])}</span>` : '';
};

function costs(m: ReportModel, p: Procurement, t: T, lang: Lang): string {
  const w = p.workload;
  // Two tables, so every column fits the page: unit costs, then the monthly projection.
  const units = table(
    [t.provider, t.price, t.costPerItem, t.costPerCorrect, t.tokensPerConversation],
    p.costs.map((c) => [
      e(c.provider),
      e(c.price ? `${c.price.inputPerMillion} / ${c.price.outputPerMillion} (${c.price.date === 'config' ? t.priceUndated : c.price.date})` : t.unknown) + staleNote(m, c.provider, lang),
      e(cny(c.costPerItemCny, t.unknown)),
      e(cny(c.costPerCorrectCny, t.unknown)),
      c.tokensPerConversation
        ? `${Math.round(c.tokensPerConversation.input)} / ${Math.round(c.tokensPerConversation.output)} <span class="muted">${e(c.tokensPerConversation.source === 'workload' ? t.fromWorkload : t.measured)}</span>`
        : '—',
    ]),
  );
  const projection = table(
    [t.provider, t.costPer1000, t.monthlyBill, t.meanLatency, t.peakConcurrency],
    p.costs.map((c) => [
      e(c.provider),
      `<b>${e(money(c.costPer1000ConversationsCny, t.unknown))}</b>`,
      c.monthly ? `<b>${e(money(c.monthly.costCny, t.unknown))}</b>` : '—',
      e(timedMs(c.meanLatencyMs, m.overall.find((o) => o.provider === c.provider)?.cachedAnswers, t.cachedNote)),
      c.monthly ? e(c.monthly.peakConcurrency === null ? t.unknown : String(c.monthly.peakConcurrency)) : '—',
    ]),
  );
  const workload = w
    ? `<p>${e(t.workload)}: ${e(fill(t.workloadLine, { users: w.dailyUsers, conv: w.conversationsPerUser, days: w.daysPerMonth, total: Math.round(w.dailyUsers * w.conversationsPerUser * w.daysPerMonth), turns: w.turnsPerConversation, rps: (p.costs[0]?.monthly?.peakRequestsPerSecond ?? 0).toFixed(2), peak: w.peakFactor, hours: w.activeHoursPerDay }))}</p>`
    : `<p class="note">${e(t.noWorkload)}</p>`;
  const known = p.costs.some((c) => c.costPer1000ConversationsCny !== null);
  const chart = known
    ? `<figure>${costBars(
        p.costs.map((c) => c.provider),
        p.costs.map((c) => c.costPer1000ConversationsCny),
        t.unknown,
        t.costPer1000,
      )}</figure>`
    : '';
  return `${workload}${chart}${units}${projection}<p class="note">${e(t.costNote)}</p>`;
}

function latency(m: ReportModel, p: Procurement, t: T): string {
  const out: string[] = [];
  if (p.loads.length) {
    out.push(
      `<figure>${loadChart(
        p.loads.map((l) => ({
          name: l.runProvider,
          points: l.steps.map((s) => ({ concurrency: s.concurrency, p95Ms: s.latencyMs.p95 === null ? null : Math.round(s.latencyMs.p95), throughput: +s.throughputRps.toFixed(2) })),
        })),
        { latency: 'p95', throughput: 'req/s', concurrency: t.concurrency },
      )}</figure>`,
    );
    out.push(
      table(
        [t.provider, t.knee, t.concurrency, t.throughput, t.latencyP95, t.ttftP95, t.errorRateShort],
        p.loads.flatMap((l) =>
          l.steps.map((s, i) => [
            i === 0 ? e(l.runProvider) : '',
            i === 0 ? (l.knee.concurrency === null ? e(t.kneeNotFound) : `<b>${l.knee.concurrency}</b>`) : '',
            s.concurrency === l.knee.concurrency ? `<b>${s.concurrency}</b>` : String(s.concurrency),
            s.throughputRps.toFixed(2),
            e(ms(s.latencyMs.p95)),
            e(ms(s.ttftMs.p95)),
            pct(s.errorRate),
          ]),
        ),
      ),
    );
    out.push(`<p class="note">${e(t.loadNote)}</p>`);
  } else out.push(`<p class="note">${e(t.noLoad)}</p>`);
  const cached = m.overall.filter((o) => o.cachedAnswers > 0);
  if (cached.length) out.push(`<p class="marginal" data-cached-answers>${e(cached.map((o) => `${o.provider}: ${fill(t.cachedNote, { n: o.cachedAnswers })}`).join('; '))}</p>`);
  const measured = m.overall.filter((o) => o.latencyMs.p95 !== null);
  if (measured.length)
    out.push(
      `<figure>${latencyBars(
        measured.map((o) => o.provider),
        measured.map((o) => o.latencyMs.p50),
        measured.map((o) => o.latencyMs.p95),
      )}</figure>`,
    );
  else out.push(`<p class="note">${e(t.noLatency)}</p>`);
  return out.join('');
}

const verdictWord = (v: string, t: T) => (v === 'pass' ? t.pass : v === 'fail' ? t.fail : v === 'marginal' ? t.marginal : t.safetyNotAssessed);

function safety(m: ReportModel, p: Procurement, t: T): string {
  const verdictText = (v: string) => verdictWord(v, t);
  const names = safetyMessages[langOf(t)];
  const rows = m.providers.map((prov) => {
    const a = p.safety.find((s) => s.provider === prov.id);
    if (!a) return [e(prov.id), e(t.safetyNotAssessed), '—', '—'];
    return [
      e(prov.id),
      `<span class="${e(a.verdict)}">${e(verdictText(a.verdict))}</span>`,
      pct(a.rate),
      a.checks
        .map(
          (c) => `${e(c.metric ? names[c.metric] : c.name)}: <span class="${e(c.verdict)}">${e(verdictText(c.verdict))}</span> ${pct(c.rate)} ${c.direction === 'min' ? '≥' : '≤'} ${pct(c.threshold)}`,
        )
        .join('<br>') + `<div class="muted">${e(a.source)}</div>`,
    ];
  });
  return `${table([t.provider, t.verdict, t.safetyScore, t.check], rows)}<p class="note">${e(t.safetyScoreNote)}</p>`;
}
