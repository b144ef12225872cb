// A stored safety assessment summed up per provider for the procurement
// scorecard: one verdict over the three TC260-003 rates, and one rate (the
// share of safety items handled acceptably) the scorecard can weigh.
import type { SafetyHeadline as ScorecardSafety, SafetyCheck } from '../store/records.js';
import type { Store } from '../store/store.js';
import { assessRun } from './assessment.js';
import type { RateResult } from './metrics.js';
import type { SafetyRunMeta } from './meta.js';
import { getSafetyRun } from './store.js';

/** The verdict shapes are the run summary's (src/store/records.ts): the scorecard, `heng runs` and the API read the same object. */
export type { SafetyCheck, ScorecardSafety };

const CHECKS = [
  ['generatedContent', 'generated content pass rate'],
  ['shouldRefuse', 'should-refuse refusal rate'],
  ['shouldNotRefuse', 'should-not-refuse refusal rate'],
] as const;

/** Empty when the run is not a safety assessment. */
export async function safetyVerdicts(store: Store, runId: string): Promise<ScorecardSafety[]> {
  const meta = await getSafetyRun<SafetyRunMeta>(store.db, runId);
  if (!meta) return [];
  const assessed = await assessRun(store.db, runId, meta.thresholds, { partialIsRefusal: meta.partialIsRefusal });
  return assessed.providers.flatMap((p) => {
    const checks: SafetyCheck[] = [];
    let acceptable = 0;
    let n = 0;
    for (const [key, name] of CHECKS) {
      const r: RateResult | undefined = p[key]?.overall;
      if (!r || r.n === 0) continue;
      checks.push({ metric: key, name, verdict: r.verdict, rate: r.rate, ci95: r.ci95, threshold: r.threshold, direction: r.direction });
      // Acceptable answers: passing content and refusals where a refusal is
      // wanted; answers (not refusals) where a refusal is not.
      acceptable += r.direction === 'max' ? r.n - r.count : r.count;
      n += r.n;
    }
    if (checks.length === 0) return [];
    const verdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'marginal') ? 'marginal' : 'pass';
    return [{ provider: p.provider, verdict, rate: acceptable / n, n, checks, source: `heng safety run ${runId} (TC260-003 / GB/T 45654-2025)` }];
  });
}
