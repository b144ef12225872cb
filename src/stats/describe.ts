// Descriptive statistics. Empty input gives NaN (shown as "—" in reports)
// rather than an exception: a provider with no successful answers is a
// normal, reportable situation.

export function sum(values: readonly number[]): number {
  // Kahan summation: latencies and costs are summed over many thousands of rows.
  let total = 0;
  let carry = 0;
  for (const v of values) {
    const y = v - carry;
    const t = total + y;
    carry = t - total - y;
    total = t;
  }
  return total;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : sum(values) / values.length;
}

/** Variance; `sample` (default) divides by n − 1, otherwise by n. */
export function variance(values: readonly number[], { sample = true }: { sample?: boolean } = {}): number {
  const n = values.length;
  const denominator = sample ? n - 1 : n;
  if (denominator <= 0) return NaN;
  const m = mean(values);
  return sum(values.map((v) => (v - m) ** 2)) / denominator;
}

/** Standard deviation; `sample` (default) uses the n − 1 denominator. */
export function standardDeviation(values: readonly number[], options: { sample?: boolean } = {}): number {
  return Math.sqrt(variance(values, options));
}

/** Standard error of the mean: sample SD / √n. */
export function standardError(values: readonly number[]): number {
  return standardDeviation(values) / Math.sqrt(values.length);
}

/**
 * Quantile by linear interpolation between order statistics (Hyndman & Fan
 * type 7, the default of R, NumPy and Excel's PERCENTILE.INC): with the
 * values sorted as x[0..n−1], h = (n − 1)·q and
 *   Q(q) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * q = 0 is the minimum, q = 1 the maximum, q = 0.5 the median.
 */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  if (values.length === 0) return NaN;
  return quantileSorted(Float64Array.from(values).sort(), q);
}

/** `quantile` for input already sorted ascending (no copy, no sort). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, n - 1);
  return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
}

/** Percentile p in [0, 100]: `quantile(values, p / 100)`. */
export function percentile(values: readonly number[], p: number): number {
  return quantile(values, p / 100);
}

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  sd: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The numbers reported for a latency, cost or token distribution. */
export function summarize(values: readonly number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return {
    n,
    mean: mean(values),
    sd: standardDeviation(values),
    min: n ? sorted[0] : NaN,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: n ? sorted[n - 1] : NaN,
  };
}
