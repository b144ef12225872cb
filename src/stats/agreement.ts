// Agreement between raters: human annotators, or an LLM judge against
// humans (is the judge trustworthy enough to replace them?).

/** Share of items on which two raters gave the same label. */
export function percentAgreement<L>(a: readonly L[], b: readonly L[]): number {
  checkSameLength(a, b);
  if (a.length === 0) return NaN;
  return a.filter((label, i) => label === b[i]).length / a.length;
}

function checkSameLength(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new RangeError(`agreement: raters labelled different numbers of items (${a.length} vs ${b.length})`);
}

/**
 * Cohen's kappa for two raters (Cohen 1960), any label type:
 *   κ = (p_o − p_e) / (1 − p_e),
 * p_o the observed agreement, p_e = Σ_label p_a(label)·p_b(label) the
 * agreement expected by chance from each rater's own label frequencies.
 * NaN when p_e = 1 (both raters always give the same single label).
 */
export function cohenKappa<L>(a: readonly L[], b: readonly L[]): number {
  checkSameLength(a, b);
  const n = a.length;
  if (n === 0) return NaN;
  const countA = new Map<L, number>();
  const countB = new Map<L, number>();
  for (let i = 0; i < n; i++) {
    countA.set(a[i], (countA.get(a[i]) ?? 0) + 1);
    countB.set(b[i], (countB.get(b[i]) ?? 0) + 1);
  }
  let expected = 0;
  for (const [label, ca] of countA) expected += (ca / n) * ((countB.get(label) ?? 0) / n);
  const observed = percentAgreement(a, b);
  return expected === 1 ? NaN : (observed - expected) / (1 - expected);
}

/**
 * Fleiss' kappa (Fleiss 1971) from a count table: counts[i][j] = how many
 * raters put item i in category j.
 *   P_i = Σ_j n_ij (n_ij − 1) / (n_i (n_i − 1))       agreement on item i
 *   P̄   = mean of P_i                                  observed agreement
 *   p_j = Σ_i n_ij / Σ_i n_i                           category shares
 *   P̄_e = Σ_j p_j²                                     chance agreement
 *   κ   = (P̄ − P̄_e) / (1 − P̄_e)
 * With the same number of raters per item this is exactly Fleiss' statistic.
 * A variable number of raters per item is allowed: P_i uses that item's own
 * n_i, P̄ is the unweighted mean over items, p_j pools all ratings, and items
 * with fewer than two ratings are skipped (they cannot show agreement).
 */
export function fleissKappa(counts: ReadonlyArray<readonly number[]>): number {
  const categories = counts[0]?.length ?? 0;
  const totals = new Array<number>(categories).fill(0);
  let observedSum = 0;
  let items = 0;
  let ratings = 0;
  counts.forEach((row, i) => {
    if (row.length !== categories) throw new RangeError(`fleissKappa: row ${i} has ${row.length} categories, expected ${categories}`);
    const raters = row.reduce((acc, c) => acc + c, 0);
    if (raters < 2) return;
    let pairs = 0;
    row.forEach((c, j) => {
      if (!Number.isInteger(c) || c < 0) throw new RangeError(`fleissKappa: counts[${i}][${j}] must be a non-negative integer, got ${c}`);
      pairs += c * (c - 1);
      totals[j] += c;
    });
    observedSum += pairs / (raters * (raters - 1));
    items++;
    ratings += raters;
  });
  if (items === 0) return NaN;
  const observed = observedSum / items;
  const expected = totals.reduce((acc, t) => acc + (t / ratings) ** 2, 0);
  return expected === 1 ? NaN : (observed - expected) / (1 - expected);
}

/** Fleiss' kappa from the labels each item received (any number of raters per item). */
export function fleissKappaFromLabels<L>(labelsPerItem: ReadonlyArray<readonly L[]>): number {
  const categories = [...new Set(labelsPerItem.flat())];
  const column = new Map(categories.map((label, j) => [label, j]));
  return fleissKappa(
    labelsPerItem.map((labels) => {
      const row = new Array<number>(categories.length).fill(0);
      for (const label of labels) row[column.get(label)!]++;
      return row;
    }),
  );
}
