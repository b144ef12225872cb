// Results of a run (filtered, paginated) and one item's answers side by side.
import { idParams, itemAnswersSchema, itemQuery, resultPageSchema, resultsQuery } from '../../api/contract.js';
import { notFound } from '../errors.js';
import { route } from '../route.js';
import { resultView } from '../views.js';
import { loadRun } from './runs.js';

const RESULTS_AUDIT_WINDOW_MS = 15 * 60 * 1000;

/** The filters of the first read in the window (the text searched included: it is the reader's, not a secret). */
const auditedQuery = (q: Record<string, unknown>) => Object.fromEntries(Object.entries(q).filter(([k, v]) => v !== undefined && k !== 'offset' && k !== 'limit'));

export const resultRoutes = [
  route({
    id: 'listResults',
    method: 'get',
    path: '/api/runs/{id}/results',
    summary: 'Results filtered by task, provider, outcome and text in the output; paginated',
    tag: 'results',
    access: 'runs:read',
    params: idParams,
    query: resultsQuery,
    errors: [404],
    response: resultPageSchema,
    async handler({ ctx, params, query, user }) {
      const run = await loadRun(ctx, params.id);
      const { total, rows } = await ctx.results.page(run.id, query);
      // Reading results is exporting them: audited as one row per user, run and quarter hour, counting pages and rows.
      await ctx.audit.recordAggregated(user, 'results.read', run.id, {
        key: `${user.id}:${run.id}`,
        windowMs: RESULTS_AUDIT_WINDOW_MS,
        now: ctx.now(),
        details: { query: auditedQuery(query) },
        rows: rows.length,
      });
      return { total, offset: query.offset, limit: query.limit, results: rows.map(resultView) };
    },
  }),
  route({
    id: 'itemAnswers',
    method: 'get',
    path: '/api/runs/{id}/item',
    summary: "One item: its fields and target, and every provider's answers with scores and judge reasons",
    tag: 'results',
    access: 'runs:read',
    params: idParams,
    query: itemQuery,
    errors: [404],
    response: itemAnswersSchema,
    async handler({ ctx, params, query }) {
      const run = await loadRun(ctx, params.id);
      const item = await ctx.results.item(run.id, query.task, query.item);
      if (!item) throw notFound(`item "${query.item}" of task "${query.task}"`);
      const answers = await ctx.results.answers(run.id, query.task, query.item);
      return { ...item, answers: answers.map(resultView) };
    },
  }),
];
