// Seeded percentile bootstrap, plain and clustered, and the one function the
// reports call for every interval.
import { mean } from './describe.js';
import { seededRng } from './random.js';
import { wilson } from './wilson.js';

export interface Estimate {
  estimate: number;
  ci95: [number, number];
}

export interface BootstrapOptions {
  seed?: number | string;
  resamples?: number;
}

/** Percentile bootstrap of a statistic over values. */
export function bootstrap(values: readonly number[], stat: (xs: number[]) => number = mean, o: BootstrapOptions = {}): Estimate {
  const rng = seededRng(o.seed ?? 42);
  const B = o.resamples ?? 2000;
  const n = values.length;
  const stats = new Float64Array(B);
  const sample = new Array<number>(n);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(rng() * n)];
    stats[b] = stat(sample);
  }
  return { estimate: stat([...values]), ci95: percentiles(stats) };
}

/** Resample whole clusters (items sharing a passage or a dialogue). */
export function clusterBootstrap(values: readonly number[], clusters: readonly string[], o: BootstrapOptions = {}): Estimate {
  const groups = new Map<string, number[]>();
  values.forEach((v, i) => {
    const g = groups.get(clusters[i]) ?? [];
    g.push(v);
    groups.set(clusters[i], g);
  });
  const list = [...groups.values()];
  const rng = seededRng(o.seed ?? 42);
  const B = o.resamples ?? 2000;
  const stats = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < list.length; i++) {
      const g = list[Math.floor(rng() * list.length)];
      for (const v of g) sum += v;
      count += g.length;
    }
    stats[b] = sum / count;
  }
  return { estimate: mean(values), ci95: percentiles(stats) };
}

function percentiles(stats: Float64Array): [number, number] {
  const s = Float64Array.from(stats).sort();
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.floor(p * s.length)))];
  return [at(0.025), at(0.975)];
}

/**
 * The interval of a mean score: Wilson for pass/fail (0/1) scores, the seeded
 * bootstrap otherwise; clustered when items carry clusters.
 */
export function meanInterval(values: readonly number[], o: { binary?: boolean; seed?: number | string; clusters?: readonly string[] } = {}): Estimate {
  if (!values.length) return { estimate: NaN, ci95: [NaN, NaN] };
  const binary = o.binary ?? values.every((v) => v === 0 || v === 1);
  if (o.clusters && new Set(o.clusters).size < values.length) return clusterBootstrap(values, o.clusters, o);
  if (binary) {
    const k = values.reduce((a, b) => a + b, 0);
    return { estimate: k / values.length, ci95: wilson(k, values.length) };
  }
  return bootstrap(values, mean, o);
}
