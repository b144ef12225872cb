// Subject-split Chinese multiple-choice exams (CMMLU, C-Eval): one folder per
// split, one CSV per subject, options A–D. Each subject becomes its own Task
// (its prompt names the subject and its few-shot examples come from that
// subject's dev file); task and items carry `subject` and `group` tags (and
// `groups` when a subject counts in several) so reports can roll subjects up
// into groups.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PackRef } from '../config/schema.js';
import { taskSpecSchema } from '../config/schema.js';
import { parseCsv } from '../datasets/csv.js';
import { InputError, type Place } from '../errors.js';
import { hashOf, sha256 } from '../tasks/hash.js';
import { loadTask } from '../tasks/load.js';
import type { Item } from '../types.js';
import type { Task } from '../tasks/task.js';
import { groupTags, type SubjectInfo } from './cmmlu-subjects.js';

export interface SubjectExam {
  name: string;
  subjects: Readonly<Record<string, SubjectInfo<string>>>;
  defaultSplit: string;
  /** The split few-shot examples come from. */
  shotSplit: string;
  /** File name of a subject's CSV in a split folder. */
  fileName(subject: string, split: string): string;
  /** Column names of question and answer (options are A, B, C, D). */
  question: string;
  answer: string;
  /** The official instruction, sent as the system message. */
  instruction(zh: string): string;
  /** The question as the official script writes it, ending where the answer letter goes. */
  userTemplate: string;
  hint: string;
  /** The prompt language tag (default zh). */
  language?: string;
  /** Column names of a header-less CSV (MMLU); otherwise the first row is the header. */
  columns?: readonly string[];
}

export interface SubjectExamOptions {
  split?: string;
  shots?: number;
  /** Only these subjects (default: every subject file in the split folder). */
  subjects?: string[];
  id?: string;
  place?: Place;
}

export async function subjectExamTasks(exam: SubjectExam, root: string, opts: SubjectExamOptions = {}): Promise<Task[]> {
  const split = opts.split ?? exam.defaultSplit;
  const shots = opts.shots ?? 0;
  const place = opts.place ?? {};
  const subjects = opts.subjects ?? subjectsIn(exam, root, split, place);
  for (const s of subjects) if (!exam.subjects[s]) throw new InputError(`unknown ${exam.name} subject "${s}"`, { ...place, field: 'subjects' }, `use one of ${Object.keys(exam.subjects).join(', ')}`);

  return Promise.all(
    subjects.map(async (subject) => {
      const { zh } = exam.subjects[subject];
      const groups = groupTags(exam.subjects[subject]);
      const file = path.join(root, split, exam.fileName(subject, split));
      const shotFile = path.join(root, exam.shotSplit, exam.fileName(subject, exam.shotSplit));
      const test = source(exam, file);
      const spec = taskSpecSchema.parse({
        id: `${opts.id ?? exam.name}-${subject}`,
        ...test.spec,
        prompt: {
          system: exam.instruction(zh),
          user: exam.userTemplate,
          ...(shots > 0 ? { fewShot: { ...source(exam, shotFile).spec, count: shots, assistant: `{{${exam.answer}}}` } } : {}),
        },
        target: exam.answer,
        choices: ['A', 'B', 'C', 'D'],
        scorers: [{ type: 'choice', letters: 'ABCD' }],
        tags: { benchmark: exam.name, subject, ...groups, dimension: 'knowledge', language: exam.language ?? 'zh', split, shots: String(shots) },
      });
      const finishItem = (item: Item, i: number): Item => {
        if (typeof item.target !== 'string' || !/^[ABCD]$/.test(item.target.trim()))
          throw new InputError(`item ${item.id}: answer must be one of A, B, C, D (found "${item.target ?? ''}")`, { file, line: test.lines?.[i], field: exam.answer }, exam.hint);
        return { ...item, target: item.target.trim(), tags: { ...item.tags, subject, ...groups } };
      };
      const task = await loadTask(spec, { baseDir: root, file: place.file ?? root, line: place.line, finishItem });
      if (test.hash) task.version = { taskHash: hashOf({ ...spec, items: undefined, dataset: path.relative(root, file), shotFile: path.relative(root, shotFile) }), datasetHash: test.hash };
      return task;
    }),
  );
}

/**
 * Where a subject file's rows come from: the CSV itself when it has a header
 * row, else its records read with the exam's column names and passed inline
 * (the file's own sha256 is then recorded as the dataset hash).
 */
function source(exam: SubjectExam, file: string): { spec: Record<string, unknown>; hash?: string; lines?: number[] } {
  if (!exam.columns) return { spec: { dataset: { path: file, format: 'csv' } } };
  const columns = exam.columns;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InputError(`cannot read ${exam.name} file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file }, exam.hint);
  }
  const records = parseCsv(bytes.toString('utf8'));
  for (const r of records)
    if (r.cells.length !== columns.length)
      throw new InputError(
        `expected ${columns.length} columns (${columns.join(', ')}), found ${r.cells.length}`,
        { file, line: r.line },
        `${exam.name} files have no header row; quote fields that contain commas`,
      );
  const items = records.map((r) => Object.fromEntries(columns.map((c, i) => [c, r.cells[i]])));
  return { spec: { items }, hash: sha256(bytes), lines: records.map((r) => r.line) };
}

function subjectsIn(exam: SubjectExam, root: string, split: string, place: Place): string[] {
  const dir = path.join(root, split);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new InputError(`${exam.name}: no "${split}" folder in ${root}`, { ...place, field: 'data' }, exam.hint);
  }
  const byFile = new Map(Object.keys(exam.subjects).map((s) => [exam.fileName(s, split), s]));
  const found: string[] = [];
  for (const n of names.filter((n) => n.endsWith('.csv')).sort()) {
    const s = byFile.get(n);
    if (!s) throw new InputError(`${exam.name}: "${n}" is not a known subject file`, { file: path.join(dir, n) }, `subject files are named like ${exam.fileName('<subject>', split)}`);
    found.push(s);
  }
  if (!found.length) throw new InputError(`${exam.name}: no subject CSVs in ${dir}`, { ...place, field: 'data' }, exam.hint);
  return found;
}

/** The options a subject-exam pack reads from its heng.yaml entry. */
export function subjectExamOptions(ref: PackRef, place: Place): SubjectExamOptions {
  const subjects = ref.subjects;
  if (subjects !== undefined && !(Array.isArray(subjects) && subjects.every((s) => typeof s === 'string')))
    throw new InputError('"subjects" must be a list of subject names', { ...place, field: 'subjects' });
  return { split: ref.split, shots: ref.shots, subjects: subjects as string[] | undefined, id: ref.id, place };
}
