// Task spec (declarative YAML) → runtime Task.
import { InputError } from '../errors.js';
import type { DatasetRef, TaskSpec } from '../config/schema.js';
import { readRows, rowsToItems, type Row } from '../datasets/load.js';
import { createScorer, type ScorerContext } from '../scorers/index.js';
import type { ChatMessage, Item, Provider, Scorer } from '../types.js';
import { circularTask } from './circular.js';
import { hashOf } from './hash.js';
import type { Task } from './task.js';
import { render, templateFields, lookup } from './template.js';

export interface TaskContext {
  baseDir: string;
  /** The config file and the line of this task entry, for errors. */
  file: string;
  line?: number;
  /** The run's providers, for judge scorers. */
  providers?: Map<string, Provider>;
  /** Ids of `role: judge` providers. */
  judges?: string[];
  judgeCache?: ScorerContext['judgeCache'];
  /**
   * A pack's last word on each item read from the data (e.g. GSM8K's number
   * after "####" as the target), applied before the items are checked against
   * the scorers, so the check sees what will be scored. Throws an InputError
   * for an item the pack cannot use.
   */
  finishItem?: (item: Item, index: number) => Item;
}

export async function loadTask(spec: TaskSpec, ctx: TaskContext): Promise<Task> {
  const { rows, file, hash, encoding } = await datasetRows(spec.dataset, spec.items, ctx, `task "${spec.id}"`);
  const read = rowsToItems(
    { file, rows, encoding },
    {
      idField: typeof spec.dataset === 'object' ? spec.dataset.idField : undefined,
      targetField: spec.target,
      choiceFields: spec.choices,
      columns: typeof spec.dataset === 'object' ? spec.dataset.columns : undefined,
    },
  );
  const items = ctx.finishItem ? read.map(ctx.finishItem) : read;
  checkTemplateFields(spec, rows, items, file);

  const shots = spec.prompt.fewShot ? await fewShotMessages(spec, ctx) : [];
  const scorers = await Promise.all(
    spec.scorers.map((s, i) =>
      createScorer(s, { baseDir: ctx.baseDir, providers: ctx.providers, judges: ctx.judges, judgeCache: ctx.judgeCache, place: { file: ctx.file, line: ctx.line, field: `scorers.${i}` } }),
    ),
  );
  const firstTurn = (item: Item): string => {
    const turns = item.fields.turns;
    return Array.isArray(turns) && !spec.prompt.user.includes('{{') ? String(turns[0]) : render(spec.prompt.user, item.fields);
  };
  const task: Task = {
    id: spec.id,
    tags: spec.tags,
    items,
    prompt(item) {
      const messages: ChatMessage[] = [];
      if (spec.prompt.system) messages.push({ role: 'system', content: render(spec.prompt.system, item.fields) });
      messages.push(...shots, { role: 'user', content: firstTurn(item) });
      return messages;
    },
    followUps(item) {
      const turns = item.fields.turns;
      return Array.isArray(turns) ? turns.slice(1).map(String) : [];
    },
    scorers,
    scoreTruncated: spec.scoreTruncated,
    version: { taskHash: hashOf(spec), datasetHash: hash },
  };
  // CircularEval's own item check speaks of rotations, so it comes first.
  const finished = spec.circular ? circularTask(task, { file: ctx.file, line: ctx.line }) : task;
  checkScorerInputs(spec, rows, items, file, scorers);
  return finished;
}

/**
 * Every item must be scorable by every scorer (a reference answer, a target
 * that is a number or an option, the option columns): found here, before a
 * request is paid for, not as scorer errors after the run. Names the file,
 * the item's line and the dataset column, and how many other items fail.
 */
function checkScorerInputs(spec: TaskSpec, rows: Row[], items: Item[], file: string, scorers: Scorer[]) {
  const problems: Array<{ line: number; field: string; message: string; hint?: string }> = [];
  items.forEach((item, i) => {
    for (const s of scorers) {
      try {
        s.check?.(item);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        const about = err.place.field ?? '';
        const field = about.startsWith('target') ? spec.target : about.startsWith('choices') ? (spec.choices ?? ['choices']).join(', ') : about || spec.target;
        problems.push({ line: rows[i].line, field, message: `item "${item.id}": ${err.problem} (scorer "${s.name}" of task "${spec.id}")`, hint: err.hint });
        break;
      }
    }
  });
  if (!problems.length) return;
  const [first, ...more] = problems;
  const others = more.length
    ? `; ${more.length} more item(s) fail the same check, on line(s) ${more
        .slice(0, 10)
        .map((p) => p.line)
        .join(', ')}${more.length > 10 ? ', …' : ''}`
    : '';
  throw new InputError(
    `${first.message}${others}`,
    { file, line: first.line, field: first.field },
    first.hint ?? `give every item its "${spec.target}" (the reference answer), or drop the item; nothing was sent`,
  );
}

async function datasetRows(dataset: DatasetRef | undefined, inline: Array<Record<string, unknown>> | undefined, ctx: TaskContext, what: string) {
  if (dataset) {
    const source = typeof dataset === 'string' ? { path: dataset } : dataset;
    return readRows(source, ctx.baseDir);
  }
  if (inline) {
    const rows: Row[] = inline.map((values, index) => ({ line: ctx.line ?? 0, index, values }));
    return { rows, file: ctx.file, hash: hashOf(inline) };
  }
  throw new InputError(`${what} has neither "dataset" nor "items"`, { file: ctx.file, line: ctx.line, field: 'dataset' }, 'point "dataset" at a JSONL/CSV/XLSX file or list "items" inline');
}

/** Every {{field}} the prompt uses must exist in every row: fail at load, not mid-run. */
function checkTemplateFields(spec: TaskSpec, rows: Row[], items: Item[], file: string) {
  const wanted = [...templateFields(spec.prompt.user), ...templateFields(spec.prompt.system ?? '')];
  items.forEach((item, i) => {
    for (const f of wanted) {
      if (lookup(item.fields, f) === undefined)
        throw new InputError(`item "${item.id}" has no field "${f}" used by the prompt of task "${spec.id}"`, { file, line: rows[i].line, field: f }, 'add the column or fix the {{field}} name');
    }
  });
}

async function fewShotMessages(spec: TaskSpec, ctx: TaskContext): Promise<ChatMessage[]> {
  const fs = spec.prompt.fewShot!;
  const { rows } = await datasetRows(fs.dataset, fs.items, ctx, `few-shot examples of task "${spec.id}"`);
  const picked = rows.slice(0, fs.count ?? rows.length);
  return picked.flatMap((r) => [
    { role: 'user' as const, content: render(spec.prompt.user, r.values) },
    { role: 'assistant' as const, content: render(fs.assistant, r.values) },
  ]);
}
