// Wilson score interval for a binomial proportion (Wilson 1927). Preferred
// over the normal approximation because it stays inside [0, 1] and behaves
// at p near 0 or 1 and at small n.
//   centre = (p̂ + z²/2n) / (1 + z²/n)
//   half   = z·√(p̂(1 − p̂)/n + z²/4n²) / (1 + z²/n)
export function wilson(successes: number, n: number, z = 1.959963984540054): [number, number] {
  if (n <= 0) return [0, 1];
  if (!(successes >= 0 && successes <= n)) throw new RangeError(`wilson: successes must be in [0, ${n}], got ${successes}`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At 0 or n successes the bound is exactly 0 or 1; avoid 1e-17 rounding noise.
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === n ? 1 : Math.min(1, centre + half);
  return [low, high];
}
