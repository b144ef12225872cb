// The committee dossier: the procurement report as a document a committee
// signs. Cover and approval block, scope and method, the conclusion and
// scorecard (procurement-html.ts), per-criterion evidence (html.ts), a risk
// register, representative failures with their full questions and answers,
// and an appendix with every setting. One HTML document; the PDF prints it
// and the DOCX is built from it (dossier-docx.ts), so the three never differ.
// Every value from a model, a data set or a config is escaped.
import type { DossierSpec, HengConfig } from '../config/schema.js';
import type { Procurement } from '../scorecard/procurement.js';
import { priceAgeDays } from '../providers/prices.js';
import { wilson } from '../stats/wilson.js';
import type { StoredResult } from '../store/store.js';
import type { RunProvider, StoredItem } from '../store/records.js';
import { render as renderTemplate } from '../tasks/template.js';
import { dossierMessages, fill, type DossierMessages } from './dossier-i18n.js';
import { escapeHtml as e, localTime, money, pct } from './format.js';
import { renderHtml, table } from './html.js';
import { messages, type Lang, type Messages } from './i18n.js';
import type { ReportModel } from './model.js';
import { conclusionParagraphs, procurementSections, type Section } from './procurement-html.js';
import { deploymentSection } from './deployment-html.js';
import { dimensionLabel } from './basis.js';
import { safetyMessages } from './safety-i18n.js';

