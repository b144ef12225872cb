// `heng tasks import`: an enterprise's own question file (CSV, XLSX, JSONL)
// → a library task: task.yaml + normalised items.jsonl (src/tasks/library.ts).
//
// The column-mapping step names which source column feeds which task field:
//   id, question (required), target, A…J (options: a multiple-choice task),
//   rubric (per-item criteria), system, and any other name (kept as a field).
// Without a mapping, `inspectSource` lists the columns with a suggestion.
import { writeOutputFile } from '../report/write-file.js';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { taskSpecSchema } from '../config/schema.js';
import { readRows, type Row } from '../datasets/load.js';
import { InputError } from '../errors.js';
import { hashOf, sha256 } from './hash.js';
import { HISTORY_DIR, ITEMS_FILE, readVersion, TASK_FILE } from './library.js';

const OPTION = /^[A-J]$/;
export const SCORER_CHOICES = ['choice', 'exact', 'normalized', 'contains', 'numeric', 'rubric'] as const;
export type ImportScorer = (typeof SCORER_CHOICES)[number];

/** Column-name hints for the suggestion (lower case, compared after trimming). */
const HINTS: Record<string, string[]> = {
  id: ['id', 'qid', 'question_id', '编号', '序号', '题号', 'ID'],
  question: ['question', 'prompt', 'query', 'input', 'instruction', '问题', '题目', '提问', '输入', '用户问题'],
  target: ['answer', 'target', 'reference', 'label', 'expected', 'gold', '答案', '参考答案', '标准答案', '正确答案'],
  rubric: ['rubric', 'criteria', '评分标准', '评分要点', '评价标准'],
  system: ['system', 'system_prompt', '系统提示', '系统提示词'],
};

export interface SourceColumns {
  file: string;
  columns: string[];
  rows: number;
  /** Task field → column. */
  suggested: Record<string, string>;
}

function normaliseName(c: string): string {
  return c.trim().toLowerCase();
}

export function suggestMapping(columns: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Set<string>();
  for (const [field, hints] of Object.entries(HINTS)) {
    const hit = columns.find((c) => !used.has(c) && hints.map(normaliseName).includes(normaliseName(c)));
    if (hit) {
      out[field] = hit;
      used.add(hit);
    }
  }
  for (const c of columns) {
    const letter = /^(?:选项|option\s*|choice\s*)?([A-Ja-j])$/i.exec(c.trim())?.[1]?.toUpperCase();
    if (letter && !used.has(c) && !out[letter]) {
      out[letter] = c;
      used.add(c);
    }
  }
  return out;
}

async function rowsOf(file: string, sheet?: string): Promise<{ file: string; rows: Row[]; hash: string }> {
  return readRows({ path: file, ...(sheet ? { sheet } : {}) }, process.cwd());
}

export async function inspectSource(file: string, sheet?: string): Promise<SourceColumns> {
  const loaded = await rowsOf(file, sheet);
  const columns = [...new Set(loaded.rows.flatMap((r) => Object.keys(r.values)))];
  return { file: loaded.file, columns, rows: loaded.rows.length, suggested: suggestMapping(columns) };
}

/** `question=问题,target=答案` → { question: '问题', target: '答案' }. */
export function parseMap(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) throw new InputError(`"${part}" is not field=column`, { field: '--map' }, 'write --map question=问题,target=答案 (task field = source column)');
    const field = part.slice(0, eq).trim();
    if (!/^[A-Za-z_][\w.-]*$/.test(field)) throw new InputError(`"${field}" is not a field name`, { field: '--map' }, 'field names use letters, digits, _ . -');
    out[field] = part.slice(eq + 1).trim();
  }
  return out;
}

export interface Criterion {
  criterion: string;
  weight: number;
}

/**
 * A rubric cell: a JSON list of {criterion, weight}, or one criterion per
 * line (or separated by ；/;), each optionally ending in a weight:
 * "准确引用条款 (2)", "语气礼貌：1", "Mentions the fee | 3".
 */
