// HumanEval and MBPP as ready Tasks: the official items, prompt protocol and
// the code scorer, with hashes that pin what was evaluated. The benchmark
// pack registry (src/benchmarks/index.ts) can wrap these.
import { createHash } from 'node:crypto';
import { codeScorer, type CodeScorerOptions } from '../../sandbox/code-scorer.js';
import type { Task } from '../../tasks/task.js';
import { humanEvalMessages, loadHumanEval } from './humaneval.js';
import { mbppMessages, mbppShots, mbppTestItems, loadMbpp } from './mbpp.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Bump when a prompt format or program assembly changes: old results stop comparing equal. */
const PROTOCOL_VERSION = 1;

export function humanEvalTask(file: string, scoring: CodeScorerOptions = {}): Task {
  const { items, hash } = loadHumanEval(file);
  return {
    id: 'humaneval',
    tags: { benchmark: 'humaneval', dimension: 'code', language: 'en' },
    items,
    prompt: humanEvalMessages,
    scorers: [codeScorer({ ...scoring, benchmark: 'humaneval' })],
    version: { taskHash: sha256(JSON.stringify({ protocol: `humaneval/${PROTOCOL_VERSION}`, mode: scoring.mode ?? 'auto', timeoutMs: scoring.timeoutMs ?? null })), datasetHash: hash },
  };
}

/** MBPP's test split (task_ids 11–510) with the paper's 3-shot prompt (task_ids 2, 3, 4). */
export function mbppTask(file: string, scoring: CodeScorerOptions = {}): Task {
  const { items, hash } = loadMbpp(file);
  const shots = mbppShots(items);
  return {
    id: 'mbpp',
    tags: { benchmark: 'mbpp', dimension: 'code', language: 'en' },
    items: mbppTestItems(items),
    prompt: (item) => mbppMessages(item, shots),
    scorers: [codeScorer({ ...scoring, benchmark: 'mbpp' })],
    version: { taskHash: sha256(JSON.stringify({ protocol: `mbpp/${PROTOCOL_VERSION}`, shots: shots.map((s) => s.id), timeoutMs: scoring.timeoutMs ?? null })), datasetHash: hash },
  };
}
