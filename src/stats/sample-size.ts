// How many items a task needs before a difference in accuracy between two
// providers can be told apart from noise. Planning numbers: normal
// approximations, rounded up.
import { normalQuantile } from './normal.js';

export interface PowerOptions {
  /** Two-sided significance level. Default 0.05. */
  alpha?: number;
  /** Probability of detecting the difference if it is real. Default 0.8. */
  power?: number;
}

function criticalValues({ alpha = 0.05, power = 0.8 }: PowerOptions): { zAlpha: number; zBeta: number } {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be in (0, 1), got ${power}`);
  return { zAlpha: normalQuantile(1 - alpha / 2), zBeta: normalQuantile(power) };
}

function checkAccuracies(p1: number, p2: number): void {
  for (const [name, p] of [
    ['p1', p1],
    ['p2', p2],
  ] as const) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${p}`);
  }
  if (p1 === p2) throw new RangeError('p1 and p2 are equal: no number of items can tell them apart');
}

/**
 * Unpaired two-proportion test (two independent item sets), items per
 * provider (Fleiss, Levin & Paik 2003, without continuity correction):
 *   n = ( z_{1−α/2}·√(2 p̄ q̄) + z_{1−β}·√(p1 q1 + p2 q2) )² / (p1 − p2)²
 * with p̄ = (p1 + p2)/2, q = 1 − p.
 */
export function sampleSizeUnpaired(p1: number, p2: number, options: PowerOptions = {}): number {
  checkAccuracies(p1, p2);
  const { zAlpha, zBeta } = criticalValues(options);
  const pBar = (p1 + p2) / 2;
  const numerator = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil(numerator ** 2 / (p1 - p2) ** 2);
}

/**
 * Paired design (both providers answer the same items, McNemar's test),
 * number of items (Connor 1987):
 *   n = ( z_{1−α/2}·√ψ + z_{1−β}·√(ψ − δ²) )² / δ²
 * with δ = p2 − p1 and ψ the discordance rate: the expected share of items
 * that exactly one provider gets right. ψ ≥ |δ| necessarily, since the
 * accuracy difference comes from discordant items only.
 */
export function sampleSizePaired(p1: number, p2: number, discordance: number, options: PowerOptions = {}): number {
  checkAccuracies(p1, p2);
  const delta = Math.abs(p2 - p1);
  if (!(discordance <= 1) || !(discordance >= delta)) {
    throw new RangeError(`discordance must be between |p2 − p1| = ${delta} and 1, got ${discordance}`);
  }
  const { zAlpha, zBeta } = criticalValues(options);
  const numerator = zAlpha * Math.sqrt(discordance) + zBeta * Math.sqrt(discordance - delta * delta);
  return Math.ceil(numerator ** 2 / delta ** 2);
}
