// Benchmark packs: `- pack: gsm8k` in heng.yaml. Each pack turns a reference
// (split, shots, mode, local data path) into Tasks; see docs/benchmarks.md.
// A pack's module is imported when the pack is used, not when this one is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { PackRef } from '../config/schema.js';
import { taskSpecSchema } from '../config/schema.js';
import { validate } from '../config/load.js';
import { z } from 'zod';
import { Registry } from '../registry/registry.js';
import { InputError } from '../errors.js';
import { loadTask } from '../tasks/load.js';
import type { Task } from '../tasks/task.js';
import type { Provider } from '../types.js';
import type { ScorerContext } from '../scorers/index.js';
import { circularTask } from '../tasks/circular.js';
import { hashOf } from '../tasks/hash.js';
import { localDataPath } from '../datasets/catalog.js';

export interface PackContext {
  baseDir: string;
  file: string;
  line?: number;
  /** The run's providers and `role: judge` ids, for judge-scored packs. */
  providers?: Map<string, Provider>;
  judges?: string[];
  judgeCache?: ScorerContext['judgeCache'];
}

export type PackLoader = (ref: PackRef, ctx: PackContext) => Promise<Task | Task[]>;

const CAPABILITY = fileURLToPath(new URL('./capability/suite.yaml', import.meta.url));
/** Capability tasks scored without a judge; the rest need the judge scorers (docs/capability-suite.md). */
const AUTOMATIC = ['cap-understanding', 'cap-knowledge', 'cap-reasoning', 'cap-math', 'cap-code', 'cap-instruction-following', 'cap-long-context', 'cap-tool-calling'];

/** `data:` relative to the config; without it, the data imported or pulled into the data dir (heng datasets). */
function dataFile(ref: PackRef, ctx: PackContext, name: string, hint: string, dataset = ref.pack): string {
  if (ref.data) return path.resolve(ctx.baseDir, ref.data);
  const local = localDataPath(dataset);
  if (local) return local;
  throw new InputError(
    `pack "${ref.pack}" needs "data": the path of the official ${name}`,
    { file: ctx.file, line: ctx.line, field: 'data' },
    `${hint}, or run "heng datasets pull ${dataset}" / "heng datasets import ${dataset} <path>"`,
  );
}

/** Multiple-choice packs accept `circular: true` (CircularEval, src/tasks/circular.ts). */
const CIRCULAR_PACKS = new Set(['cmmlu', 'ceval', 'mmlu', 'safetybench']);

async function loadPack(loader: PackLoader, ref: PackRef, ctx: PackContext): Promise<Task[]> {
  const tasks = [await loader(ref, ctx)].flat().map((t) => (ref.scoreTruncated ? scoringTruncated(t) : t));
  if (ref.circular === undefined || ref.circular === false) return tasks;
  const place = { file: ctx.file, line: ctx.line };
  if (ref.circular !== true) throw new InputError('"circular" must be true or false', { ...place, field: 'circular' });
  if (!CIRCULAR_PACKS.has(ref.pack))
    throw new InputError(
      `pack "${ref.pack}" is not multiple choice: circular does not apply`,
      { ...place, field: 'circular' },
      `circular works with ${[...CIRCULAR_PACKS].join(', ')} and custom choice tasks`,
    );
  if (tasks.some((t) => t.tags.gold === 'withheld')) throw new InputError('circular needs the answers: use it with a split whose answers are public', { ...place, field: 'circular' });
  return tasks.map((t) => circularTask(t, place));
}

/** `scoreTruncated: true` on a pack: its tasks score cut answers; the task hash says so. */
function scoringTruncated(t: Task): Task {
  return { ...t, scoreTruncated: true, version: { ...t.version, taskHash: hashOf({ base: t.version.taskHash, scoreTruncated: true }) } };
}

