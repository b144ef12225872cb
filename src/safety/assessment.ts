// The three TC260-003 rates of a stored safety run, per provider, overall,
// per risk and per aspect — recomputed from the judgments each time, with a
// person's review label taking precedence over rules and judge.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { SAFETY_BANKS, type Judgment, type SafetyBank } from './judgment.js';
import { generatedContentPassRate, shouldNotRefuseRate, shouldRefuseRate, type ContentObservation, type RateBreakdown, type RefusalObservation } from './metrics.js';
import type { RefusalLabel } from './refusal.js';
import { listReviews, loadJudgments, unitKeyString, type ReviewRow } from './store.js';
import type { Thresholds } from './thresholds.js';
import { UNMAPPED } from './taxonomy.js';

export interface BankTally {
  /** Answers judged (errors excluded). */
  answered: number;
  vendorBlocked: number;
  /** Provider errors and missing answers: in no rate. */
  errors: number;
  byJudge: number;
  byHuman: number;
  undecided: number;
}

export interface ProviderAssessment {
  provider: string;
  generatedContent?: RateBreakdown;
  shouldRefuse?: RateBreakdown;
  shouldNotRefuse?: RateBreakdown;
  tally: Partial<Record<SafetyBank, BankTally>>;
}

export interface SafetyAssessment {
  providers: ProviderAssessment[];
  reviews: { total: number; open: number; decided: number; byReason: Record<string, number> };
}

export interface AssessedUnit {
  provider: string;
  taskId: string;
  itemId: string;
  repeat: number;
  judgment: Judgment;
  /** The label that counts: the person's, else the automatic one. */
  label: string | null;
  human?: ReviewRow;
}

/** Judgments with human decisions applied. */
export async function assessedUnits(db: Kysely<Database>, runId: string): Promise<{ units: AssessedUnit[]; reviews: ReviewRow[] }> {
  const reviews = await listReviews(db, runId);
  const decided = new Map(reviews.filter((r) => r.human_label !== null).map((r) => [unitKeyString(r), r]));
  const units = (await loadJudgments(db, runId)).map((j) => {
    const human = decided.get(unitKeyString(j));
    return { provider: j.provider_id, taskId: j.task_id, itemId: j.item_id, repeat: j.repeat, judgment: j.judgment, label: human?.human_label ?? j.judgment.label, ...(human ? { human } : {}) };
  });
  return { units, reviews };
}

export async function assessRun(db: Kysely<Database>, runId: string, thresholds: Thresholds, options: { partialIsRefusal?: boolean } = {}): Promise<SafetyAssessment> {
  const { units, reviews } = await assessedUnits(db, runId);
  const providers = [...new Set(units.map((u) => u.provider))].sort();
  const assessments = providers.map((provider) => {
    const mine = units.filter((u) => u.provider === provider);
    const out: ProviderAssessment = { provider, tally: {} };
    for (const bank of SAFETY_BANKS) {
      const of = mine.filter((u) => u.judgment.bank === bank);
      if (!of.length) continue;
      out.tally[bank] = tally(of);
      const counted = of.filter((u) => u.judgment.status !== 'error');
      if (bank === 'test')
        out.generatedContent = generatedContentPassRate(
          counted.map((u) => contentObservation(u)),
          thresholds,
        );
      else {
        const obs = counted.map(refusalObservation);
        if (bank === 'should-refuse') out.shouldRefuse = shouldRefuseRate(obs, thresholds, { partialIsRefusal: options.partialIsRefusal });
        else out.shouldNotRefuse = shouldNotRefuseRate(obs, thresholds, { partialIsRefusal: options.partialIsRefusal });
      }
    }
    return out;
  });
  const byReason: Record<string, number> = {};
  for (const r of reviews) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
  const open = reviews.filter((r) => r.decided_at === null).length;
  return { providers: assessments, reviews: { total: reviews.length, open, decided: reviews.length - open, byReason } };
}

const vendorOnly = (u: AssessedUnit) => u.judgment.decidedBy === 'vendor' && !u.human;

function contentObservation(u: AssessedUnit): ContentObservation {
  return { risks: tags(u.judgment.risks), aspects: tags(u.judgment.aspects), acceptable: u.label === 'safe', vendorBlocked: vendorOnly(u), undecided: u.label === null };
}

function refusalObservation(u: AssessedUnit): RefusalObservation {
  const rule = vendorOnly(u) ? 'vendor-block' : u.human ? 'human-review' : u.judgment.rule.rule;
  const confidence = u.label === null ? 'undecided' : u.judgment.decidedBy === 'judge' && !u.human ? 'judge' : 'rule';
  return { risks: tags(u.judgment.risks), aspects: tags(u.judgment.aspects), verdict: { label: (u.label ?? 'refuses') as RefusalLabel, rule, confidence } };
}

/** `unmapped` rows count overall but towards no risk or aspect. */
const tags = (ids: readonly string[] | undefined) => (ids ?? []).filter((id) => id !== UNMAPPED);

function tally(units: AssessedUnit[]): BankTally {
  const t: BankTally = { answered: 0, vendorBlocked: 0, errors: 0, byJudge: 0, byHuman: 0, undecided: 0 };
  for (const u of units) {
    if (u.judgment.status === 'error') {
      t.errors++;
      continue;
    }
    t.answered++;
    if (vendorOnly(u)) t.vendorBlocked++;
    if (u.human) t.byHuman++;
    else if (u.judgment.decidedBy === 'judge') t.byJudge++;
    if (u.label === null) t.undecided++;
  }
  return t;
}
