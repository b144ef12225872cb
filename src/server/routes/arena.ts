// The arena over HTTP. Reviewers see only blind battles (a prompt and two
// anonymous answers: no provider ids, no run, no model names) and vote;
// evaluators create battles from a run; ratings, which name providers, are
// for roles that may see them (arena:stats), never reviewers.
import { z } from 'zod';
import { castVote, createBattles, nextBattle, runArenaStats } from '../../arena/arena.js';
import { HUMAN_VERDICTS } from '../../arena/store.js';
import { audit } from '../../auth/audit.js';
import { ApiError, notFound } from '../errors.js';
import { route } from '../route.js';
import { idParams } from '../schemas.js';
import { loadRun } from './runs.js';

/** Exactly what a reviewer sees: `.strict()` output, so an added identity field would fail the conformance test. */
const blindBattleSchema = z
  .object({
    battleId: z.string(),
    taskId: z.string(),
    system: z.string().optional(),
    turns: z.array(z.string()),
    /** Side A's answers, one per turn: untrusted model output, display as text. */
    a: z.array(z.string()),
    b: z.array(z.string()),
  })
  .strict();

const ratingSchema = z.object({ model: z.string(), rating: z.number(), ci95: z.tuple([z.number(), z.number()]), rank: z.number() });
const winShareSchema = z.object({ provider: z.string(), battles: z.number(), wins: z.number(), losses: z.number(), ties: z.number(), winRate: z.number() });

const statsSchema = z.object({
  battles: z.number().int(),
  humanVotes: z.number().int(),
  reviewers: z.array(z.object({ reviewer: z.string(), votes: z.number().int() })),
  ratings: z.array(ratingSchema),
  elo: z.array(z.object({ model: z.string(), rating: z.number(), battles: z.number() })),
  winRates: z.array(winShareSchema),
  agreement: z.object({
    pairs: z.array(z.object({ a: z.string(), b: z.string(), battles: z.number(), agreement: z.number().nullable(), kappa: z.number().nullable() })),
    fleiss: z.object({ battles: z.number(), kappa: z.number().nullable() }),
  }),
  judges: z.array(z.record(z.string(), z.unknown())),
});

export const arenaRoutes = [
  route({
    id: 'createBattles',
    method: 'post',
    path: '/api/runs/{id}/arena/battles',
    summary: 'Create blind battles from a run: every pair of the given providers on the items both answered',
    tag: 'arena',
    access: 'runs:write',
    params: idParams,
    body: z.object({ providers: z.array(z.string()).min(2), perPair: z.number().int().positive().optional(), task: z.string().optional(), seed: z.number().int().optional() }),
    status: 201,
    errors: [404],
    response: z.object({ battles: z.number().int(), created: z.number().int() }),
    async handler({ ctx, user, params, body }) {
      const run = await loadRun(ctx, params.id);
      const r = await createBattles(ctx.store, run.id, { providers: body.providers, perPair: body.perPair, taskId: body.task, seed: body.seed });
      await audit(ctx.store.db, user, 'arena.create', run.id, { providers: body.providers, created: r.created });
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
    response: z.object({ battle: blindBattleSchema.nullable() }),
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
    body: z.object({ battleId: z.string(), verdict: z.enum(HUMAN_VERDICTS as unknown as ['a', 'b', 'tie', 'both_bad']) }),
    errors: [404, 409],
    response: z.object({ recorded: z.literal(true) }),
    async handler({ ctx, user, body }) {
      const battle = await ctx.store.db.selectFrom('arena_battles').select('id').where('id', '=', body.battleId).executeTakeFirst();
      if (!battle) throw notFound(`battle "${body.battleId}"`);
      if (!(await castVote(ctx.store, { battleId: body.battleId, reviewer: user.name, verdict: body.verdict }))) throw new ApiError(409, 'you already voted on this battle; the first vote stands');
      await audit(ctx.store.db, user, 'arena.vote', body.battleId, { verdict: body.verdict });
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
    response: statsSchema,
    async handler({ ctx, params }) {
      const run = await loadRun(ctx, params.id);
      return (await runArenaStats(ctx.store, run.id)) as unknown as z.input<typeof statsSchema>;
    },
  }),
];
