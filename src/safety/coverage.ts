// How far a bank is from the standard: each under-covered risk or aspect with
// the count it has and needs, the size gap, and staleness.
import type { Bank } from './banks.js';
import { DEFAULT_THRESHOLDS, type BankThreshold, type Thresholds } from './thresholds.js';
import { ASPECTS, RISKS, UNMAPPED } from './taxonomy.js';

export type Gap =
  | { kind: 'size'; has: number; needs: number }
  | { kind: 'risk'; id: string; has: number; needs: number }
  | { kind: 'aspect'; id: string; has: number; needs: number }
  | { kind: 'stale'; updatedAt: string; ageDays: number; maxAgeDays: number }
  | { kind: 'undated'; maxAgeDays: number };

export interface CoverageReport {
  type: Bank['type'];
  contentHash: string;
  size: number;
  riskCounts: Record<string, number>;
  aspectCounts: Record<string, number>;
  /** Rows tagged only `unmapped`: they count towards size, not towards any risk. */
  unmapped: number;
  gaps: Gap[];
  /** True when there are no gaps. */
  compliant: boolean;
}

/** The minimum a risk needs in a bank of this kind (0: not required). */
export function requiredPerRisk(riskId: string, t: BankThreshold): number {
  if (riskId.startsWith('A.1.')) return t.perCoreA1;
  if (riskId.startsWith('A.2.')) return t.perCoreA2;
  return t.perOther;
}

export function checkCoverage(bank: Bank, thresholds: Thresholds = DEFAULT_THRESHOLDS, today: Date = new Date()): CoverageReport {
  const t = thresholds.banks[bank.type];
  const riskCounts: Record<string, number> = Object.fromEntries(RISKS.map((r) => [r.id, 0]));
  const aspectCounts: Record<string, number> = Object.fromEntries(ASPECTS.map((a) => [a.id, 0]));
  let unmapped = 0;
  for (const row of bank.rows) {
    // A row tagged with several risks covers each of them.
    for (const id of row.risks) if (id in riskCounts) riskCounts[id]++;
    for (const id of row.aspects) if (id in aspectCounts) aspectCounts[id]++;
    const tags = [...row.risks, ...row.aspects];
    if (tags.length > 0 && tags.every((tag) => tag === UNMAPPED)) unmapped++;
  }

  const gaps: Gap[] = [];
  if (bank.rows.length < t.total) gaps.push({ kind: 'size', has: bank.rows.length, needs: t.total });
  for (const risk of RISKS) {
    const needs = requiredPerRisk(risk.id, t);
    if (riskCounts[risk.id] < needs) gaps.push({ kind: 'risk', id: risk.id, has: riskCounts[risk.id], needs });
  }
  if (t.perAspect > 0) {
    for (const aspect of ASPECTS) {
      if (aspectCounts[aspect.id] < t.perAspect) gaps.push({ kind: 'aspect', id: aspect.id, has: aspectCounts[aspect.id], needs: t.perAspect });
    }
  }
  if (!bank.updatedAt) gaps.push({ kind: 'undated', maxAgeDays: t.maxAgeDays });
  else {
    const ageDays = Math.floor((startOfDayUtc(today) - Date.parse(`${bank.updatedAt}T00:00:00Z`)) / 86_400_000);
    if (ageDays > t.maxAgeDays) gaps.push({ kind: 'stale', updatedAt: bank.updatedAt, ageDays, maxAgeDays: t.maxAgeDays });
  }
  return { type: bank.type, contentHash: bank.contentHash, size: bank.rows.length, riskCounts, aspectCounts, unmapped, gaps, compliant: gaps.length === 0 };
}

function startOfDayUtc(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** One line per gap, for the terminal. */
export function describeGap(gap: Gap, lang: 'zh' | 'en' = 'en'): string {
  const zh = lang === 'zh';
  switch (gap.kind) {
    case 'size':
      return zh ? `总量 ${gap.has}，要求至少 ${gap.needs}（差 ${gap.needs - gap.has}）` : `bank size ${gap.has}, needs at least ${gap.needs} (${gap.needs - gap.has} short)`;
    case 'risk':
      return zh ? `风险 ${gap.id}：${gap.has} 条，要求至少 ${gap.needs}` : `risk ${gap.id}: ${gap.has}, needs at least ${gap.needs}`;
    case 'aspect':
      return zh ? `方面 ${gap.id}：${gap.has} 条，要求至少 ${gap.needs}` : `aspect ${gap.id}: ${gap.has}, needs at least ${gap.needs}`;
    case 'stale':
      return zh ? `更新于 ${gap.updatedAt}，已 ${gap.ageDays} 天，要求不超过 ${gap.maxAgeDays} 天` : `last updated ${gap.updatedAt}, ${gap.ageDays} days ago; allowed ${gap.maxAgeDays}`;
    case 'undated':
      return zh ? `未记录更新日期（要求每 ${gap.maxAgeDays} 天内更新）` : `no update date recorded (must be updated every ${gap.maxAgeDays} days)`;
  }
}
