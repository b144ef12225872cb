// Subject-split Chinese multiple-choice exams (CMMLU, C-Eval): one folder per
// split, one CSV per subject, options A–D. Each subject becomes its own Task
// (its prompt names the subject and its few-shot examples come from that
// subject's dev file); task and items carry `subject` and `group` tags so
// reports can roll subjects up into groups.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { PackRef } from '../config/schema.js';
import { taskSpecSchema } from '../config/schema.js';
import { InputError, type Place } from '../errors.js';
import { loadTask } from '../tasks/load.js';
import type { Task } from '../tasks/task.js';
import type { SubjectInfo } from './cmmlu-subjects.js';

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
  for (const s of subjects)
    if (!exam.subjects[s]) throw new InputError(`unknown ${exam.name} subject "${s}"`, { ...place, field: 'subjects' }, `use one of ${Object.keys(exam.subjects).join(', ')}`);

  return Promise.all(
    subjects.map(async (subject) => {
      const { zh, group } = exam.subjects[subject];
      const spec = taskSpecSchema.parse({
        id: `${opts.id ?? exam.name}-${subject}`,
        dataset: { path: path.join(root, split, exam.fileName(subject, split)), format: 'csv' },
        prompt: {
          system: exam.instruction(zh),
          user: exam.userTemplate,
          ...(shots > 0
            ? { fewShot: { dataset: { path: path.join(root, exam.shotSplit, exam.fileName(subject, exam.shotSplit)), format: 'csv' }, count: shots, assistant: `{{${exam.answer}}}` } }
            : {}),
        },
        target: exam.answer,
        choices: ['A', 'B', 'C', 'D'],
        scorers: [{ type: 'choice', letters: 'ABCD' }],
        tags: { benchmark: exam.name, subject, group, dimension: 'knowledge', language: 'zh', split, shots: String(shots) },
      });
      const task = await loadTask(spec, { baseDir: root, file: place.file ?? root, line: place.line });
      const file = path.join(root, split, exam.fileName(subject, split));
      task.items = task.items.map((item) => {
        if (typeof item.target !== 'string' || !/^[ABCD]$/.test(item.target.trim()))
          throw new InputError(`item ${item.id}: answer must be one of A, B, C, D (found "${item.target ?? ''}")`, { file, field: exam.answer }, exam.hint);
        return { ...item, target: item.target.trim(), tags: { ...item.tags, subject, group } };
      });
      return task;
    }),
  );
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
