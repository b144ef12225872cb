// The arena API: what the CLI calls now and the REST server can call later
// (docs/arena.md). A person sees a prompt and two anonymous answers and votes
// A / B / tie / both bad; LLM judges vote on the same battles as
// "judge:<provider id>", so judge and humans can be compared battle by battle.
import { InputError } from '../errors.js';
import type { Seed } from '../stats/random.js';
import type { Store } from '../store/store.js';
import { battleMaterial, blindView, createBattles, type BlindBattle, type CreateOptions } from './battles.js';
import { arenaStats, type ArenaStats } from './stats.js';
import { battlesOf, getBattle, HUMAN_VERDICTS, insertVote, nextUnvoted, votesOf, type Verdict } from './store.js';

export { createBattles, blindView, battleMaterial, type BlindBattle, type CreateOptions, type ArenaStats, type Verdict };

/** The next battle this reviewer has not voted on (blind), or undefined when done. */
export async function nextBattle(store: Store, reviewer: string, runId?: string): Promise<BlindBattle | undefined> {
  checkReviewer(reviewer);
  const b = await nextUnvoted(store.db, reviewer, runId);
  return b ? blindView(store, b.id) : undefined;
}

export interface VoteInput {
  battleId: string;
  reviewer: string;
  verdict: Verdict;
}

/** A person's vote, stored with a timestamp; false if they had already voted on this battle (the first vote stands). */
export async function castVote(store: Store, v: VoteInput, now = new Date()): Promise<boolean> {
  checkReviewer(v.reviewer);
  if (!(HUMAN_VERDICTS as readonly Verdict[]).includes(v.verdict)) throw new InputError(`unknown verdict "${v.verdict}"`, { field: 'verdict' }, `use ${HUMAN_VERDICTS.join(', ')}`);
  if (!(await getBattle(store.db, v.battleId))) throw new InputError(`no battle "${v.battleId}"`, { field: 'battleId' });
  return insertVote(store.db, { battle_id: v.battleId, voter: v.reviewer, voter_kind: 'human', verdict: v.verdict, detail_json: null, created_at: now.toISOString() });
}

/** Ratings and agreement for a run's arena (see ./stats.ts). */
export async function runArenaStats(store: Store, runId: string, o: { seed?: Seed; rounds?: number } = {}): Promise<ArenaStats> {
  const [votes, battles] = await Promise.all([votesOf(store.db, runId), battlesOf(store.db, runId)]);
  return arenaStats(votes, battles.length, o);
}

const EXPORT_WINNER: Record<string, string> = { a: 'model_a', b: 'model_b', tie: 'tie', both_bad: 'tie (bothbad)' };

/** One line per vote in the format `heng stats bt` reads ({model_a, model_b, winner, …}). */
export async function exportBattles(store: Store, runId: string, kind: 'human' | 'judge' | 'all' = 'human'): Promise<Array<Record<string, string>>> {
  const votes = await votesOf(store.db, runId);
  return votes
    .filter((v) => v.verdict !== 'unparseable' && (kind === 'all' || v.voter_kind === kind))
    .map((v) => ({
      model_a: v.provider_a,
      model_b: v.provider_b,
      winner: EXPORT_WINNER[v.verdict],
      battle_id: v.battle_id,
      task_id: v.task_id,
      item_id: v.item_id,
      voter: v.voter,
      voter_kind: v.voter_kind,
      created_at: v.created_at,
    }));
}

function checkReviewer(name: string) {
  if (!name.trim()) throw new InputError('a reviewer needs a name', { field: '--reviewer' });
  if (name.startsWith('judge:')) throw new InputError(`"${name}": names starting with "judge:" are reserved for LLM judges`, { field: '--reviewer' });
}