export function parseRubric(text: string, where: { file: string; line?: number; field: string }): Criterion[] {
  const s = text.trim();
  if (!s) throw new InputError('empty rubric', where, 'give one criterion per line, optionally with a weight: "准确引用条款 (2)"');
  if (s.startsWith('[')) {
    let list: unknown;
    try {
      list = JSON.parse(s);
    } catch (err) {
      throw new InputError(`rubric is not valid JSON: ${(err as Error).message}`, where);
    }
    if (!Array.isArray(list) || !list.length) throw new InputError('rubric JSON must be a non-empty list', where);
    return list.map((c, i) => {
      const o = c as Record<string, unknown>;
      const criterion = typeof c === 'string' ? c : (o?.criterion ?? o?.name ?? o?.description);
      const weight = typeof c === 'string' ? 1 : (o?.weight ?? 1);
      if (typeof criterion !== 'string' || !criterion.trim()) throw new InputError(`rubric entry ${i + 1} has no criterion`, where, 'entries look like {"criterion": "…", "weight": 2}');
      if (typeof weight !== 'number' || !(weight > 0)) throw new InputError(`rubric entry ${i + 1}: weight must be a positive number`, where);
      return { criterion: criterion.trim(), weight };
    });
  }
  return s
    .split(/\r?\n|[；;]/)
    .map((l) => l.trim().replace(/^(?:[-*•]|\d+[.、)])\s*/, ''))
    .filter(Boolean)
    .map((l) => {
      const m = /^(.*?)\s*(?:[(（]\s*(?:权重|weight)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*[)）]|[|｜:：]\s*(\d+(?:\.\d+)?))$/i.exec(l);
      const weight = m ? Number(m[2] ?? m[3]) : 1;
      const criterion = m ? m[1].trim() : l;
      if (!criterion) throw new InputError(`rubric line "${l}" has a weight but no criterion`, where);
      if (!(weight > 0)) throw new InputError(`rubric line "${l}": weight must be positive`, where);
      return { criterion, weight };
    });
}

export interface ImportOptions {
  file: string;
  map: Record<string, string>;
  library: string;
  /** Task id (default: the file name). */
  id?: string;
  sheet?: string;
  scorer?: ImportScorer;
  /** Judge provider id for rubric scoring. */
  judge?: string;
  /** A rubric for every item: YAML/JSON list of {criterion, weight}, or text lines. */
  rubricFile?: string;
  /** Prompt template; default "{{question}}" plus the options for multiple choice. */
  prompt?: string;
  system?: string;
  tags?: Record<string, string>;
  now?: Date;
}

export interface ImportResult {
  id: string;
  dir: string;
  items: number;
  taskHash: string;
  datasetHash: string;
  /** What happened to the library: a new task, a new version (previous kept in history/), or the same content. */
  change: 'new' | 'updated' | 'unchanged';
  previous?: string;
}

