// Pairwise LLM judging of a finished run. For every battle (two providers'
// ok answers to one item) the judge is asked twice, once in the order shown
// and once with the answers swapped; the swapped verdict is mapped back. If
// the two agree that is the verdict, otherwise it is a tie and counts as a
// flip (position bias). Each judgment is stored as an arena vote by
// "judge:<provider id>" with both raw outputs and the prompt's id/version.
import type { Insertable } from 'kysely';
import { battleMaterial, createBattles } from '../arena/battles.js';
import { votedBy, insertVote, type BattleRow } from '../arena/store.js';
import { runPool } from '../engine/pool.js';
import { GroupWriter } from '../engine/writer.js';
import type { ArenaVotesTable } from '../store/schema.js';
import type { Seed } from '../stats/random.js';
import type { Store } from '../store/store.js';
import type { Provider } from '../types.js';
import { askJudge, judgeFailure, type JudgeCache } from './ask.js';
import { detectLang } from './dialogue.js';
import { parseVerdict, type Verdict as JudgeVerdict } from './parse.js';
import { defaultPrompt, promptRef, renderPrompt, type JudgeLang, type JudgePrompt } from './prompts.js';

export interface PairwiseOptions {
  runId: string;
  judge: Provider;
  providers: string[];
  taskId?: string;
  lang?: JudgeLang;
  /** Use the item's reference answer when it has one (default true). */
  reference?: boolean;
  /** A prompt of kind pairwise / pairwise-reference instead of the built-in ones. */
  prompt?: JudgePrompt;
  seed?: Seed;
  concurrency?: number;
  cache?: boolean;
  /** Stop taking battles (Ctrl-C); judgments in flight finish and are stored, the rest wait for the next call. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface OrderJudgment {
  /** Providers as shown: [A, B]. */
  shown: [string, string];
  raw: string;
  /** Read back in the battle's own order (a = battle's provider_a). */
  verdict?: 'a' | 'b' | 'tie';
  unreadable?: string;
}

export interface PairwiseSummary {
  battles: number;
  judged: number;
  /** Already judged by this judge earlier (kept as they were). */
  skipped: number;
  unparseable: number;
  /** Judge failures (provider errors, content filter): not stored, retried on the next call. */
  errors: Array<{ battleId: string; error: string }>;
  flips: number;
  /** False when stopped by the signal before every battle was judged. */
  complete: boolean;
}

const back = (v: JudgeVerdict, swapped: boolean): 'a' | 'b' | 'tie' => (v === 'tie' ? 'tie' : (v === 'A') !== swapped ? 'a' : 'b');

export async function judgePairs(store: Store, o: PairwiseOptions): Promise<PairwiseSummary> {
  const { battles } = await createBattles(store, o.runId, { providers: o.providers, seed: o.seed, taskId: o.taskId });
  const voter = `judge:${o.judge.id}`;
  const done = await votedBy(store.db, o.runId, voter);
  const todo = battles.filter((b) => !done.has(b.id));
  const summary: PairwiseSummary = { battles: battles.length, judged: 0, skipped: battles.length - todo.length, unparseable: 0, errors: [], flips: 0, complete: true };
  const cache: JudgeCache | undefined = o.cache === false ? undefined : { get: (k) => store.cacheGet(k), put: (k, v) => store.cachePut(k, v) };
  const writer = new GroupWriter<Judgment>(
    (done) =>
      store.transaction(async (tx) => {
        for (const j of done) await insertVote(tx, j.vote);
      }),
    {
      committed: (done) => {
        for (const j of done) {
          summary.judged++;
          if (j.vote.verdict === 'unparseable') summary.unparseable++;
          if (j.flipped) summary.flips++;
        }
      },
    },
  );
  let finished = 0;
  const { end } = await writer.closeAfter(
    runPool({
      items: todo,
      concurrency: o.concurrency ?? 4,
      signal: o.signal,
      work: (battle) => judgeBattle(store, battle, voter, o, cache, summary),
      done: async (j) => {
        if (j) await writer.push(j);
        o.onProgress?.(++finished, todo.length);
      },
    }),
  );
  summary.complete = end === 'done';
  return summary;
}

/** A battle's verdict, to be stored as the judge's vote. */
interface Judgment {
  vote: Insertable<ArenaVotesTable>;
  flipped: boolean;
}

/** Undefined when the judge failed (recorded in the summary's errors, retried on the next call). */
async function judgeBattle(store: Store, battle: BattleRow, voter: string, o: PairwiseOptions, cache: JudgeCache | undefined, summary: PairwiseSummary): Promise<Judgment | undefined> {
  const m = await battleMaterial(store, battle);
  const question = m.prompt.turns.length > 1 ? m.prompt.turns.map((t, i) => `[${i + 1}] ${t}`).join('\n\n') : m.prompt.turns[0];
  const lang = o.lang ?? detectLang(question);
  const reference = o.reference === false || m.target === undefined ? undefined : Array.isArray(m.target) ? m.target.join('\n') : m.target;
  const prompt = o.prompt ?? defaultPrompt(reference ? 'pairwise-reference' : 'pairwise', lang);
  const answer = (turns: string[]) => (turns.length > 1 ? turns.map((t, i) => `[${i + 1}] ${t}`).join('\n\n') : (turns[0] ?? ''));
  const orders: OrderJudgment[] = [];
  for (const swapped of [false, true]) {
    const [first, second] = swapped ? [m.b, m.a] : [m.a, m.b];
    const vars = { question, answer_a: answer(first), answer_b: answer(second), reference: reference ?? '' };
    const reply = await askJudge(o.judge, renderPrompt(prompt, vars), { taskId: battle.task_id, itemId: battle.item_id, cache });
    if (reply.result.status !== 'ok') {
      summary.errors.push({ battleId: battle.id, error: judgeFailure(o.judge.id, reply.result) });
      return;
    }
    const parsed = parseVerdict(reply.result.text);
    const shown: [string, string] = swapped ? [battle.provider_b, battle.provider_a] : [battle.provider_a, battle.provider_b];
    orders.push(parsed.ok ? { shown, raw: reply.result.text, verdict: back(parsed.value, swapped) } : { shown, raw: reply.result.text, unreadable: parsed.reason });
  }
  const [v1, v2] = orders.map((x) => x.verdict);
  const readable = v1 !== undefined && v2 !== undefined;
  const flipped = readable && v1 !== v2;
  const verdict = !readable ? 'unparseable' : flipped ? 'tie' : v1!;
  const detail = { judge: o.judge.id, model: o.judge.model, lang, prompt: promptRef(prompt), reference: reference !== undefined, orders, flipped };
  return { vote: { battle_id: battle.id, voter, voter_kind: 'judge', verdict, detail_json: JSON.stringify(detail), created_at: new Date().toISOString() }, flipped };
}
