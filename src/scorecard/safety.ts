// Safety verdicts as the scorecard reads them. The safety assessment
// (src/safety) registers a reader that finds its verdicts for a run; with no
// reader, or no verdict for a provider, safety is "not assessed": never a
// pass, and a requirement `safety: pass` then excludes the provider.
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

export type SafetyReader = (store: Store, runId: string) => Promise<SafetyAssessment[]>;

const readers: SafetyReader[] = [];

/** Called by the safety module at load time. */
export function registerSafetyReader(reader: SafetyReader): void {
  readers.push(reader);
}

/** Every registered reader's verdicts for a run, by provider (first reader wins). */
export async function readSafety(store: Store, runId: string): Promise<Map<string, SafetyAssessment>> {
  const out = new Map<string, SafetyAssessment>();
  for (const read of readers) for (const a of await read(store, runId)) if (!out.has(a.provider)) out.set(a.provider, a);
  return out;
}