export async function importTask(o: ImportOptions): Promise<ImportResult> {
  const loaded = await rowsOf(o.file, o.sheet);
  const file = loaded.file;
  const map = o.map;
  if (!map.question) throw new InputError('the mapping has no "question" column', { field: '--map' }, 'add question=<column>, e.g. --map question=问题,target=答案');
  const columns = new Set(loaded.rows.flatMap((r) => Object.keys(r.values)));
  for (const [field, column] of Object.entries(map))
    if (!columns.has(column)) throw new InputError(`no column "${column}" (mapped to "${field}")`, { file, field: column }, `columns found: ${[...columns].join(', ')}`);
  const options = Object.keys(map)
    .filter((f) => OPTION.test(f))
    .sort();
  if (options.length === 1) throw new InputError('a multiple-choice task needs at least two option columns', { field: '--map' }, 'map A=…, B=… (and more)');

  const rubricAll = o.rubricFile ? readRubricFile(o.rubricFile) : undefined;
  const scorer: ImportScorer | undefined = o.scorer ?? (options.length ? 'choice' : map.rubric || rubricAll ? 'rubric' : map.target ? 'contains' : undefined);
  if (!scorer) throw new InputError('nothing to score against: map a "target" column, options (A=…, B=…), or a rubric', { field: '--map' }, 'or pass --scorer rubric with --rubric <file>');
  if (scorer === 'rubric' && !map.rubric && !rubricAll)
    throw new InputError('rubric scoring needs criteria', { field: '--rubric' }, 'map a rubric column (rubric=评分标准) or give --rubric criteria.yaml');
  if (scorer !== 'rubric' && !map.target) throw new InputError(`scorer "${scorer}" needs a target column`, { field: '--map' }, 'add target=<column>');
  if (scorer === 'rubric' && !o.judge) throw new InputError('rubric scoring needs a judge provider', { field: '--judge' }, 'pass --judge <provider id from heng.yaml> (a role: judge provider)');

  const seen = new Set<string>();
  const items = loaded.rows.map((row) => {
    const at = (field: string) => ({ file, line: row.line, field });
    const cell = (field: string) => {
      const v = row.values[map[field]];
      return v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v);
    };
    const out: Record<string, unknown> = {};
    const id = map.id ? cell('id').trim() : String(row.index);
    if (!id) throw new InputError('empty id', at(map.id));
    if (seen.has(id)) throw new InputError(`duplicate id "${id}"`, at(map.id ?? 'id'));
    seen.add(id);
    out.id = id;
    const question = cell('question');
    if (!question.trim()) throw new InputError('empty question', at(map.question), 'every row needs a question; delete empty rows');
    out.question = question;
    for (const [field, column] of Object.entries(map)) {
      if (['id', 'question', 'rubric'].includes(field)) continue;
      out[field] = cell(field);
      if (OPTION.test(field) && !cell(field).trim()) throw new InputError(`empty option ${field}`, at(column));
    }
    if (map.target && !String(out.target).trim())
      throw new InputError('empty target', at(map.target), scorer === 'rubric' ? 'leave target unmapped for open answers scored by a rubric' : 'every row needs a reference answer');
    if (scorer === 'choice') {
      const t = String(out.target).trim().toUpperCase();
      if (!options.includes(t)) throw new InputError(`target "${out.target}" is not one of the option letters ${options.join(', ')}`, at(map.target));
      out.target = t;
    }
    if (map.rubric) out.rubric = parseRubric(cell('rubric'), at(map.rubric));
    return out;
  });
  if (!items.length) throw new InputError('no rows', { file }, 'the first row is the header; data starts on the second');

  const id =
    o.id ??
    path
      .basename(file)
      .replace(/\.(csv|xlsx|jsonl|ndjson|json)(\.gz)?$/i, '')
      .replace(/[^A-Za-z0-9_.:-]+/g, '-');
  const spec = taskSpecSchema.parse({
    id,
    description: `imported from ${path.basename(file)}`,
    dataset: ITEMS_FILE,
    prompt: {
      ...(o.system ? { system: o.system } : map.system ? { system: '{{system}}' } : {}),
      user: o.prompt ?? (options.length ? `{{question}}\n${options.map((l) => `${l}. {{${l}}}`).join('\n')}` : '{{question}}'),
    },
    ...(map.target ? { target: 'target' } : {}),
    ...(options.length ? { choices: options } : {}),
    scorers: [scorerSpec(scorer, o.judge, rubricAll, !!map.rubric)],
    tags: { source: path.basename(file), ...(o.tags ?? {}) },
  });

  const dir = path.join(o.library, id);
  const jsonl = `${items.map((i) => JSON.stringify(i)).join('\n')}\n`;
  const yaml = `# Imported by "heng tasks import" from ${path.basename(file)} (sha256 ${loaded.hash}).\n# The items are in ${ITEMS_FILE}; re-import to update (the previous version moves to ${HISTORY_DIR}/).\n${stringify(spec)}`;
  const fresh = { taskHash: hashOf(spec), datasetHash: sha256(jsonl) };

  let change: ImportResult['change'] = 'new';
  let previous: string | undefined;
  if (existsSync(path.join(dir, TASK_FILE))) {
    const cur = readVersion(dir, 'current');
    if (cur.taskHash === fresh.taskHash && cur.datasetHash === fresh.datasetHash) return { id, dir, items: items.length, ...fresh, change: 'unchanged' };
    const stamp = (o.now ?? new Date())
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    previous = path.join(HISTORY_DIR, `${stamp}-${cur.taskHash.slice(0, 8)}-${cur.datasetHash.slice(0, 8)}`);
    mkdirSync(path.join(dir, previous), { recursive: true });
    for (const f of [TASK_FILE, ITEMS_FILE]) if (existsSync(path.join(dir, f))) renameSync(path.join(dir, f), path.join(dir, previous, f));
    change = 'updated';
  }
  mkdirSync(dir, { recursive: true });
  writeOutputFile(path.join(dir, ITEMS_FILE), jsonl, { field: 'library' });
  writeOutputFile(path.join(dir, TASK_FILE), yaml, { field: 'library' });
  return { id, dir, items: items.length, ...fresh, change, ...(previous ? { previous } : {}) };
}

function scorerSpec(scorer: ImportScorer, judge: string | undefined, criteria: Criterion[] | undefined, perItem: boolean): Record<string, unknown> {
  if (scorer === 'rubric') return { type: 'rubric', judge, ...(perItem ? { criteriaField: 'rubric' } : { criteria }) };
  return { type: scorer };
}

function readRubricFile(file: string): Criterion[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read rubric: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file, field: '--rubric' });
  }
  if (/\.(ya?ml|json)$/i.test(file)) {
    let value: unknown;
    try {
      value = parse(text);
    } catch (err) {
      throw new InputError(`invalid YAML/JSON: ${(err as Error).message}`, { file });
    }
    const list = (value as { criteria?: unknown })?.criteria ?? value;
    return parseRubric(JSON.stringify(list), { file, field: 'criteria' });
  }
  return parseRubric(text, { file, field: 'criteria' });
}
