// What the scorecard concludes, as data: whom it recommends (never a
// provider that misses a hard requirement), whom it excludes and why, who
// has no safety assessment while others have one, and whether the safety
// requirement was turned off. Every surface that states a conclusion (the
// procurement report's first page, the committee dossier, `heng scorecard`)
// words this object (src/report/conclusion.ts); none decides on its own.
import type { Failure, SafetyRule, Scorecard } from './compute.js';

export interface Conclusion {
  /**
   * `none`: no provider meets every hard requirement, nothing is recommended;
   * `only`: one provider meets them; `clear`: the leader is separable from the
   * next; `tie`: the top group cannot be told apart.
   */
  kind: 'none' | 'only' | 'clear' | 'tie';
  /** The providers recommended (empty for `none`); all of them eligible. */
  recommended: string[];
  excluded: Array<{ provider: string; failures: Failure[] }>;
  safety: SafetyRule;
}

export function conclude(card: Pick<Scorecard, 'rows' | 'safety'>): Conclusion {
  const eligible = card.rows.filter((r) => r.eligible && r.rank !== null);
  const excluded = card.rows.filter((r) => !r.eligible).map((r) => ({ provider: r.provider, failures: r.failures }));
  const base = { excluded, safety: card.safety };
  if (!eligible.length) return { kind: 'none', recommended: [], ...base };
  if (eligible.length === 1) return { kind: 'only', recommended: [eligible[0].provider], ...base };
  const top = eligible.filter((r) => r.group === 1).map((r) => r.provider);
  return top.length === 1 ? { kind: 'clear', recommended: top, ...base } : { kind: 'tie', recommended: top, ...base };
}
