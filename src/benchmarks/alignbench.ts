// AlignBench (Liu et al. 2023, THUDM/AlignBench data/data_release.jsonl):
// Chinese open questions in eight categories, each with a reference answer,
// graded by an LLM judge on per-category dimensions (AlignBench's method) plus
// an overall 1–10 score. One Task per category so results aggregate per
// category in every report.
import { InputError, type Place } from '../errors.js';
import { readRows, rowsToItems } from '../datasets/load.js';
import { createScorer } from '../scorers/index.js';
import { hashOf } from '../tasks/hash.js';
import type { Task } from '../tasks/task.js';
import type { Item } from '../types.js';
import { judgeSpec, type JudgeProviders } from './mtbench.js';

/** AlignBench category → task id suffix. */
export const ALIGNBENCH_CATEGORIES: Record<string, string> = {
  基本任务: 'fundamental',
  中文理解: 'chinese-understanding',
  综合问答: 'open-qa',
  文本写作: 'writing',
  角色扮演: 'role-play',
  专业能力: 'professional',
  数学计算: 'math',
  逻辑推理: 'reasoning',
};

export interface AlignBenchSet {
  file: string;
  hash: string;
  /** id = question_id; fields.question; target = reference; tags category, subcategory. */
  items: Item[];
}

export async function loadAlignBench(file: string): Promise<AlignBenchSet> {
  const { rows, hash, file: resolved } = await readRows({ path: file, format: 'jsonl' }, process.cwd());
  for (const row of rows) {
    const { question_id, category, question } = row.values;
    const place = { file: resolved, line: row.line };
    if (typeof question_id !== 'number' && typeof question_id !== 'string') throw new InputError('missing question_id', { ...place, field: 'question_id' }, 'use the official data_release.jsonl');
    if (typeof category !== 'string' || !category) throw new InputError('missing category', { ...place, field: 'category' });
    if (typeof question !== 'string' || !question.trim()) throw new InputError('"question" must be a non-empty string', { ...place, field: 'question' });
  }
  const items = rowsToItems({ file: resolved, rows }, { idField: 'question_id', targetField: 'reference' }).map((item) => ({
    ...item,
    tags: { ...item.tags, category: String(item.fields.category), ...(item.fields.subcategory ? { subcategory: String(item.fields.subcategory) } : {}) },
  }));
  return { file: resolved, hash, items };
}

/** The pack: one judged Task per category, in the order categories first appear. */
export async function alignBenchPack(file: string, judge: unknown, id: string | undefined, place: Place, run: JudgeProviders = {}): Promise<Task[]> {
  const set = await loadAlignBench(file);
  const spec = { lang: 'zh', reference: 'auto', dimensions: 'category', ...judgeSpec(judge), type: 'judge-single' };
  const scorer = await createScorer(spec, { baseDir: process.cwd(), place: { ...place, field: 'judge' }, providers: run.providers, judges: run.judges, judgeCache: run.judgeCache });
  const categories = [...new Set(set.items.map((i) => i.tags!.category))];
  const prefix = id ?? 'alignbench';
  return categories.map((category, n) => {
    const slug = ALIGNBENCH_CATEGORIES[category] ?? `category-${n + 1}`;
    const items = set.items.filter((i) => i.tags!.category === category);
    return {
      id: `${prefix}-${slug}`,
      tags: { benchmark: 'alignbench', dimension: slug, category, language: 'zh' },
      items,
      prompt: (item) => [{ role: 'user' as const, content: String(item.fields.question) }],
      scorers: [scorer],
      version: { taskHash: hashOf({ protocol: 'alignbench/1', judge: spec, category }), datasetHash: set.hash },
    };
  });
}
