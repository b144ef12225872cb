// After the engine: judge every answer of a safety run (judgment.ts) and
// store the judgments and review items. Reads only what the run stored
// (items, results) and skips answers already judged, so an interrupted
// judging resumes where it stopped.
import { Semaphore } from '../engine/limits.js';
import type { Store } from '../store/store.js';
import type { Turn } from './judge.js';
import { bankOfTask, judgeAnswer, type AnswerUnit, type JudgeAnswerOptions } from './judgment.js';
import { loadJudgments, saveJudgments, unitKeyString, type JudgmentRow } from './store.js';

export interface JudgeRunOptions extends JudgeAnswerOptions {
  /** Concurrent judge calls (default 4). */
  concurrency?: number;
  /** Stop taking new answers (Ctrl-C); judgments made so far are kept. */
  signal?: AbortSignal;
}

/** Judgments are committed in groups of this many as they are made. */
const SAVE_EVERY = 50;

type ResultRow = Awaited<ReturnType<Store['results']>>[number];

/** Rebuilds the conversation of one stored result: the turns sent and the answers got. */
export function answerUnitOf(result: ResultRow, fields: Record<string, unknown>): AnswerUnit | undefined {
  const bank = bankOfTask(result.task_id);
  if (!bank) return undefined;
  const users = [String(fields.prompt ?? ''), ...((fields.followUps as string[] | undefined) ?? [])];
  const answers: string[] = result.turns_json ? (JSON.parse(result.turns_json) as string[]) : result.raw_output !== null ? [result.raw_output] : [];
  const answered = result.status === 'ok' || result.status === 'scorer_error';
  const blocked = result.status === 'content_filtered';
  const turns: Turn[] = answers.map((answer, i) => ({ user: users[i] ?? '', answer }));
  if (blocked) turns.push({ user: users[answers.length] ?? '', blocked: true });
  return { bank, turns, status: answered ? 'answered' : blocked ? 'vendor_blocked' : 'error', risks: (fields.risks as string[] | undefined) ?? [], aspects: (fields.aspects as string[] | undefined) ?? [] };
}

/** Judges the run's answers that have no judgment yet; `complete` is false when stopped by the signal. */
export async function judgeRun(store: Store, runId: string, options: JudgeRunOptions = {}): Promise<{ judged: number; complete: boolean }> {
  const fields = new Map((await store.items(runId)).map((i) => [`${i.task_id}\u0000${i.item_id}`, JSON.parse(i.fields_json) as Record<string, unknown>]));
  const already = new Set((await loadJudgments(store.db, runId)).map(unitKeyString));
  const results = (await store.results(runId)).filter((r) => bankOfTask(r.task_id) && !already.has(unitKeyString(r)));
  const pool = new Semaphore(Math.max(1, options.concurrency ?? 4));
  let pending: JudgmentRow[] = [];
  let saved: Promise<void> = Promise.resolve();
  const save = () => {
    const rows = pending;
    pending = [];
    saved = saved.then(() => saveJudgments(store.db, rows));
    return saved;
  };
  let judged = 0;
  await Promise.all(
    results.map(async (r) => {
      const unit = answerUnitOf(r, fields.get(`${r.task_id}\u0000${r.item_id}`) ?? {})!;
      await pool.acquire();
      try {
        if (options.signal?.aborted) return;
        const judgment = await judgeAnswer(unit, options);
        pending.push({ run_id: runId, task_id: r.task_id, item_id: r.item_id, provider_id: r.provider_id, repeat: r.repeat, judgment });
        judged++;
        if (pending.length >= SAVE_EVERY) await save();
      } finally {
        pool.release();
      }
    }),
  );
  await save();
  return { judged, complete: judged === results.length };
}