export interface DossierInputs {
  model: ReportModel;
  results: StoredResult[];
  items: StoredItem[];
  /** The run's config, parsed (prompts, settings, the dossier section). */
  config: HengConfig;
  providers: RunProvider[];
  lang: Lang;
  /** When the report is made (the cover's default date, price ages). */
  now: Date;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** Failing answers shown per candidate and outcome. */
export const FAILURES_PER_OUTCOME = 3;

const FAILING = ['wrong', 'unparseable', 'error', 'content_filtered', 'missing'] as const;

export function dossierSpecOf(config: HengConfig): DossierSpec {
  return config.dossier ?? { timeZone: DEFAULT_TIME_ZONE, approval: {} };
}

export function dossierTitle(config: HengConfig, lang: Lang): string {
  return config.dossier?.title ?? messages[lang].procurementTitle;
}

export function dossierHtml(d: DossierInputs): string {
  const t = messages[d.lang];
  const x = dossierMessages[d.lang];
  const spec = dossierSpecOf(d.config);
  const tz = spec.timeZone;
  const p = d.model.procurement;
  const proc = p ? procurementSections(d.model, p, d.lang) : [];
  const byId = (id: string) => proc.filter((s) => s.id === id);
  const lead: Section[] = [
    ...byId('summary'),
    { id: 'scope', title: x.scope, html: scope(d, t, x, tz) },
    ...proc
      .filter((s) => s.id !== 'summary')
      .flatMap((s) => (s.id === 'costs' && p && d.config.deployment ? [s, { id: 'deployment', title: x.deployment, html: deploymentSection(p, d.config.deployment, d.lang) }] : [s])),
    { id: 'risks', title: x.risks, html: risks(d, t, x) },
  ];
  return renderHtml(d.model, {
    lang: d.lang,
    title: dossierTitle(d.config, d.lang),
    header: cover(d, spec, t, x),
    lead,
    sections: [
      { id: 'failures', title: x.failures, html: failures(d, t, x) },
      { id: 'appendix', title: x.appendix, html: appendix(d, spec, x) },
    ],
    timeZone: tz,
    css: DOSSIER_CSS,
  });
}

function cover(d: DossierInputs, spec: DossierSpec, t: Messages, x: DossierMessages): string {
  const m = d.model;
  const date = spec.date ?? localTime(m.finishedAt ?? m.createdAt, spec.timeZone, { dateOnly: true });
  const given = (v: unknown) => (v === undefined || v === null || v === '' ? `<span class="muted">${e(x.notGiven)}</span>` : e(v));
  const fields = [
    [x.project, given(spec.project ?? m.name)],
    [x.documentNumber, given(spec.documentNumber)],
    [x.classification, given(spec.classification)],
    [x.version, given(spec.version)],
    [x.date, e(date)],
    [x.runRef, `<code>${e(m.runId)}</code> · ${e(x.statusWords[m.status] ?? m.status)}`],
    [x.hengVersion, e(m.hengVersion)],
  ];
  const roles = [
    [x.preparedBy, spec.approval.preparedBy],
    [x.reviewedBy, spec.approval.reviewedBy],
    [x.approvedBy, spec.approval.approvedBy],
  ] as const;
  const approval = table(
    [x.role, x.name, x.date, x.signature],
    roles.map(([role, s]) => [`<b>${e(role)}</b>`, s ? e(s.name) : '', s?.date ? e(s.date) : '', '']),
  );
  void t;
  return `<div class="cover">
<p class="classification">${spec.classification ? `${e(x.classification)}：${e(spec.classification)}` : ''}</p>
<h1>${e(dossierTitle(d.config, d.lang))}</h1>
<p class="project">${e(spec.project ?? m.name ?? '')}</p>
<table class="fields"><tbody>${fields.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>
${m.procurement ? `<div class="cover-conclusion"><h2>${e(x.conclusionInBrief)}</h2>${conclusionParagraphs(m.procurement, d.lang).join('')}</div>` : ''}
<h2 class="approval-title">${e(x.approval)}</h2>
<div class="approval">${approval}</div>
<p class="note">${e(fill(x.coverNote, { tz: spec.timeZone }))}</p>
</div>`;
}

const nowrap = (s: string) => `<span class="nw">${s}</span>`;

function scope(d: DossierInputs, t: Messages, x: DossierMessages, tz: string): string {
  const m = d.model;
  const repeats = Number((m.options as { repeats?: number }).repeats ?? 1);
  const candidates = table(
    [t.provider, t.model, x.label],
    m.providers.map((p) => [nowrap(e(p.id)), e(p.model), e(p.label ?? '')]),
  );
  const specs = new Map(d.config.tasks.map((s) => [String(s.id ?? s.pack ?? ''), s]));
  const tasks = table(
    [t.task, t.dimension, x.description, x.items, t.taskHash, t.datasetHash],
    m.tasks.map((k) => [
      nowrap(e(k.id)),
      nowrap(e(k.tags.dimension ? dimensionLabel(k.tags.dimension, d.lang) : '—')),
      e(String(specs.get(k.id)?.description ?? '')),
      String(k.items),
      `<code>${e(k.taskHash.slice(0, 12))}</code>`,
      `<code>${e(k.datasetHash.slice(0, 12))}</code>`,
    ]),
  );
  const sized = m.tasks.filter((k) => k.items > 0);
  const halfWidth = (n: number) => {
    const [lo, hi] = wilson(Math.round(n / 2), n);
    return (hi - lo) / 2;
  };
  const sizes = table(
    [t.task, x.answersPerCandidate, x.halfWidth],
    sized.map((k) => [nowrap(e(k.id)), String(k.items * repeats), `±${pct(halfWidth(k.items * repeats))}`]),
  );
  const smallest = sized.reduce((a, b) => (b.items < a.items ? b : a), sized[0]);
  const pooled = Math.max(0, ...m.overall.map((o) => o.n));
  const why = smallest ? `<p>${e(fill(x.sampleWhy, { w: pct(halfWidth(smallest.items * repeats)), n: smallest.items * repeats, total: pooled }))}</p>` : '';
  const opts = m.options as Record<string, unknown>;
  const settings = table(
    [x.setting, x.value],
    ['repeats', 'temperature', 'maxTokens', 'seed', 'timeoutMs', 'budgetCny', 'maxErrorRate', 'cache']
      .filter((k) => opts[k] !== undefined)
      .map((k) => [`<code>${e(k)}</code>`, e(typeof opts[k] === 'object' ? JSON.stringify(opts[k]) : String(opts[k]))]),
  );
  const judges = m.judging.length
    ? table(
        [t.judge, t.judgeRequests, t.judgeCached, t.judgeFailed],
        m.judging.map((j) => [nowrap(e(j.judge)), String(j.requests), String(j.cached), String(j.failed)]),
      ) + `<p class="note">${e(x.judgeCalibration)}</p>`
    : `<p>${e(x.noJudges)}</p>`;
  const dates = table(
    [x.dates, x.value],
    [
      [e(x.started), e(localTime(m.createdAt, tz, { seconds: true }))],
      [e(x.finished), e(localTime(m.finishedAt, tz, { seconds: true }))],
      [e(x.reportMade), e(localTime(d.now.toISOString(), tz, { seconds: true }))],
      [e(x.hengVersion), e(m.hengVersion)],
    ],
  );
  return `<h3>${e(x.candidates)}</h3>${candidates}<h3>${e(x.tasksTested)}</h3>${tasks}<h3>${e(x.sampleSize)}</h3>${sizes}${why}<h3>${e(x.settings)}</h3>${settings}<h3>${e(x.judges)}</h3>${judges}<h3>${e(x.dates)}</h3>${dates}`;
}

type Level = 'high' | 'medium' | 'low';
interface Risk {
  provider: string;
  risk: string;
  level: Level;
  evidence: string;
}

const levelOfShare = (share: number): Level => (share >= 0.05 ? 'high' : share >= 0.01 ? 'medium' : 'low');

/** The risks of each candidate, from the run's figures: what a committee must know before it signs. */
export function riskRegister(d: Pick<DossierInputs, 'model' | 'results' | 'now'>, lang: Lang): Risk[] {
  const t = messages[lang];
  const x = dossierMessages[lang];
  const m = d.model;
  const p: Procurement | undefined = m.procurement;
  const out: Risk[] = [];
  for (const prov of m.providers) {
    const rows = d.results.filter((r) => r.provider_id === prov.id);
    const n = rows.length;
    const share = (k: number) => fill(x.ofAnswers, { k, n, p: pct(n ? k / n : 0) });
    const add = (risk: string, level: Level, evidence: string) => out.push({ provider: prov.id, risk, level, evidence });
    const safety = p?.safety.find((s) => s.provider === prov.id);
    const checks = (s: NonNullable<typeof safety>) =>
      s.checks.map((c) => `${c.metric ? safetyMessages[lang][c.metric] : c.name} ${pct(c.rate)} ${c.direction === 'min' ? '≥' : '≤'} ${pct(c.threshold)}`).join('; ');
    if (safety?.verdict === 'fail') add(x.riskSafetyFail, 'high', checks(safety));
    else if (safety?.verdict === 'marginal') add(x.riskSafetyMarginal, 'medium', checks(safety));
    else if (!safety) add(x.riskSafetyNone, 'medium', t.safetyNotAssessed);
    const count = (f: (r: StoredResult) => boolean) => rows.filter(f).length;
    for (const [outcome, label] of [
      ['content_filtered', x.riskFiltered],
      ['error', x.riskErrors],
      ['missing', x.riskMissing],
    ] as const) {
      const k = count((r) => r.outcome === outcome);
      if (k) add(label, levelOfShare(k / n), share(k));
    }
    const truncated = count((r) => r.finish_reason === 'length');
    if (truncated) add(x.riskTruncated, levelOfShare(truncated / n), share(truncated));
    // The one staleness rule (src/providers/prices.ts), as of the run's start: the model carries its verdict.
    const price = prov.price as { date?: string; source?: string } | null;
    if (!price) add(x.riskPriceUnknown, 'medium', t.unknown);
    else if (prov.priceWarning) add(x.riskPriceStale, 'medium', prov.priceWarning[lang]);
    else if (price.date !== 'config' && priceAgeDays({ date: price.date ?? '' }) === undefined) add(x.riskPriceStale, 'low', fill(x.priceNoDate, { source: price.source ?? '—' }));
    const retried = count((r) => r.tries > 1);
    const timedOut = count((r) => r.status === 'timeout');
    const load = p?.loads.find((l) => l.runProvider === prov.id);
    const kneeStep = load?.steps.find((s) => s.concurrency === load.knee.concurrency);
    const loadShare = kneeStep?.errorRate ?? 0;
    if (retried || timedOut || loadShare > 0) {
      const level = [levelOfShare(n ? retried / n : 0), levelOfShare(n ? timedOut / n : 0), levelOfShare(loadShare)].sort((a, b) => rankOf(a) - rankOf(b))[0];
      const parts = [fill(x.retried, { k: retried, n, t: timedOut })];
      if (kneeStep) parts.push(fill(x.loadErrors, { p: pct(loadShare) }));
      add(x.riskUnstable, level, parts.join('; '));
    }
  }
  return out.sort((a, b) => rankOf(a.level) - rankOf(b.level));
}

const rankOf = (l: Level) => (l === 'high' ? 0 : l === 'medium' ? 1 : 2);

function risks(d: DossierInputs, t: Messages, x: DossierMessages): string {
  const list = riskRegister(d, d.lang);
  if (!list.length) return `<p>${e(x.riskNoneFound)}</p>`;
  const cls = { high: 'fail', medium: 'marginal', low: 'muted' } as const;
  const rows = list.map((r) => [nowrap(e(r.provider)), e(r.risk), nowrap(`<span class="${cls[r.level]}">${e(x[r.level])}</span>`), e(r.evidence)]);
  return `${table([t.provider, x.risk, x.level, x.evidence], rows)}<p class="note">${e(x.riskNote)}</p>`;
}

/** The prompt as sent: the task's template over the item's fields (packs build theirs in code: their fields are shown). */
function promptOf(d: DossierInputs, taskId: string, item: StoredItem | undefined): { system: string | null; user: string } {
  const spec = d.config.tasks.find((s) => s.id === taskId) as { prompt?: { system?: string; user?: string } } | undefined;
  const fields = item?.fields ?? {};
  if (spec?.prompt?.user) return { system: spec.prompt.system ? renderTemplate(spec.prompt.system, fields) : null, user: renderTemplate(spec.prompt.user, fields) };
  const { id: _id, tags: _tags, ...rest } = fields as Record<string, unknown>;
  return { system: null, user: typeof rest.question === 'string' ? rest.question : JSON.stringify(rest, null, 2) };
}

const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

function failures(d: DossierInputs, t: Messages, x: DossierMessages): string {
  const items = new Map(d.items.map((i) => [`${i.taskId}\u0000${i.itemId}`, i]));
  const order = new Map(d.items.map((i, k) => [`${i.taskId}\u0000${i.itemId}`, k]));
  const out: string[] = [`<p class="note">${e(fill(x.failuresNote, { k: FAILURES_PER_OUTCOME }))}</p>`];
  let shown = 0;
  for (const prov of d.model.providers) {
    const mine = d.results
      .filter((r) => r.provider_id === prov.id && r.repeat === 0)
      .sort((a, b) => (order.get(`${a.task_id}\u0000${a.item_id}`) ?? 0) - (order.get(`${b.task_id}\u0000${b.item_id}`) ?? 0));
    const cases = FAILING.flatMap((o) => mine.filter((r) => r.outcome === o).slice(0, FAILURES_PER_OUTCOME));
    if (!cases.length) continue;
    out.push(`<h3>${e(prov.id)}</h3>`);
    for (const r of cases) {
      shown++;
      const item = items.get(`${r.task_id}\u0000${r.item_id}`);
      const prompt = promptOf(d, r.task_id, item);
      const answer = r.raw_output ?? '';
      const facts: Array<[string, string]> = [
        [
          x.outcome,
          `<span class="tag ${e(r.outcome)}">${e(t[r.outcome as keyof Messages] ?? r.outcome)}</span>${r.status !== 'ok' ? ` <span class="muted">${e(x.attemptStatus[r.status] ?? r.status)}</span>` : ''}`,
        ],
        [x.reference, e(text(item?.target) || '—')],
        [x.extracted, e(r.extracted ?? '—')],
        [x.rule, r.rule ? `<code>${e(r.rule)}</code>` : '—'],
      ];
      if (r.error_message) facts.push([x.errorMessage, `${r.error_code ? `<code>${e(r.error_code)}</code> ` : ''}${e(r.error_message)}`]);
      out.push(
        `<div class="case"><h4>${e(r.task_id)} · ${e(r.item_id)}</h4><table class="fields"><tbody>${facts.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>` +
          (prompt.system ? `<div class="label">${e(x.systemPrompt)}</div><pre>${e(prompt.system)}</pre>` : '') +
          `<div class="label">${e(x.question)}</div><pre>${e(prompt.user)}</pre><div class="label">${e(x.answer)}</div><pre>${answer ? e(answer) : e(x.noAnswer)}</pre></div>`,
      );
    }
  }
  if (!shown) return `<p>${e(x.noFailures)}</p>`;
  return out.join('');
}

/** A key naming a secret (apiKey, secretKey, accessToken, password, …); "tokens", a count (maxTokens, maxTokensPerItem), names none. */
const SECRET_WORD = /key|secret|token|password|authorization/i;
const isSecretKey = (key: string) => SECRET_WORD.test(key.replace(/tokens/gi, ''));
const SECRET_REF = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/;

/** Nested settings as dotted keys; a value under a secret-looking key is shown only when it is an ${env:…} reference. */
export function flatten(value: unknown, redacted: string, prefix = ''): Array<[string, string]> {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    const s = typeof value === 'string' ? value : JSON.stringify(value);
    return [[prefix, isSecretKey(prefix.split('.').pop() ?? '') && !SECRET_REF.test(s) ? redacted : s]];
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    // Header values carry credentials as often as not.
    if (/^headers$/i.test(k) && v && typeof v === 'object') return Object.entries(v).map(([h, hv]): [string, string] => [`${key}.${h}`, SECRET_REF.test(String(hv)) ? String(hv) : redacted]);
    return flatten(v, redacted, key);
  });
}

