// CircularEval (MMBench, Liu et al. 2023): a multiple-choice item is asked N
// times, once per rotation of its options, and counts as correct only when
// every rotation is answered correctly. A model that always picks one letter
// (or guesses by position) scores 0 this way instead of 1/N.
//
// Rotation k moves the option text at position (i + k) mod N to position i,
// so the gold letter moves to (g − k) mod N. Variant ids are `<id>#r<k>`
// (r0 = the original order) and each variant's cluster is the original id,
// so intervals and paired tests resample whole items. The report's
// circular metric (src/summary/groups.ts) reads the variants back by id.
import { InputError } from '../errors.js';
import type { Item } from '../types.js';
import { hashOf } from './hash.js';
import type { Task } from './task.js';

/** Bump when the rotation scheme changes: results stop comparing equal. */
export const CIRCULAR_PROTOCOL = 'mmbench-circular/1';

export const CIRCULAR_VARIANT = /^(.*)#r(\d+)$/;

/** The original item id of a variant id (`q7#r2` → `q7`), or undefined for a plain id. */
export function circularOrigin(itemId: string): string | undefined {
  return CIRCULAR_VARIANT.exec(itemId)?.[1];
}

export function rotateItem(item: Item, k: number): Item {
  const letters = Object.keys(item.choices ?? {});
  const n = letters.length;
  const gold = typeof item.target === 'string' ? letters.indexOf(item.target.trim().toUpperCase()) : -1;
  const texts = letters.map((l) => item.choices![l]);
  const rotated = Object.fromEntries(letters.map((l, i) => [l, texts[(i + k) % n]]));
  const fields = { ...item.fields };
  // Prompts that render options from fields ({{A}}) see the rotation too.
  for (const l of letters) if (l in fields) fields[l] = rotated[l];
  return {
    ...item,
    id: `${item.id}#r${k}`,
    fields,
    choices: rotated,
    target: letters[(gold - k + n) % n],
    cluster: item.id,
    tags: { ...item.tags, rotation: String(k) },
  };
}

/** Every item expanded into its N rotations; the task is tagged `circular`. */
export function circularTask(task: Task, place: { file?: string; line?: number } = {}): Task {
  const items = task.items.flatMap((item) => {
    const letters = Object.keys(item.choices ?? {});
    if (letters.length < 2)
      throw new InputError(
        `task "${task.id}" item "${item.id}": circular needs multiple-choice items with options`,
        { ...place, field: 'circular' },
        'use circular: true only on multiple-choice tasks (choices: [A, B, C, D])',
      );
    const target = typeof item.target === 'string' ? item.target.trim().toUpperCase() : undefined;
    if (!target || !letters.includes(target))
      throw new InputError(
        `task "${task.id}" item "${item.id}": circular needs one gold letter among ${letters.join(', ')} (found "${String(item.target ?? '')}")`,
        { ...place, field: 'circular' },
        'CircularEval rotates single-answer items; give the answer as one option letter',
      );
    return letters.map((_, k) => rotateItem({ ...item, target }, k));
  });
  return {
    ...task,
    tags: { ...task.tags, circular: 'true' },
    items,
    version: { taskHash: hashOf({ base: task.version.taskHash, circular: CIRCULAR_PROTOCOL }), datasetHash: task.version.datasetHash },
  };
}
