// After the engine: judge every answer of a safety run (judgment.ts) and
// store the judgments and review items. Reads only what the run stored
// (items, results) and skips answers already judged, so an interrupted
// judging resumes where it stopped.
import { Budget, runPool } from '../engine/pool.js';
import { judgeAttempts, type JudgeCosts } from '../engine/run.js';
import { GroupWriter } from '../engine/writer.js';
import { unitCostCny } from '../store/outcome.js';
import type { Store, StoredResult } from '../store/store.js';
import type { UnitOutcome } from '../types.js';
import type { Turn } from './judge.js';
import { bankOfTask, judgeAnswer, type AnswerUnit, type JudgeAnswerOptions } from './judgment.js';
import { loadJudgments, saveJudgments, unitKeyString, type JudgmentRow } from './store.js';

export interface JudgeRunOptions extends JudgeAnswerOptions {
  /** Concurrent judge calls (default 4). */
  concurrency?: number;
  /** Stop taking new answers (Ctrl-C); judgments made so far are kept. */
  signal?: AbortSignal;
  /** Cost of a judge reply by provider id: judge requests become attempts of the run with their cost. */
  judgeCosts?: JudgeCosts;
  /** The run's budget and what it has spent so far: judging stops taking answers once the spend reaches it. */
  budgetCny?: number;
  spentCny?: number;
}

/** A judged answer: its judgment, and the judge requests made for it as attempts of its unit. */
interface Judged {
  row: JudgmentRow;
  requests: UnitOutcome;
}

/** Rebuilds the conversation of one stored result: the turns sent and the answers got. */
export function answerUnitOf(result: StoredResult, fields: Record<string, unknown>): AnswerUnit | undefined {
  const bank = bankOfTask(result.task_id);
  if (!bank) return undefined;
  const users = [String(fields.prompt ?? ''), ...((fields.followUps as string[] | undefined) ?? [])];
  const answers: string[] = result.turns ?? (result.raw_output !== null ? [result.raw_output] : []);
  const answered = result.status === 'ok' || result.status === 'scorer_error';
  const blocked = result.status === 'content_filtered';
  const turns: Turn[] = answers.map((answer, i) => ({ user: users[i] ?? '', answer }));
  if (blocked) turns.push({ user: users[answers.length] ?? '', blocked: true });
  return {
    bank,
    turns,
    status: answered ? 'answered' : blocked ? 'vendor_blocked' : 'error',
    risks: (fields.risks as string[] | undefined) ?? [],
    aspects: (fields.aspects as string[] | undefined) ?? [],
  };
}

/** Judges the run's answers that have no judgment yet; `complete` is false when stopped by the signal or the budget. */
export async function judgeRun(store: Store, runId: string, options: JudgeRunOptions = {}): Promise<{ judged: number; complete: boolean; budgetReached: boolean }> {
  const fields = new Map((await store.items(runId)).map((i) => [`${i.taskId}\u0000${i.itemId}`, i.fields]));
  const already = new Set((await loadJudgments(store.db, runId)).map(unitKeyString));
  const results = (await store.results(runId)).filter((r) => bankOfTask(r.task_id) && !already.has(unitKeyString(r)));
  let judged = 0;
  // The judge requests' attempts first: a crash in between re-judges (and re-records) a unit, never loses a request.
  const writer = new GroupWriter<Judged>(
    async (done) => {
      await store.commitUnits(done.map((j) => j.requests));
      await saveJudgments(
        store.db,
        done.map((j) => j.row),
      );
    },
    { committed: (done) => (judged += done.length) },
  );
  const { end } = await writer.closeAfter(
    runPool({
      items: results,
      concurrency: options.concurrency ?? 4,
      signal: options.signal,
      budget: new Budget(options.budgetCny, options.spentCny ?? 0),
      work: async (r): Promise<Judged> => {
        const unit = answerUnitOf(r, fields.get(`${r.task_id}\u0000${r.item_id}`) ?? {})!;
        const requests: UnitOutcome = { runId, taskId: r.task_id, itemId: r.item_id, providerId: r.provider_id, repeat: r.repeat, attempts: [], cache: [] };
        const judgment = await judgeAnswer(unit, { ...options, recordJudge: judgeAttempts(options.judgeCosts, (a) => requests.attempts.push(a)) });
        return { row: { run_id: runId, task_id: r.task_id, item_id: r.item_id, provider_id: r.provider_id, repeat: r.repeat, judgment }, requests };
      },
      cost: (j) => unitCostCny(j.requests),
      done: (j) => writer.push(j),
    }),
  );
  return { judged, complete: judged === results.length, budgetReached: end === 'budget' };
}
