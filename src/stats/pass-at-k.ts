// Unbiased pass@k (Chen et al. 2021): 1 − C(n−c, k) / C(n, k), computed as a
// product for numerical stability.
export function passAtK(n: number, c: number, k: number): number {
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}
