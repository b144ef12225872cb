// HumanEval and MBPP loaders and prompt protocols, on hand-written fixtures
// in the official file formats.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { humanEvalMessages, loadHumanEval } from '../../src/benchmarks/code/humaneval.js';
import { loadMbpp, mbppMessages, mbppPrompt, mbppShots, mbppTestItems } from '../../src/benchmarks/code/mbpp.js';
import { InputError } from '../../src/errors.js';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heng-bench-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadHumanEval', () => {
  it('reads rows into items keyed by task_id with every field kept', () => {
    const { items, hash } = loadHumanEval(path.join(FIXTURES, 'humaneval-sample.jsonl'));
    expect(items.map((i) => i.id)).toEqual(['Sample/0', 'Sample/1', 'Sample/2']);
    expect(items[1].fields.entry_point).toBe('evens');
    expect(Object.keys(items[0].fields).sort()).toEqual(['canonical_solution', 'entry_point', 'prompt', 'task_id', 'test']);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the gzipped official form the same way', () => {
    const gz = path.join(tmp, 'HumanEval.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(path.join(FIXTURES, 'humaneval-sample.jsonl'))));
    expect(loadHumanEval(gz).items.map((i) => i.fields)).toEqual(loadHumanEval(path.join(FIXTURES, 'humaneval-sample.jsonl')).items.map((i) => i.fields));
  });

  it('names file, line and field of a bad row', () => {
    const bad = path.join(tmp, 'bad.jsonl');
    writeFileSync(bad, '{"task_id":"a","prompt":"p","test":"t","entry_point":"f"}\n{"task_id":"b","prompt":"p","test":"t"}\n');
    expect(() => loadHumanEval(bad)).toThrow(InputError);
    expect(() => loadHumanEval(bad)).toThrow(/bad\.jsonl, line 2, field "entry_point"/);
    writeFileSync(bad, '{"task_id":"a"\n');
    expect(() => loadHumanEval(bad)).toThrow(/line 1: broken JSON/);
  });

  it('sends the prompt unchanged', () => {
    const [item] = loadHumanEval(path.join(FIXTURES, 'humaneval-sample.jsonl')).items;
    expect(humanEvalMessages(item)).toEqual([{ role: 'user', content: item.fields.prompt }]);
  });
});

describe('MBPP', () => {
  const { items } = loadMbpp(path.join(FIXTURES, 'mbpp-sample.jsonl'));

  it('keys items by task_id and keeps the reference code as target', () => {
    expect(items.map((i) => i.id)).toEqual(['2', '3', '4', '11', '12', '600']);
    expect(items[0].target).toContain('def larger');
  });

  it('uses task_ids 11–510 as the test set and 2, 3, 4 as shots', () => {
    expect(mbppTestItems(items).map((i) => i.id)).toEqual(['11', '12']);
    expect(mbppShots(items).map((i) => i.id)).toEqual(['2', '3', '4']);
    expect(() => mbppShots(items.filter((i) => i.id !== '3'))).toThrow(/task_id 3/);
  });

  it('builds the paper 3-shot prompt ending at [BEGIN]', () => {
    const shots = mbppShots(items);
    const item = items.find((i) => i.id === '11')!;
    const prompt = mbppPrompt(item, shots);
    expect(
      prompt.startsWith(
        'You are an expert Python programmer, and here is your task: Write a function to return the larger of two numbers. Your code should pass these tests:\n\nassert larger(1, 2) == 2\n',
      ),
    ).toBe(true);
    expect(prompt.match(/\[BEGIN\]/g)).toHaveLength(4);
    expect(prompt.match(/\[DONE\]/g)).toHaveLength(3);
    expect(
      prompt.endsWith(
        'Write a function to square every number in a list. Your code should pass these tests:\n\nassert squares([1, 2, 3]) == [1, 4, 9]\nassert squares([]) == []\nassert squares([-2]) == [4]\n[BEGIN]\n',
      ),
    ).toBe(true);
    expect(mbppMessages(item, shots)).toEqual([{ role: 'user', content: prompt }]);
  });

  it('rejects a row without test_list', () => {
    const bad = path.join(tmp, 'mbpp-bad.jsonl');
    writeFileSync(bad, '{"task_id": 1, "text": "t", "code": "c", "test_list": "assert 1"}\n');
    expect(() => loadMbpp(bad)).toThrow(/line 1, field "test_list"/);
  });
});

describe('ready tasks', () => {
  it('HumanEval: every item, the prompt as-is, the code scorer', async () => {
    const { humanEvalTask } = await import('../../src/benchmarks/code/tasks.js');
    const task = humanEvalTask(path.join(FIXTURES, 'humaneval-sample.jsonl'));
    expect(task.items).toHaveLength(3);
    expect(task.prompt(task.items[0])[0].content).toBe(task.items[0].fields.prompt);
    expect(task.scorers.map((s) => s.name)).toEqual(['code']);
    expect(task.version.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(humanEvalTask(path.join(FIXTURES, 'humaneval-sample.jsonl'), { mode: 'completion' }).version.taskHash).not.toBe(task.version.taskHash);
  });

  it('MBPP: only the test split, prompted with the three shots', async () => {
    const { mbppTask } = await import('../../src/benchmarks/code/tasks.js');
    const task = mbppTask(path.join(FIXTURES, 'mbpp-sample.jsonl'));
    expect(task.items.map((i) => i.id)).toEqual(['11', '12']);
    expect(task.prompt(task.items[1])[0].content).toContain('def reverse_list(xs)');
  });
});