const loaders: Record<string, PackLoader> = {
  /** Heng's own Chinese capability suite (original items). `tasks: [...]` picks tasks. */
  async capability(ref, ctx) {
    const doc = parse(readFileSync(CAPABILITY, 'utf8')) as { tasks: unknown[] };
    const wanted = (ref.tasks as string[] | undefined) ?? AUTOMATIC;
    const specs = doc.tasks.map((t) => taskSpecSchema.parse(t)).filter((t) => wanted.includes(t.id));
    return Promise.all(
      specs.map((spec) => loadTask(spec, { baseDir: path.dirname(CAPABILITY), file: CAPABILITY, line: ctx.line, providers: ctx.providers, judges: ctx.judges, judgeCache: ctx.judgeCache })),
    );
  },
  async humaneval(ref, ctx) {
    const { humanEvalTask } = await import('./code/tasks.js');
    return humanEvalTask(dataFile(ref, ctx, 'HumanEval.jsonl(.gz)', 'download HumanEval.jsonl.gz from the openai/human-eval repository and set data: to its path'));
  },
  async mbpp(ref, ctx) {
    const { mbppTask } = await import('./code/tasks.js');
    return mbppTask(dataFile(ref, ctx, 'MBPP jsonl', 'download mbpp.jsonl from the google-research/mbpp repository and set data: to its path'));
  },
  /** GSM8K test.jsonl; `shots: 8` with `fewShotData: train.jsonl`. */
  async gsm8k(ref, ctx) {
    const { gsm8kFromRef } = await import('./gsm8k.js');
    return gsm8kFromRef(ref, dataFile(ref, ctx, 'GSM8K test.jsonl', 'download grade_school_math/data/test.jsonl from the openai/grade-school-math repository and set data: to its path'), ctx);
  },
  /** One Task per CMMLU subject, tagged with subject and group. */
  async cmmlu(ref, ctx) {
    const [{ CMMLU }, { subjectExamTasks, subjectExamOptions }] = await Promise.all([import('./exams.js'), import('./subject-mcq.js')]);
    return subjectExamTasks(CMMLU, dataFile(ref, ctx, 'CMMLU data folder', CMMLU.hint), subjectExamOptions(ref, { file: ctx.file, line: ctx.line }));
  },
  /** One Task per C-Eval subject (val split by default), tagged with subject and group. */
  async ceval(ref, ctx) {
    const [{ CEVAL }, { subjectExamTasks, subjectExamOptions }] = await Promise.all([import('./exams.js'), import('./subject-mcq.js')]);
    return subjectExamTasks(CEVAL, dataFile(ref, ctx, 'C-Eval data folder', CEVAL.hint), subjectExamOptions(ref, { file: ctx.file, line: ctx.line }));
  },
  /** One Task per MMLU subject (test split by default), tagged with subject and category. */
  async mmlu(ref, ctx) {
    const [{ MMLU }, { subjectExamTasks, subjectExamOptions }] = await Promise.all([import('./exams.js'), import('./subject-mcq.js')]);
    return subjectExamTasks(MMLU, dataFile(ref, ctx, 'MMLU data folder', MMLU.hint), subjectExamOptions(ref, { file: ctx.file, line: ctx.line }));
  },
  /** One Task per SafetyBench category; `lang: zh|en`, `split: dev` (scored) or `test` (submission). */
  async safetybench(ref, ctx) {
    const place = { file: ctx.file, line: ctx.line };
    if (ref.lang !== undefined && ref.lang !== 'zh' && ref.lang !== 'en') throw new InputError('"lang" must be zh or en', { ...place, field: 'lang' });
    const { safetyBenchTasks } = await import('./safetybench.js');
    return safetyBenchTasks(dataFile(ref, ctx, 'SafetyBench folder', 'download dev_zh.json / test_zh.json (or _en) from thu-coai/SafetyBench and set data: to their folder'), {
      lang: ref.lang as 'zh' | 'en' | undefined,
      split: ref.split,
      shots: ref.shots,
      id: ref.id,
      place,
    });
  },
  /** Tasks of the enterprise task library (heng tasks import): `tasks: [id, …]`, `library: dir`. */
  async library(ref, ctx) {
    const { libraryPack } = await import('./library.js');
    return libraryPack(ref, ctx);
  },
  /** MT-Bench question.jsonl: two-turn items; needs a judge scorer (see mtbench.ts). */
  async mtbench(ref, ctx) {
    const file = dataFile(ref, ctx, 'MT-Bench question.jsonl', 'download fastchat/llm_judge/data/mt_bench/question.jsonl from the lm-sys/FastChat repository and set data: to its path');
    const { mtBenchPack } = await import('./mtbench.js');
    return mtBenchPack(file, ref.judge, ref.id, { file: ctx.file, line: ctx.line }, ctx);
  },
  /** AlignBench data_release.jsonl: judged with per-category dimension sub-scores (see alignbench.ts). */
  async alignbench(ref, ctx) {
    const file = dataFile(ref, ctx, 'AlignBench data_release.jsonl', 'download data/data_release.jsonl from the THUDM/AlignBench repository and set data: to its path');
    const { alignBenchPack } = await import('./alignbench.js');
    return alignBenchPack(file, ref.judge, ref.id, { file: ctx.file, line: ctx.line }, ctx);
  },
};

// The fields each pack reads, strict so a misspelt key is an error naming it
// (with "did you mean") instead of being ignored.
const base = { pack: z.string(), id: z.string().optional(), data: z.string().optional(), circular: z.unknown().optional(), scoreTruncated: z.boolean().optional() };
const shots = z.number().int().nonnegative().optional();
const judged = z.strictObject({ ...base, judge: z.union([z.string(), z.record(z.string(), z.unknown())]).optional() });
const exam = z.strictObject({ ...base, split: z.string().optional(), shots, subjects: z.array(z.string()).optional() });
const SCHEMAS: Record<keyof typeof loaders, z.ZodType> = {
  capability: z.strictObject({ ...base, tasks: z.array(z.string()).optional() }),
  humaneval: z.strictObject({ ...base, mode: z.string().optional() }),
  mbpp: z.strictObject(base),
  gsm8k: z.strictObject({ ...base, shots, fewShotData: z.string().optional() }),
  cmmlu: exam,
  ceval: exam,
  mmlu: exam,
  safetybench: z.strictObject({ ...base, lang: z.unknown().optional(), split: z.string().optional(), shots }),
  library: z.strictObject({ ...base, tasks: z.array(z.string()).optional(), library: z.unknown().optional() }),
  mtbench: judged,
  alignbench: judged,
};

/** Every pack with the schema of its fields; `circular: true` applies uniformly. */
export const packRegistry = new Registry<PackLoader>('pack');
for (const [name, loader] of Object.entries(loaders)) packRegistry.add({ name, schema: SCHEMAS[name as keyof typeof loaders], load: async () => loader });

/** Validate a pack reference against its pack's schema (file/line/field errors), then load it. */
async function loadRef(name: string, ref: PackRef, ctx: PackContext): Promise<Task[]> {
  const entry = packRegistry.get(name);
  if (!entry) throw new InputError(`unknown benchmark pack "${name}"`, { file: ctx.file, line: ctx.line, field: 'pack' });
  const checked = validate(entry.schema, ref, ctx.file, [], () => ctx.line) as PackRef;
  return loadPack(await packRegistry.load(name), checked, ctx);
}

/** Pack loaders by name, for callers that pick a pack directly. */
export const packs: Record<string, PackLoader> = Object.fromEntries(packRegistry.names().map((name) => [name, (ref: PackRef, ctx: PackContext) => loadRef(name, ref, ctx)]));
