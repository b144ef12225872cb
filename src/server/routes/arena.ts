// The arena over HTTP. Reviewers see only blind battles (a prompt and two
// anonymous answers: no provider ids, no run, no model names) and vote;
// evaluators create battles from a run; ratings, which name providers, are
// for roles that may see them (arena:stats), never reviewers.
import { arenaStatsSchema, createBattlesBody, createBattlesResponse, idParams, nextBattleResponse, voteBody, voteResponse } from '../../api/contract.js';
import { castVote, createBattles, nextBattle, runArenaStats } from '../../arena/arena.js';
import { ApiError, notFound } from '../errors.js';
import { route } from '../route.js';
import { loadRun } from './runs.js';

export const arenaRoutes = [
  route({
    id: 'createBattles',
    method: 'post',
    path: '/api/runs/{id}/arena/battles',
    summary: 'Create blind battles from a run: every pair of the given providers on the items both answered',
    tag: 'arena',
    access: 'runs:write',
    params: idParams,
    body: createBattlesBody,
    status: 201,
    errors: [404],
    response: createBattlesResponse,
    async handler({ ctx, user, params, body }) {
      const run = await loadRun(ctx, params.id);
      const r = await createBattles(ctx.store, run.id, { providers: body.providers, perPair: body.perPair, taskId: body.task, seed: body.seed });
      await ctx.audit.record(user, 'arena.create', run.id, { providers: body.providers, created: r.created });
      return { battles: r.battles.length, created: r.created };
    },
  }),
  route({
    id: 'nextBattle',
    method: 'get',
    path: '/api/arena/next',
    summary: 'The next blind battle I have not voted on (null when none is left)',
    tag: 'arena',
    access: 'arena:vote',
    response: nextBattleResponse,
    async handler({ ctx, user }) {
      const b = await nextBattle(ctx.store, user.name);
      return { battle: b ? { battleId: b.battleId, taskId: b.taskId, ...(b.system !== undefined ? { system: b.system } : {}), turns: b.turns, a: b.a, b: b.b } : null };
    },
  }),
  route({
    id: 'vote',
    method: 'post',
    path: '/api/arena/votes',
    summary: 'Vote on a battle: a, b, tie or both_bad (the first vote stands)',
    tag: 'arena',
    access: 'arena:vote',
    status: 201,
    body: voteBody,
    errors: [404, 409],
    response: voteResponse,
    async handler({ ctx, user, body }) {
      const battle = await ctx.arena.battle(body.battleId);
      if (!battle) throw notFound(`battle "${body.battleId}"`);
      if (!(await castVote(ctx.store, { battleId: body.battleId, reviewer: user.name, verdict: body.verdict }))) throw new ApiError(409, 'you already voted on this battle; the first vote stands');
      await ctx.audit.record(user, 'arena.vote', body.battleId, { verdict: body.verdict });
      return { recorded: true as const };
    },
  }),
  route({
    id: 'arenaStats',
    method: 'get',
    path: '/api/runs/{id}/arena/stats',
    summary: "A run's arena: Bradley–Terry ratings with 95% intervals, Elo, win rates, reviewer agreement, judges",
    tag: 'arena',
    access: 'arena:stats',
    params: idParams,
    errors: [404],
    response: arenaStatsSchema,
    async handler({ ctx, params }) {
      const run = await loadRun(ctx, params.id);
      return runArenaStats(ctx.store, run.id);
    },
  }),
];
