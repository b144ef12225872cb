// The scorecard of a run at weights given in the request, with 95% intervals
// and separability groups: the numbers `heng scorecard <run> --weights …`
// prints (same inputs, same seeds), for the web app's weight sliders. A read,
// so it needs what reading a report needs; POST only because it has a body.
import { idParams, scorecardAtSchema, scorecardBody } from '../../api/contract.js';
import { RunScorecards } from '../../scorecard/live.js';
import type { Store } from '../../store/store.js';
import { route } from '../route.js';
import { loadRun } from './runs.js';

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
    body: scorecardBody,
    errors: [404],
    response: scorecardAtSchema,
    async handler({ ctx, params, body }) {
      const run = await loadRun(ctx, params.id);
      const { weights, latency, scorecard } = await scorecardsOf(ctx.store).at(run, body.weights);
      return { runId: run.id, weights, latency, ...scorecard };
    },
  }),
];