function appendix(d: DossierInputs, spec: DossierSpec, x: DossierMessages): string {
  const kv = (pairs: Array<[string, string]>) => table([x.setting, x.value], pairs.length ? pairs.map(([k, v]) => [`<code>${e(k)}</code>`, e(v)]) : [[e(x.none), '']]);
  const p = d.model.procurement;
  const parts = [`<h3>${e(x.runOptions)}</h3>${kv(flatten(d.model.options, x.redacted))}`];
  if (p) parts.push(`<h3>${e(x.scorecardSpec)}</h3>${kv(flatten(p.spec, x.redacted))}`);
  if (p?.workload) parts.push(`<h3>${e(x.workloadSpec)}</h3>${kv(flatten(p.workload, x.redacted))}`);
  parts.push(`<h3>${e(x.dossierSpec)}</h3>${kv(flatten(spec, x.redacted))}`);
  const entries = d.providers.flatMap((rp) => flatten(rp.entry, x.redacted).map(([k, v]): [string, string] => [`${rp.providerId}.${k}`, v]));
  parts.push(`<h3>${e(x.providerEntries)}</h3>${kv(entries)}`);
  return parts.join('');
}

/** Money in the dossier: two decimals (format.ts `money`). */
export { money };

export const DOSSIER_CSS = `
.cover{break-after:page;padding-top:40px}
.cover h1{font-size:30px;margin:48px 0 8px} .cover .project{font-size:18px;color:#444;margin:0 0 28px}
.cover .classification{text-align:right;font-weight:600;min-height:1em}
.cover table.fields{width:auto;min-width:60%} .cover table.fields th{width:9em}
.cover-conclusion{border:1px solid #d0d7de;border-radius:4px;padding:4px 14px;margin:18px 0} .cover-conclusion h2{font-size:15px;margin:8px 0 4px} .cover-conclusion p{margin:4px 0}
.cover .approval table td{height:34px} .cover .approval table th:nth-child(4),.cover .approval table td:nth-child(4){width:35%}
table.fields th{white-space:nowrap;width:8em}
.case{break-inside:avoid-page;border-left:3px solid #d0d7de;padding-left:10px;margin:14px 0}
.case h4{margin:4px 0;font-size:14px} .case .label{font-size:12px;font-weight:600;margin-top:6px}
.case pre{max-height:none}
`;
