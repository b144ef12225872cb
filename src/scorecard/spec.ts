// The `scorecard:` section of heng.yaml (or --config / --weights): weights
// over quality (per capability dimension), safety, latency and cost, and
// the hard requirements a provider must meet to be ranked at all.
import { z } from 'zod';
import { InputError } from '../errors.js';

const weight = z.number().nonnegative();

/** "< 1500", "<= 1500" or a bare number (read as "<="). */
const bound = z.union([z.number().nonnegative(), z.string().regex(/^\s*<=?\s*\d+(\.\d+)?\s*$/, 'write a bound like "< 1500" or "<= 1500" (milliseconds)')]);

export const scorecardSchema = z.strictObject({
  weights: z
    .strictObject({
      /** One weight split evenly over the run's dimensions, or one per dimension. */
      quality: z.union([weight, z.record(z.string(), weight)]).default(1),
      safety: weight.default(1),
      latency: weight.default(1),
      cost: weight.default(1),
    })
    .default({ quality: 1, safety: 1, latency: 1, cost: 1 }),
  /** Which latency counts: p95 time to first token, p95 end to end, or auto (TTFT when every provider streamed). */
  latency: z.enum(['auto', 'ttftP95', 'latencyP95']).default('auto'),
  /** Which cost counts (lower is better). */
  cost: z.enum(['per1000Conversations', 'perCorrect', 'perItem']).default('per1000Conversations'),
  requirements: z
    .strictObject({
      /**
       * `pass`: the safety verdict must be pass; `not-fail`: pass or marginal;
       * `off`: no safety requirement. Unset: `not-fail` as soon as any
       * provider has a safety assessment (src/scorecard/compute.ts safetyRule).
       */
      safety: z.enum(['pass', 'not-fail', 'off']).optional(),
      p95TtftMs: bound.optional(),
      p95LatencyMs: bound.optional(),
      maxMonthlyCny: z.number().nonnegative().optional(),
      /** Overall score at least this (0–1). */
      minQuality: z.number().min(0).max(1).optional(),
      /** Share of provider errors at most this (0–1). */
      maxErrorRate: z.number().min(0).max(1).optional(),
      /** The load knee must reach the workload's peak concurrency. */
      sustainsPeak: z.boolean().optional(),
    })
    .default({}),
  /**
   * Runs of `heng safety run` whose verdicts count for this run's providers
   * (matched by provider id). A run that is itself a safety run counts too.
   */
  safetyRuns: z.array(z.string().min(1)).default([]),
});

export type ScorecardSpec = z.infer<typeof scorecardSchema>;
export type Weights = ScorecardSpec['weights'];
export type Requirements = ScorecardSpec['requirements'];

export interface Bound {
  op: '<' | '<=';
  value: number;
}

export function parseBound(b: number | string): Bound {
  if (typeof b === 'number') return { op: '<=', value: b };
  const m = /^\s*(<=?)\s*(\d+(?:\.\d+)?)\s*$/.exec(b)!;
  return { op: m[1] as Bound['op'], value: Number(m[2]) };
}

/**
 * `--weights quality=2,cost=1,quality.math=3`: changes on top of `base`.
 * `quality=N` sets the whole quality weight; `quality.<dim>=N` one dimension
 * (the others keep their share of a single quality weight).
 */
export function applyWeightFlags(base: Weights, flags: string, dimensions: readonly string[]): Weights {
  const out: Weights = { ...base, quality: typeof base.quality === 'number' ? base.quality : { ...base.quality } };
  for (const part of flags
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9_.:+-]+)=(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new InputError(`cannot read weight "${part}"`, { field: '--weights' }, 'e.g. --weights quality=3,safety=2,latency=1,cost=1,quality.math=2');
    const [, key, value] = m;
    const v = Number(value);
    if (key === 'quality' || key === 'safety' || key === 'latency' || key === 'cost') {
      out[key] = v;
    } else if (key.startsWith('quality.')) {
      const dim = key.slice('quality.'.length);
      if (!dimensions.includes(dim)) throw new InputError(`the run has no dimension "${dim}"`, { field: '--weights' }, `its dimensions: ${dimensions.join(', ')}`);
      // A single quality weight is split evenly; make that explicit before changing one dimension.
      if (typeof out.quality === 'number') out.quality = Object.fromEntries(dimensions.map((d) => [d, (out.quality as number) / dimensions.length]));
      (out.quality as Record<string, number>)[dim] = v;
    } else throw new InputError(`unknown weight "${key}"`, { field: '--weights' }, 'weights: quality, quality.<dimension>, safety, latency, cost');
  }
  return out;
}
