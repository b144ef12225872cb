// Results of a run (filtered, paginated) and one item's answers side by side.
import { z } from 'zod';
import { OUTCOMES, type Outcome } from '../../types.js';
import { notFound } from '../errors.js';
import { route } from '../route.js';
import { idParams, resultSchema } from '../schemas.js';
import { itemAnswers, queryResults } from '../results-query.js';
import { resultView } from '../views.js';
import { loadRun } from './runs.js';

export const resultRoutes = [
  route({
    id: 'listResults',
    method: 'get',
    path: '/api/runs/{id}/results',
    summary: 'Results filtered by task, provider, outcome and text in the output; paginated',
    tag: 'results',
    access: 'runs:read',
    params: idParams,
    query: z.object({
      task: z.string().optional(),
      provider: z.string().optional(),
      outcome: z.enum(OUTCOMES as unknown as [Outcome, ...Outcome[]]).optional(),
      q: z.string().max(500).optional(),
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    errors: [404],
    response: z.object({ total: z.number().int(), offset: z.number().int(), limit: z.number().int(), results: z.array(resultSchema) }),
    async handler({ ctx, params, query }) {
      const run = await loadRun(ctx, params.id);
      const { total, rows } = await queryResults(ctx.store.db, run.id, query);
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
    query: z.object({ task: z.string(), item: z.string() }),
    errors: [404],
    response: z.object({
      taskId: z.string(),
      itemId: z.string(),
      fields: z.record(z.string(), z.unknown()),
      target: z.unknown(),
      answers: z.array(resultSchema),
    }),
    async handler({ ctx, params, query }) {
      const run = await loadRun(ctx, params.id);
      const item = await ctx.store.db.selectFrom('items').selectAll().where('run_id', '=', run.id).where('task_id', '=', query.task).where('item_id', '=', query.item).executeTakeFirst();
      if (!item) throw notFound(`item "${query.item}" of task "${query.task}"`);
      const answers = await itemAnswers(ctx.store.db, run.id, query.task, query.item);
      return { taskId: item.task_id, itemId: item.item_id, fields: JSON.parse(item.fields_json), target: item.target_json === null ? null : JSON.parse(item.target_json), answers: answers.map(resultView) };
    },
  }),
];
