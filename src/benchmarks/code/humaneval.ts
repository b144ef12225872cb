// HumanEval (Chen et al. 2021): 164 Python functions to complete. The
// official protocol sends the prompt (signature + docstring) as-is and the
// model continues it; the code scorer appends the completion to the prompt
// and runs the problem's `check(entry_point)`. See docs/sandbox.md.
import { InputError } from '../../errors.js';
import type { ChatMessage, Item } from '../../types.js';
import { readJsonl, requireString } from './jsonl.js';

export interface LoadedBenchmark {
  items: Item[];
  /** sha256 of the source file's bytes. */
  hash: string;
}

/** Reads HumanEval.jsonl or HumanEval.jsonl.gz (task_id, prompt, canonical_solution, test, entry_point). */
export function loadHumanEval(file: string): LoadedBenchmark {
  const { rows, hash } = readJsonl(file);
  const seen = new Set<string>();
  const items = rows.map((row): Item => {
    const id = requireString(row, 'task_id', file);
    for (const field of ['prompt', 'test', 'entry_point']) requireString(row, field, file);
    if (seen.has(id)) throw new InputError(`duplicate task_id "${id}"`, { file, line: row.line, field: 'task_id' });
    seen.add(id);
    return { id, fields: row.value, tags: { benchmark: 'humaneval' } };
  });
  return { items, hash };
}

/** The official prompt: the problem's prompt text, unchanged, as the user turn. */
export function humanEvalMessages(item: Item): ChatMessage[] {
  return [{ role: 'user', content: String(item.fields.prompt) }];
}
