// Safety verdicts as the scorecard reads them, from stored `heng safety run`
// assessments (src/safety/verdicts.ts). With no verdict for a provider,
// safety is "not assessed": never a pass, and a requirement `safety: pass`
// then excludes the provider.
import { safetyVerdicts, type ScorecardSafety as SafetyAssessment } from '../safety/verdicts.js';
import type { Store } from '../store/store.js';

// The verdict shapes are declared by their producer, src/safety/verdicts.ts.
export type { SafetyCheck, ScorecardSafety as SafetyAssessment } from '../safety/verdicts.js';

/** Verdicts per provider from the given runs that are safety assessments (first run wins). */
export async function readSafety(store: Store, runIds: string[]): Promise<Map<string, SafetyAssessment>> {
  const out = new Map<string, SafetyAssessment>();
  for (const runId of runIds) for (const a of await safetyVerdicts(store, runId)) if (!out.has(a.provider)) out.set(a.provider, a);
  return out;
}
