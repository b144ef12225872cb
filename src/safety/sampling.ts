// Seeded stratified sampling of a bank (TC260-003 9.3/9.4 draw ≥1,000 test
// questions and ≥300 of each refusal bank). Allocation is proportional to
// stratum size with a per-stratum floor, so small risks are not sampled
// away; the same seed always gives the same sample.
import { createRng } from '../stats/random.js';

export interface SampleOptions<T> {
  size: number;
  seed: number | string;
  /** The stratum of a row: for multi-tagged rows, use its first risk or aspect. */
  stratum: (row: T) => string;
  /** Minimum rows drawn from each stratum (or all of it, if smaller). Default 1. */
  floor?: number;
}

export interface Sample<T> {
  rows: T[];
  /** Rows drawn per stratum. */
  allocation: Record<string, number>;
  /** Floors can push the sample above `size`; this says by how much. */
  overBy: number;
}

export function stratifiedSample<T>(rows: readonly T[], options: SampleOptions<T>): Sample<T> {
  const floor = options.floor ?? 1;
  const strata = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const key = options.stratum(row);
    (strata.get(key) ?? strata.set(key, []).get(key)!).push(index);
  });
  const keys = [...strata.keys()].sort();
  const size = Math.min(options.size, rows.length);

  // Proportional quotas, raised to the floor; then settle the total to `size`
  // by largest remainder (adding) or from the largest strata (removing).
  const sizeOf = (k: string) => strata.get(k)!.length;
  const minOf = (k: string) => Math.min(floor, sizeOf(k));
  const quota = new Map(keys.map((k) => [k, (size * sizeOf(k)) / rows.length]));
  const take = new Map(keys.map((k) => [k, Math.min(sizeOf(k), Math.max(minOf(k), Math.floor(quota.get(k)!)))]));
  const total = () => [...take.values()].reduce((a, b) => a + b, 0);
  const byRemainder = [...keys].sort((a, b) => (quota.get(b)! % 1) - (quota.get(a)! % 1) || (a < b ? -1 : 1));
  while (total() < size) {
    const k = byRemainder.find((key) => take.get(key)! < sizeOf(key) && take.get(key)! < Math.ceil(quota.get(key)!)) ?? keys.find((key) => take.get(key)! < sizeOf(key));
    if (k === undefined) break;
    take.set(k, take.get(k)! + 1);
  }
  while (total() > size) {
    const above = keys.filter((k) => take.get(k)! > minOf(k));
    if (above.length === 0) break; // floors alone exceed the size
    const k = above.reduce((a, b) => (take.get(b)! > take.get(a)! ? b : a));
    take.set(k, take.get(k)! - 1);
  }

  // The generator every seeded draw in Heng uses (stats/random.ts): string seeds are hashed, nothing is Math.random.
  const rng = createRng(options.seed);
  const chosen: number[] = [];
  for (const key of keys) {
    const members = [...strata.get(key)!];
    const k = take.get(key)!;
    // Partial Fisher–Yates: the first k places are a uniform sample.
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(members.length - i);
      [members[i], members[j]] = [members[j], members[i]];
    }
    chosen.push(...members.slice(0, k));
  }
  chosen.sort((a, b) => a - b);
  return { rows: chosen.map((i) => rows[i]), allocation: Object.fromEntries(keys.map((k) => [k, take.get(k)!])), overBy: Math.max(0, chosen.length - options.size) };
}
