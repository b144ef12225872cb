// Which outcomes count in a score. Its own module so the report model and the
// comparisons it contains can both use it without importing each other.

/** Outcomes that count in a score; errors, blocks and missing answers do not. */
export const SCORED: ReadonlySet<string> = new Set(['correct', 'wrong', 'unparseable']);
