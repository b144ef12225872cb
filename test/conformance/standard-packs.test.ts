// The standard packs against the published data in ../shared/data.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CMMLU_GROUPS, CMMLU_SUBJECTS } from '../../src/benchmarks/cmmlu-subjects.js';
import { packs } from '../../src/benchmarks/index.js';
import { loadMtBench } from '../../src/benchmarks/mtbench.js';
import { parseGoldNumber } from '../../src/scorers/numeric.js';
import type { Task } from '../../src/tasks/task.js';

const local = path.resolve(process.cwd(), '../shared/data');
const DATA = existsSync(local) ? local : '/work/shared/data';
const ctx = { baseDir: DATA, file: 'heng.yaml' };

describe('GSM8K conformance', () => {
  it('every one of the 1,319 gold answers parses to an integer, and the pack uses them as targets', async () => {
    const lines = readFileSync(path.join(DATA, 'gsm8k/test.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    expect(lines).toHaveLength(1319);
    const golds = lines.map((l) => parseGoldNumber(JSON.parse(l).answer));
    expect(golds.every((g) => g !== undefined && Number.isInteger(g))).toBe(true);
    const [task] = [await packs.gsm8k({ pack: 'gsm8k', data: 'gsm8k/test.jsonl' }, ctx)].flat();
    expect(task.items).toHaveLength(1319);
    expect(task.items.map((i) => Number(i.target))).toEqual(golds);
    expect(task.items[0].target).toBe('18');
  });
});

describe('CMMLU conformance', () => {
  it('dev and test CSVs load, every subject is mapped to a group', async () => {
    for (const split of ['dev', 'test']) {
      const files = readdirSync(path.join(DATA, 'cmmlu', split)).filter((f) => f.endsWith('.csv'));
      const tasks = [await packs.cmmlu({ pack: 'cmmlu', data: 'cmmlu', split }, ctx)].flat() as Task[];
      expect(tasks).toHaveLength(files.length);
      for (const t of tasks) {
        expect(CMMLU_GROUPS).toContain(t.tags.group);
        expect(t.items.length).toBeGreaterThan(0);
        expect(t.items.every((i) => i.tags?.group === t.tags.group && /^[ABCD]$/.test(String(i.target)))).toBe(true);
      }
      if (split === 'dev') {
        expect(tasks).toHaveLength(67);
        expect(new Set(tasks.map((t) => t.tags.subject))).toEqual(new Set(Object.keys(CMMLU_SUBJECTS)));
        expect(tasks.every((t) => t.items.length === 5)).toBe(true);
      }
    }
  });

  it('5-shot test prompts draw on dev', async () => {
    const tasks = [await packs.cmmlu({ pack: 'cmmlu', data: 'cmmlu', shots: 5 }, ctx)].flat() as Task[];
    const msgs = tasks[0].prompt(tasks[0].items[0]);
    expect(msgs).toHaveLength(12);
    expect(msgs[0].content).toMatch(/^以下是关于.+的单项选择题，请直接给出正确答案的选项。$/);
  });
});

describe('MT-Bench conformance', () => {
  it('loads 80 questions × 2 turns, 10 per category', async () => {
    const set = await loadMtBench(path.join(DATA, 'mt_bench/question.jsonl'));
    expect(set.items).toHaveLength(80);
    expect(set.items.every((i) => Array.isArray(i.fields.turns) && (i.fields.turns as string[]).length === 2)).toBe(true);
    const perCategory = new Map<string, number>();
    for (const i of set.items) perCategory.set(i.tags!.category, (perCategory.get(i.tags!.category) ?? 0) + 1);
    expect(perCategory.size).toBe(8);
    expect([...perCategory.values()].every((n) => n === 10)).toBe(true);
  });
});
