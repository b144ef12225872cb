// Unbiased pass@k for code tasks (Chen et al. 2021, "Evaluating Large
// Language Models Trained on Code"): from n samples of which c pass, the
// probability that at least one of k samples drawn without replacement passes:
//   pass@k = 1 − C(n − c, k) / C(n, k) = 1 − Π_{i = n−c+1}^{n} (1 − k/i).
// The product form avoids the huge binomial coefficients.

export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k)) throw new RangeError(`passAtK: n, c, k must be integers (got ${n}, ${c}, ${k})`);
  if (n < 1 || c < 0 || c > n) throw new RangeError(`passAtK: need 0 ≤ c ≤ n and n ≥ 1 (got n=${n}, c=${c})`);
  if (k < 1 || k > n) throw new RangeError(`passAtK: need 1 ≤ k ≤ n (got k=${k}, n=${n})`);
  if (n - c < k) return 1; // every k-subset contains a passing sample
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/** Mean pass@k over problems, each with its own n samples and c passes. */
export function meanPassAtK(problems: ReadonlyArray<{ n: number; c: number }>, k: number): number {
  if (problems.length === 0) return NaN;
  return problems.reduce((acc, { n, c }) => acc + passAtK(n, c, k), 0) / problems.length;
}
