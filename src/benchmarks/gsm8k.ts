// GSM8K (Cobbe et al. 2021, openai/grade-school-math): the official
// test.jsonl ({question, answer}); the gold is the number after the final
// "#### " (parseGoldNumber). Prompt "Question: …\nAnswer:" as in
// EleutherAI lm-evaluation-harness's gsm8k task; with `shots: n` the first n
// rows of the train file are sent as user/assistant turns, their full
// worked answers (ending "#### N") as the assistant side.
import path from 'node:path';
import type { PackRef } from '../config/schema.js';
import { taskSpecSchema } from '../config/schema.js';
import { InputError } from '../errors.js';
import { parseGoldNumber } from '../scorers/numeric.js';
import { loadTask } from '../tasks/load.js';
import type { Item } from '../types.js';
import type { Task } from '../tasks/task.js';

export interface Gsm8kOptions {
  id?: string;
  /** Worked examples from `fewShotFile`; 0 (default) sends the question alone. */
  shots?: number;
  fewShotFile?: string;
  /** The config file and line, for errors. */
  file?: string;
  line?: number;
}

export async function gsm8kTask(dataFile: string, opts: Gsm8kOptions = {}): Promise<Task> {
  const shots = opts.shots ?? 0;
  if (shots > 0 && !opts.fewShotFile)
    throw new InputError(
      `gsm8k with shots: ${shots} needs "fewShotData"`,
      { file: opts.file, line: opts.line, field: 'fewShotData' },
      'set fewShotData: to the official train.jsonl (its first rows are the examples)',
    );
  const spec = taskSpecSchema.parse({
    id: opts.id ?? 'gsm8k',
    dataset: { path: dataFile, format: 'jsonl' },
    prompt: {
      user: 'Question: {{question}}\nAnswer:',
      ...(shots > 0 ? { fewShot: { dataset: { path: opts.fewShotFile!, format: 'jsonl' }, count: shots, assistant: '{{answer}}' } } : {}),
    },
    target: 'answer',
    scorers: [{ type: 'numeric' }],
    tags: { benchmark: 'gsm8k', dimension: 'math', language: 'en', shots: String(shots) },
  });
  // The numeric scorer wants one number; the source answer is a worked solution.
  const finishItem = (item: Item): Item => {
    const gold = parseGoldNumber(String(item.fields.answer ?? ''));
    if (gold === undefined) throw new InputError(`item ${item.id}: no number after "####" in the answer`, { file: dataFile, field: 'answer' }, 'use the official GSM8K test.jsonl');
    return { ...item, target: String(gold) };
  };
  const task = await loadTask(spec, { baseDir: path.dirname(dataFile), file: opts.file ?? dataFile, line: opts.line, finishItem });
  return task;
}

export function gsm8kFromRef(ref: PackRef, dataFile: string, ctx: { baseDir: string; file: string; line?: number }): Promise<Task> {
  const fewShot = ref.fewShotData;
  if (fewShot !== undefined && typeof fewShot !== 'string') throw new InputError('"fewShotData" must be a path', { file: ctx.file, line: ctx.line, field: 'fewShotData' });
  return gsm8kTask(dataFile, {
    id: ref.id,
    shots: ref.shots,
    fewShotFile: fewShot === undefined ? undefined : path.resolve(ctx.baseDir, fewShot),
    file: ctx.file,
    line: ctx.line,
  });
}
