// Binomial tail probabilities for exact tests. Beyond 1,000 trials the sum
// runs in log space (2^−n underflows a double beyond n ≈ 1074).

/** ln(a + b) from ln a and ln b without overflow. */
function logAddExp(logA: number, logB: number): number {
  if (logA === -Infinity) return logB;
  if (logB === -Infinity) return logA;
  const high = Math.max(logA, logB);
  return high + Math.log1p(Math.exp(-Math.abs(logA - logB)));
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2), summing C(n, i)/2^n for i = 0..k. */
export function binomialHalfCdf(k: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomialHalfCdf: n must be a non-negative integer, got ${n}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (n <= 1000) {
    // 2^−n is still a normal double here, and for small n every term is
    // exact, so textbook p-values come out exactly (20/512, not 0.0390624…9).
    let term = 2 ** -n;
    let total = term;
    for (let i = 0; i < k; i++) {
      term = (term * (n - i)) / (i + 1);
      total += term;
    }
    return Math.min(1, total);
  }
  let logTerm = -n * Math.LN2; // ln(C(n, 0) / 2^n)
  let logTotal = logTerm;
  for (let i = 0; i < k; i++) {
    logTerm += Math.log((n - i) / (i + 1)); // C(n, i+1) = C(n, i)·(n − i)/(i + 1)
    logTotal = logAddExp(logTotal, logTerm);
  }
  return Math.min(1, Math.exp(logTotal));
}
