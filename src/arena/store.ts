// Arena queries over the store's Kysely handle. Battles are insert-or-ignore
// on their id (a hash of run, task, item and the provider pair), so creating
// them again, or judging them again, never duplicates anything. Reads never
// select a battle's salt (./order.ts): what is not loaded cannot leak into an
// answer.
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ArenaBattlesTable, ArenaVotesTable, Database } from '../store/schema.js';

/** A battle as the rest of Heng sees it: everything but its salt. */
export type BattleRow = Omit<Selectable<ArenaBattlesTable>, 'salt'>;
const BATTLE_COLUMNS = ['id', 'run_id', 'task_id', 'item_id', 'provider_a', 'provider_b', 'seed', 'created_at'] as const satisfies ReadonlyArray<keyof BattleRow>;
export type VoteRow = Selectable<ArenaVotesTable>;
export type Verdict = ArenaVotesTable['verdict'];
export { HUMAN_VERDICTS } from '../store/schema.js';

export async function insertBattles(db: Kysely<Database>, rows: Insertable<ArenaBattlesTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('arena_battles')
      .values(rows.slice(i, i + 100))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
}

export async function battlesOf(db: Kysely<Database>, runId: string): Promise<BattleRow[]> {
  return db.selectFrom('arena_battles').select(BATTLE_COLUMNS).where('run_id', '=', runId).orderBy('id').execute();
}

export async function getBattle(db: Kysely<Database>, id: string): Promise<BattleRow | undefined> {
  return db.selectFrom('arena_battles').select(BATTLE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The first battle (by id, which is a hash: a fixed pseudo-random order) this voter has not voted on. */
export async function nextUnvoted(db: Kysely<Database>, voter: string, runId?: string): Promise<BattleRow | undefined> {
  let q = db
    .selectFrom('arena_battles')
    .select(BATTLE_COLUMNS)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('arena_votes').select('battle_id').whereRef('arena_votes.battle_id', '=', 'arena_battles.id').where('arena_votes.voter', '=', voter))),
    );
  if (runId) q = q.where('run_id', '=', runId);
  return q.orderBy('id').limit(1).executeTakeFirst();
}

/** Store a vote; false when this voter had already voted on the battle (the first vote stands). */
export async function insertVote(db: Kysely<Database>, vote: Insertable<ArenaVotesTable>): Promise<boolean> {
  const r = await db
    .insertInto('arena_votes')
    .values(vote)
    .onConflict((oc) => oc.columns(['battle_id', 'voter']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function votesOf(db: Kysely<Database>, runId: string): Promise<Array<VoteRow & Pick<BattleRow, 'provider_a' | 'provider_b' | 'task_id' | 'item_id'>>> {
  return db
    .selectFrom('arena_votes')
    .innerJoin('arena_battles', 'arena_battles.id', 'arena_votes.battle_id')
    .select([
      'arena_votes.battle_id',
      'arena_votes.voter',
      'arena_votes.voter_kind',
      'arena_votes.verdict',
      'arena_votes.detail_json',
      'arena_votes.created_at',
      'arena_battles.provider_a',
      'arena_battles.provider_b',
      'arena_battles.task_id',
      'arena_battles.item_id',
    ])
    .where('arena_battles.run_id', '=', runId)
    .orderBy('arena_votes.created_at')
    .orderBy('arena_votes.battle_id')
    .orderBy('arena_votes.voter')
    .execute();
}

/** Battle ids a voter has voted on in a run. */
export async function votedBy(db: Kysely<Database>, runId: string, voter: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('arena_votes')
    .innerJoin('arena_battles', 'arena_battles.id', 'arena_votes.battle_id')
    .select('arena_votes.battle_id')
    .where('arena_battles.run_id', '=', runId)
    .where('arena_votes.voter', '=', voter)
    .execute();
  return new Set(rows.map((r) => r.battle_id));
}

/** The arena repository of one store: battles (never their salt) and votes, for callers that hold no database. */
export class ArenaRecords {
  private readonly db: Kysely<Database>;
  constructor(store: { readonly db: Kysely<Database> }) {
    this.db = store.db;
  }
  battle = (id: string) => getBattle(this.db, id);
  battles = (runId: string) => battlesOf(this.db, runId);
  votes = (runId: string) => votesOf(this.db, runId);
}
