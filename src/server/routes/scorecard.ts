// The scorecard of a run at weights given in the request, with 95% intervals
// and separability groups: the numbers `heng scorecard <run> --weights …`
// prints (same inputs, same seeds), for the web app's weight sliders. A read,
// so it needs what reading a report needs; POST only because it has a body.
import { z } from 'zod';
import { RunScorecards } from '../../scorecard/live.js';
import type { Store } from '../../store/store.js';
import { route } from '../route.js';
import { idParams } from '../schemas.js';
import { loadRun } from './runs.js';

const weight = z.number().nonnegative().max(1_000_000);

const bodySchema = z.strictObject({
  /** Changes to the run's own weights (heng.yaml `scorecard.weights`); `{}` computes at the run's weights. */
  weights: z.strictObject({
    quality: z
      .union([weight, z.record(z.string().min(1), weight)])
      .optional()
      .describe('the whole quality weight (split evenly over the dimensions), or weights of the dimensions named (the others keep theirs)'),
    safety: weight.optional(),
    latency: weight.optional(),
    cost: weight.optional(),
  }),
});

const ci95 = z.tuple([z.number(), z.number()]).nullable();

const criterionSchema = z.object({
  key: z.string().describe('quality:<dimension>, safety, latency or cost'),
  weight: z.number(),
  share: z.number().describe('weight ÷ the sum of the weights of the assessed criteria; 0 when not assessed'),
  assessed: z.boolean(),
  reason: z.string().optional().describe('why a criterion with weight was left out'),
  missing: z.array(z.string()).optional().describe('the providers that lack it'),
});

const rowSchema = z.object({
  provider: z.string(),
  eligible: z.boolean().describe('meets every hard requirement of the run'),
  failures: z.array(z.object({ requirement: z.string(), actual: z.string(), required: z.string() })),
  score: z.number().nullable().describe('weighted score in [0, 1]'),
  ci95: ci95.describe('95% percentile bootstrap interval of the weighted score'),
  parts: z.record(z.string(), z.object({ raw: z.number().nullable(), normalized: z.number().nullable(), contribution: z.number().nullable() })),
  rank: z.number().int().nullable(),
  group: z.number().int().nullable().describe('providers whose intervals overlap share a group; 1 is the top group'),
  separableFromNext: z.boolean().nullable(),
});

const scorecardSchema = z.object({
  runId: z.string(),
  weights: z.object({ quality: z.union([z.number(), z.record(z.string(), z.number())]), safety: z.number(), latency: z.number(), cost: z.number() }),
  latency: z.enum(['ttftP95', 'latencyP95']).nullable().describe('which latency was compared; null when none was measured'),
  criteria: z.array(criterionSchema),
  rows: z.array(rowSchema).describe('eligible providers best first, then the excluded ones'),
  ranking: z.array(z.string()),
  resamples: z.number().int(),
});

// One per store: the inputs of the runs asked about lately (src/scorecard/live.ts checks they still hold).
const scorecards = new WeakMap<Store, RunScorecards>();
const scorecardsOf = (store: Store) => scorecards.get(store) ?? scorecards.set(store, new RunScorecards(store)).get(store)!;

export const scorecardRoutes = [
  route({
    id: 'runScorecard',
    method: 'post',
    path: '/api/runs/{id}/scorecard',
    summary: "The run's scorecard at the weights given (omitted ones keep the run's), with 95% intervals and groups, as `heng scorecard --weights` computes it",
    tag: 'reports',
    access: 'runs:read',
    params: idParams,
    body: bodySchema,
    errors: [404],
    response: scorecardSchema,
    async handler({ ctx, params, body }) {
      const run = await loadRun(ctx, params.id);
      const { weights, latency, scorecard } = await scorecardsOf(ctx.store).at(run, body.weights);
      return { runId: run.id, weights, latency, ...scorecard };
    },
  }),
];
