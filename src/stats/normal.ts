// The standard normal distribution, computed from series rather than from
// tables of fitted coefficients: accurate to ~1e-13, which is far more than
// sample-size planning needs, and every line can be checked by hand.

const SQRT2 = Math.SQRT2;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x) by its Maclaurin series; used for |x| < 3 where it converges fast. */
function erfSeries(x: number): number {
  let term = x; // x^(2k+1) (−1)^k / k!
  let total = x;
  for (let k = 1; k < 200; k++) {
    term *= (-x * x) / k;
    const contribution = term / (2 * k + 1);
    total += contribution;
    if (Math.abs(contribution) < 1e-17 * Math.abs(total)) break;
  }
  return TWO_OVER_SQRT_PI * total;
}

/** erfc(x) for x ≥ 3 by its continued fraction (modified Lentz). */
function erfcContinuedFraction(x: number): number {
  // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export function erfc(x: number): number {
  if (x >= 3) return erfcContinuedFraction(x);
  if (x <= -3) return 2 - erfcContinuedFraction(-x);
  return 1 - erfSeries(x);
}

/** Φ(x), the standard normal cumulative distribution function. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT2);
}

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Φ⁻¹(p): bisection to bracket, then Newton steps on Φ. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  }
  if (p > 0.5) return -normalQuantile(1 - p);
  let low = -40;
  let high = 0;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  let x = (low + high) / 2;
  for (let i = 0; i < 3; i++) x -= (normalCdf(x) - p) / normalPdf(x);
  return x;
}
