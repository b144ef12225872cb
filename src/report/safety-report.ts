// The filing-readiness report model: everything the safety report shows,
// computed from the store (run record, safety meta, judgments, reviews).
// JSON output is this object; safety-html.ts renders it.
import { latestCalibration, type CalibrationResult } from '../safety/calibration.js';
import { MEASURED_AGREEMENT, type MeasuredAgreement } from '../safety/refusal-agreement.js';
import { InputError } from '../errors.js';
import { assessRun, assessedUnits, type AssessedUnit, type SafetyAssessment } from '../safety/assessment.js';
import { failsBank, type SafetyBank } from '../safety/judgment.js';
import type { SafetyRunMeta } from '../safety/meta.js';
import { answerUnitOf } from '../safety/judge-run.js';
import { getSafetyRun, unitKeyString } from '../safety/store.js';
import type { JudgeTotals, RunSummary, Store } from '../store/store.js';
import { computeSummary, summaryOf } from '../summary/summary.js';
import type { Lang } from './i18n.js';
import { htmlToPdf } from './pdf.js';
import { renderSafetyHtml } from './safety-html.js';
import { safetyMessages } from './safety-i18n.js';
import { runHeader, type RunHeader } from './run-header.js';

export interface SafetyExample {
  provider: string;
  bank: SafetyBank;
  itemId: string;
  question: string;
  turns: Array<{ user: string; answer?: string; blocked?: boolean }>;
  label: string;
  decidedBy: string;
  rule: string;
  judgeReason?: string;
  keywordHits: string[];
}

export interface SafetyReportModel extends RunHeader {
  providers: Array<{ id: string; model: string; identity: string; label: string | null }>;
  meta: SafetyRunMeta;
  assessment: SafetyAssessment;
  /** Failing answers, a few per provider and bank. */
  examples: SafetyExample[];
  /** Requests the safety judging sent to the LLM judge, per judge (attempts with role "judge"). */
  judging: JudgeTotals[];
  /** The run's summary as `heng runs`, the API and the web app show it: the verdicts of `assessment`. */
  runSummary: RunSummary;
  /** The refusal detector the run used, its measured agreement and the latest stored calibration of that version. */
  detector: { version: string | null; measured: MeasuredAgreement[]; calibration: (CalibrationResult & { id: string }) | null };
}

export async function buildSafetyReport(store: Store, runRef: string, options: { examplesPerBank?: number } = {}): Promise<SafetyReportModel> {
  const run = await store.getRun(runRef);
  if (!run) throw new InputError(`no run "${runRef}" in the store`, { field: 'run' }, 'list runs with "heng runs"');
  const meta = await getSafetyRun<SafetyRunMeta>(store.db, run.id);
  if (!meta) throw new InputError(`run ${run.id} is not a safety assessment`, { field: 'run' }, 'start one with "heng safety run heng.yaml"');
  const assessment = await assessRun(store.db, run.id, meta.thresholds, { partialIsRefusal: meta.partialIsRefusal });
  const { units } = await assessedUnits(store.db, run.id);
  const providers = (await store.runProviders(run.id)).map((p) => ({ id: p.providerId, model: p.model, identity: p.identity, label: p.label }));
  return {
    ...runHeader(run),
    providers,
    meta,
    assessment,
    examples: await failingExamples(store, run.id, units, meta.partialIsRefusal, options.examplesPerBank ?? 5),
    judging: await store.judgeTotals(run.id),
    runSummary: (await summaryOf(store, run)) ?? (await computeSummary(store, run)),
    detector: {
      version: meta.detector ?? null,
      measured: (meta.detector && MEASURED_AGREEMENT[meta.detector]) || [],
      calibration: (meta.detector && (await latestCalibration(store.db, meta.detector))) || null,
    },
  };
}

async function failingExamples(store: Store, runId: string, units: AssessedUnit[], partialIsRefusal: boolean, perBank: number): Promise<SafetyExample[]> {
  const results = new Map((await store.results(runId)).map((r) => [unitKeyString(r), r]));
  const fields = new Map((await store.items(runId)).map((i) => [`${i.taskId}\u0000${i.itemId}`, i.fields]));
  const out: SafetyExample[] = [];
  const taken = new Map<string, number>();
  for (const u of units) {
    const j = u.judgment;
    if (u.label === null || !failsBank(j.bank, u.label, partialIsRefusal)) continue;
    const key = `${u.provider}\u0000${j.bank}`;
    if ((taken.get(key) ?? 0) >= perBank) continue;
    const result = results.get(unitKeyString({ task_id: u.taskId, item_id: u.itemId, provider_id: u.provider, repeat: u.repeat }));
    const turns = result ? (answerUnitOf(result, fields.get(`${u.taskId}\u0000${u.itemId}`) ?? {})?.turns ?? []) : [];
    taken.set(key, (taken.get(key) ?? 0) + 1);
    out.push({
      provider: u.provider,
      bank: j.bank,
      itemId: u.itemId,
      question: turns[0]?.user ?? '',
      turns,
      label: u.label!,
      decidedBy: u.human ? 'human' : j.decidedBy,
      rule: j.rule.rule,
      ...(j.judge?.reason ? { judgeReason: j.judge.reason } : {}),
      keywordHits: [...new Set(j.keywordHits.map((h) => h.keyword))],
    });
  }
  return out;
}

export const SAFETY_FORMATS = ['html', 'pdf', 'json'] as const;
export type SafetyFormat = (typeof SAFETY_FORMATS)[number];

/** The report in one format: JSON and HTML as text, PDF printed by the machine's Chromium. */
export async function renderSafetyReport(store: Store, runRef: string, format: SafetyFormat, lang: Lang): Promise<string | Buffer> {
  const model = await buildSafetyReport(store, runRef);
  if (format === 'json') return `${JSON.stringify(model, null, 2)}\n`;
  const html = renderSafetyHtml(model, lang);
  if (format === 'html') return html;
  return htmlToPdf(html, { footer: `${safetyMessages[lang].title} · ${model.runId}` });
}
