// MT-Bench (Zheng et al. 2023, lm-sys/FastChat fastchat/llm_judge/data/
// mt_bench/question.jsonl): 80 questions in 8 categories, each two user
// turns; the second is sent after the model's first answer (Task.followUps).
// Answers are graded by an LLM judge ([[rating]] 1–10) with the
// `judge-single` scorer: turn 1 with the single-answer prompt, turn 2 with
// the multi-turn prompt, both reference-guided where the question has a
// reference (math, reasoning, coding in the official file). `judge:` in the
// pack entry names the judge provider (or gives judge-single options).
import { InputError, type Place } from '../errors.js';
import { readRows, rowsToItems } from '../datasets/load.js';
import { createScorer, scorerTypes, type ScorerContext } from '../scorers/index.js';
import { hashOf } from '../tasks/hash.js';
import type { Task } from '../tasks/task.js';
import type { Item, Provider } from '../types.js';

/** The run's providers, so the judge scorer can find its judge. */
export interface JudgeProviders {
  providers?: Map<string, Provider>;
  judges?: string[];
  judgeCache?: ScorerContext['judgeCache'];
}

/** A pack's `judge:` entry: a provider id, or judge-single options (`{judge, lang, …}`). */
export function judgeSpec(judge: unknown): Record<string, unknown> {
  if (typeof judge === 'string') return { judge };
  return judge && typeof judge === 'object' ? { ...(judge as Record<string, unknown>) } : {};
}

export interface MtBenchSet {
  file: string;
  /** sha256 of question.jsonl. */
  hash: string;
  /** id = question_id; fields.turns = the user turns; tags.category; target = reference answers where given. */
  items: Item[];
}

export const MTBENCH_JUDGE = 'judge-single';

export async function loadMtBench(file: string): Promise<MtBenchSet> {
  const { rows, hash, file: resolved } = await readRows({ path: file, format: 'jsonl' }, process.cwd());
  for (const row of rows) {
    const { question_id, category, turns } = row.values;
    const place = { file: resolved, line: row.line };
    if (typeof question_id !== 'number' && typeof question_id !== 'string') throw new InputError('missing question_id', { ...place, field: 'question_id' });
    if (typeof category !== 'string' || !category) throw new InputError('missing category', { ...place, field: 'category' });
    if (!Array.isArray(turns) || !turns.length || !turns.every((t) => typeof t === 'string' && t.trim()))
      throw new InputError('"turns" must be a list of non-empty strings', { ...place, field: 'turns' }, 'use the official question.jsonl');
  }
  const items = rowsToItems({ file: resolved, rows }, { idField: 'question_id', targetField: 'reference' }).map((item) => ({
    ...item,
    tags: { ...item.tags, category: String(item.fields.category) },
  }));
  return { file: resolved, hash, items };
}

/** The MT-Bench Task, scored by a judge scorer spec (`{type: 'judge-single', …}`). */
export async function mtBenchTask(set: MtBenchSet, judge: { type: string } & Record<string, unknown>, id = 'mtbench', place: Place = {}, run: JudgeProviders = {}): Promise<Task> {
  const turns = (item: Item) => (item.fields.turns as string[]).map(String);
  return {
    id,
    tags: { benchmark: 'mtbench', dimension: 'dialogue', language: 'en' },
    items: set.items,
    prompt: (item) => [{ role: 'user', content: turns(item)[0] }],
    followUps: (item) => turns(item).slice(1),
    scorers: [await createScorer(judge, { baseDir: process.cwd(), place: { ...place, field: 'judge' }, providers: run.providers, judges: run.judges, judgeCache: run.judgeCache })],
    version: { taskHash: hashOf({ protocol: 'mtbench/1', judge }), datasetHash: set.hash },
  };
}

/** The pack: a Task when a judge scorer exists, otherwise an InputError after checking the data. */
export async function mtBenchPack(file: string, judge: unknown, id: string | undefined, place: Place, run: JudgeProviders = {}): Promise<Task> {
  const set = await loadMtBench(file);
  if (!scorerTypes().includes(MTBENCH_JUDGE))
    throw new InputError(
      `MT-Bench needs an LLM judge scorer ("${MTBENCH_JUDGE}"), which this build does not have yet (questions loaded: ${set.items.length})`,
      { ...place, field: 'pack' },
      'leave mtbench out of the run for now; its answers cannot be scored without a judge',
    );
  return mtBenchTask(set, { lang: 'en', ...judgeSpec(judge), type: MTBENCH_JUDGE }, id, place, run);
}
