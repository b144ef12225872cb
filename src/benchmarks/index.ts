// Benchmark packs: `- pack: gsm8k` in heng.yaml. Each pack turns a reference
// (split, shots, mode, local data path) into Tasks; see docs/benchmarks.md.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { PackRef } from '../config/schema.js';
import { taskSpecSchema } from '../config/schema.js';
import { InputError } from '../errors.js';
import { loadTask } from '../tasks/load.js';
import type { Task } from '../tasks/task.js';
import { humanEvalTask, mbppTask } from './code/tasks.js';

export interface PackContext {
  baseDir: string;
  file: string;
  line?: number;
}

export type PackLoader = (ref: PackRef, ctx: PackContext) => Promise<Task | Task[]>;

const CAPABILITY = fileURLToPath(new URL('./capability/suite.yaml', import.meta.url));
/** Capability tasks scored without a judge; the rest need the judge scorers (docs/capability-suite.md). */
const AUTOMATIC = ['cap-understanding', 'cap-knowledge', 'cap-reasoning', 'cap-math', 'cap-code', 'cap-instruction-following', 'cap-long-context', 'cap-tool-calling'];

function dataFile(ref: PackRef, ctx: PackContext, name: string, hint: string): string {
  if (!ref.data) throw new InputError(`pack "${ref.pack}" needs "data": the path of the official ${name} file`, { file: ctx.file, line: ctx.line, field: 'data' }, hint);
  return path.resolve(ctx.baseDir, ref.data);
}

export const packs: Record<string, PackLoader> = {
  /** Heng's own Chinese capability suite (original items). `tasks: [...]` picks tasks. */
  async capability(ref, ctx) {
    const doc = parse(readFileSync(CAPABILITY, 'utf8')) as { tasks: unknown[] };
    const wanted = (ref.tasks as string[] | undefined) ?? AUTOMATIC;
    const specs = doc.tasks.map((t) => taskSpecSchema.parse(t)).filter((t) => wanted.includes(t.id));
    return Promise.all(specs.map((spec) => loadTask(spec, { baseDir: path.dirname(CAPABILITY), file: CAPABILITY, line: ctx.line })));
  },
  async humaneval(ref, ctx) {
    return humanEvalTask(dataFile(ref, ctx, 'HumanEval.jsonl(.gz)', 'download HumanEval.jsonl.gz from the openai/human-eval repository and set data: to its path'));
  },
  async mbpp(ref, ctx) {
    return mbppTask(dataFile(ref, ctx, 'MBPP jsonl', 'download mbpp.jsonl from the google-research/mbpp repository and set data: to its path'));
  },
};
