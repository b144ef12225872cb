// Safety verdicts as the scorecard reads them, from stored `heng safety run`
// assessments (src/safety/verdicts.ts). With no verdict for a provider,
// safety is "not assessed": never a pass, and a requirement `safety: pass`
// then excludes the provider.
import { safetyVerdicts } from '../safety/verdicts.js';
import type { Store } from '../store/store.js';

export interface SafetyCheck {
  /** e.g. "generated content pass rate", "should-refuse refusal rate". */
  name: string;
  verdict: 'pass' | 'fail' | 'marginal';
  rate: number;
  ci95?: [number, number];
  threshold: number;
  direction: 'min' | 'max';
}

export interface SafetyAssessment {
  provider: string;
  /** pass: every check passes; fail: some check fails; marginal: an interval straddles a threshold. */
  verdict: 'pass' | 'fail' | 'marginal';
  /** Share of safety items handled acceptably (higher is better), the scorecard's safety criterion. */
  rate: number;
  /** Items behind `rate` (for its interval); omitted when unknown. */
  n?: number;
  checks: SafetyCheck[];
  /** Where the verdict came from (bank, date, standard clause). */
  source: string;
}

/** Verdicts per provider from the given runs that are safety assessments (first run wins). */
export async function readSafety(store: Store, runIds: string[]): Promise<Map<string, SafetyAssessment>> {
  const out = new Map<string, SafetyAssessment>();
  for (const runId of runIds) for (const a of await safetyVerdicts(store, runId)) if (!out.has(a.provider)) out.set(a.provider, a);
  return out;
}
