// HumanEval against the real data in ../shared/data/humaneval: every
// canonical solution passes in the sandbox, and the official example samples
// give pass@1 = 0.5 (3 pass, 1 times out at 3 s, 2 fail).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHumanEval } from '../../src/benchmarks/code/humaneval.js';
import { readJsonl } from '../../src/benchmarks/code/jsonl.js';
import { SlotPool } from '../../src/sandbox/index.js';
import { codeScorer } from '../../src/sandbox/code-scorer.js';
import type { Score } from '../../src/types.js';

const local = path.resolve(process.cwd(), '../shared/data');
const DATA = path.join(existsSync(local) ? local : '/work/shared/data', 'humaneval');
const scorer = codeScorer({ pool: new SlotPool(), uidBase: 60_400, timeoutMs: 3_000 });

describe('HumanEval conformance', () => {
  it('passes all 164 canonical solutions in the sandbox', async () => {
    const { items } = loadHumanEval(path.join(DATA, 'HumanEval.jsonl.gz'));
    expect(items).toHaveLength(164);
    const scores = await Promise.all(items.map((item) => scorer.score({ output: String(item.fields.canonical_solution), item, messages: [] })));
    const failing = scores.flatMap((s: Score, i) => (s.outcome === 'correct' ? [] : [`${items[i].id}: ${s.detail?.status} ${String(s.detail?.stderr).slice(-300)}`]));
    expect(failing).toEqual([]);
    expect(scores.every((s) => s.rule === 'humaneval.completion.raw')).toBe(true);
    expect(scores.every((s) => s.detail?.finished === true)).toBe(true);
  });

  it('scores the example samples 3 pass, 1 timeout, 2 fail: pass@1 = 0.5', async () => {
    const [problem] = loadHumanEval(path.join(DATA, 'example_problem.jsonl')).items;
    const samples = readJsonl(path.join(DATA, 'example_samples.jsonl')).rows.map((r) => r.value);
    expect(samples).toHaveLength(6);
    expect(samples.every((s) => s.task_id === problem.id)).toBe(true);
    const scores = await Promise.all(samples.map((s) => scorer.score({ output: String(s.completion), item: problem, messages: [] })));
    const statuses = scores.map((s) => s.detail?.status);
    expect(statuses).toEqual(['failed', 'timeout', 'failed', 'passed', 'passed', 'passed']);
    // A pass is a finished test (the finish mark arrived), never exit status 0 alone.
    expect(scores.map((s) => s.detail?.finished)).toEqual([false, false, false, true, true, true]);
    const correct = scores.filter((s) => s.outcome === 'correct').length;
    expect(correct / samples.length).toBe(0.5);
  });
});
