// MBPP (Austin et al. 2021, "Program Synthesis with Large Language Models").
// Official protocol: test set = task_ids 11–510; a 3-shot prompt built from
// task_ids 2, 3 and 4, each shot in the paper's format
//   You are an expert Python programmer, and here is your task: {text} Your
//   code should pass these tests:\n\n{tests}\n[BEGIN]\n{code}\n[DONE]
// and the question in the same format ending after "[BEGIN]\n", so the
// model writes code and closes it with [DONE]. See docs/sandbox.md.
import { InputError } from '../../errors.js';
import type { ChatMessage, Item } from '../../types.js';
import type { LoadedBenchmark } from './humaneval.js';
import { readJsonl, requireString, requireStringList } from './jsonl.js';

export const MBPP_FEW_SHOT_IDS = ['2', '3', '4'] as const;
export const MBPP_TEST_IDS = { first: 11, last: 510 } as const;

/** Reads mbpp.jsonl (task_id, text, code, test_list, test_setup_code, challenge_test_list). */
export function loadMbpp(file: string): LoadedBenchmark {
  const { rows, hash } = readJsonl(file);
  const seen = new Set<string>();
  const items = rows.map((row): Item => {
    const raw = row.value.task_id;
    if (typeof raw !== 'number' && typeof raw !== 'string') throw new InputError('task_id must be a number', { file, line: row.line, field: 'task_id' });
    const id = String(raw);
    for (const field of ['text', 'code']) requireString(row, field, file);
    requireStringList(row, 'test_list', file);
    if (seen.has(id)) throw new InputError(`duplicate task_id "${id}"`, { file, line: row.line, field: 'task_id' });
    seen.add(id);
    return { id, fields: row.value, target: String(row.value.code), tags: { benchmark: 'mbpp' } };
  });
  return { items, hash };
}

/** The official test split: task_ids 11–510. */
export function mbppTestItems(items: Item[]): Item[] {
  return items.filter((item) => Number(item.id) >= MBPP_TEST_IDS.first && Number(item.id) <= MBPP_TEST_IDS.last);
}

/** The three prompt examples (task_ids 2, 3, 4), in that order. */
export function mbppShots(items: Item[]): Item[] {
  return MBPP_FEW_SHOT_IDS.map((id) => {
    const shot = items.find((item) => item.id === id);
    if (!shot) throw new InputError(`MBPP few-shot example task_id ${id} is missing from the dataset`, { field: 'task_id' }, 'load the full mbpp.jsonl: tasks 2, 3 and 4 are the prompt examples');
    return shot;
  });
}

function question(item: Item): string {
  const tests = (item.fields.test_list as string[]).join('\n');
  return `You are an expert Python programmer, and here is your task: ${String(item.fields.text)} Your code should pass these tests:\n\n${tests}\n[BEGIN]\n`;
}

/** The 3-shot prompt text for one item; `shots` from mbppShots. */
export function mbppPrompt(item: Item, shots: Item[]): string {
  const examples = shots.map((shot) => `${question(shot)}${String(shot.fields.code)}\n[DONE]\n`).join('');
  return examples + question(item);
}

export function mbppMessages(item: Item, shots: Item[]): ChatMessage[] {
  return [{ role: 'user', content: mbppPrompt(item, shots) }];
}
