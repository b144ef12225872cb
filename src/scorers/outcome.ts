// Which outcomes count in a score. With the scorers, below everything that
// tallies outcomes (engine, queue, compare, scorecard, report), so none of
// them has to import the report for it.

/** Outcomes that count in a score; errors, blocks and missing answers do not. */
export const SCORED: ReadonlySet<string> = new Set(['correct', 'wrong', 'unparseable']);

/**
 * Whether a result counts in a mean score: a scored outcome with a value. An
 * unreadable LLM judgment is `unparseable` with no value (null): it is
 * counted under its outcome but never averaged in as a number.
 */
export const countsInScore = (r: { outcome: string; score: number | null }) => SCORED.has(r.outcome) && !(r.outcome === 'unparseable' && r.score === null);
