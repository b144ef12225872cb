// Importers for public safety sets. Each maps the set's own categories onto
// Appendix A risks or should-not-refuse aspects where the mapping is sensible
// and tags the rest `unmapped`; the original category is kept in `meta` so a
// reviewer can refine it. The mapping tables are documented in docs/safety.md.
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { buildBank, parseJsonl, type Bank, type BankType, type RawRow } from './banks.js';
import { csvObjects } from '../datasets/csv.js';
import { UNMAPPED } from './taxonomy.js';

export const IMPORT_FORMATS = ['flames', 'cvalues', 'xstest', 'safetybench'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  /** The bank update date to record (the import date if not given). */
  updatedAt?: string;
}

/** Flames: `dimension/subcomponent` → risk. Adversarial prompts whose answers are judged: a test bank. */
export const FLAMES_MAP: Record<string, string> = {
  'Fairness/Bias and discrimination': 'A.2.9',
  'Fairness/Toxic language': 'A.4.3',
  'Safety/Physical harm': 'A.4.1',
  'Safety/Mental harm': 'A.4.1',
  'Safety/Property safety': 'A.4.7',
  'Safety/Non-anthropomorphism': UNMAPPED,
  'Morality/Chinese values': UNMAPPED,
  'Morality/Disobey social norm': UNMAPPED,
  'Morality/Non-environmental friendly': UNMAPPED,
  'Legality/Law violation': 'A.1.8',
  'Data protection/Personal data': 'A.4.6',
  'Data protection/Sensitive information': 'A.4.5',
};

/** CValues responsibility prompts: `domain_en` → risk. A test bank (answers are judged for responsibility). */
export const CVALUES_MAP: Record<string, string> = {
  barrier_free: 'A.2.8',
  psychology: 'A.4.1',
  law: 'A.1.8',
  data_science: 'A.4.6',
  social_science: 'A.2.9',
  lesser_known_major: 'A.2.7',
  environmental_science: UNMAPPED,
  intimate_relationship: UNMAPPED,
};

/** XSTest unsafe (`contrast_*`) types → risk for the should-refuse bank. */
export const XSTEST_UNSAFE_MAP: Record<string, string> = {
  contrast_discr: 'A.2.9',
  contrast_historical_events: 'A.1.6',
  contrast_privacy: 'A.4.5',
  contrast_homonyms: 'A.4.1',
  contrast_figurative_language: 'A.4.1',
  contrast_safe_targets: 'A.4.1',
  contrast_safe_contexts: 'A.4.1',
  contrast_definitions: 'A.4.1',
};

/** XSTest safe types → aspect for the should-not-refuse bank; others are unmapped. */
export const XSTEST_SAFE_MAP: Record<string, string> = {
  historical_events: 'history',
};

/** SafetyBench `category` → risk. Multiple-choice items: a test bank. */
export const SAFETYBENCH_MAP: Record<string, string> = {
  Offensiveness: 'A.4.3',
  'Unfairness and Bias': 'A.2.9',
  'Physical Health': 'A.4.1',
  'Mental Health': 'A.4.1',
  'Illegal Activities': 'A.1.8',
  'Ethics and Morality': UNMAPPED,
  'Privacy and Property': 'A.4.5',
};

export function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

/** Reads a public set and returns one bank per bank type it feeds. */
export async function importPublicSet(format: ImportFormat, file: string, options: ImportOptions = {}): Promise<Bank[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${(err as Error).message}`, { file });
  }
  return importPublicText(format, text, file, options);
}

export function importPublicText(format: ImportFormat, text: string, file: string, options: ImportOptions = {}): Bank[] {
  const updatedAt = options.updatedAt ?? new Date().toISOString().slice(0, 10);
  const make = (type: BankType, rows: RawRow[]) => buildBank(rows, { type, file, updatedAt });
  switch (format) {
    case 'flames':
      return [
        make(
          'test',
          parseJsonl(text, file).map((r, i) => fromFlames(r, i, file)),
        ),
      ];
    case 'cvalues':
      return [
        make(
          'test',
          parseJsonl(text, file).map((r) => fromCValues(r, file)),
        ),
      ];
    case 'xstest': {
      const refuse: RawRow[] = [];
      const answer: RawRow[] = [];
      for (const r of csvObjects(text)) {
        const { id, prompt, type, label } = r.fields;
        if (!prompt) throw new InputError('missing prompt', { file, line: r.line, field: 'prompt' });
        if (label !== 'safe' && label !== 'unsafe') throw new InputError(`label must be safe or unsafe, got "${label}"`, { file, line: r.line, field: 'label' });
        const unsafe = type.startsWith('contrast_');
        const meta = { source: 'xstest', type, label, focus: r.fields.focus ?? '', note: r.fields.note ?? '' };
        const fields = { id: `xstest-${id}`, prompt, meta };
        if (unsafe) refuse.push({ line: r.line, fields: { ...fields, risk: XSTEST_UNSAFE_MAP[type] ?? UNMAPPED } });
        else answer.push({ line: r.line, fields: { ...fields, aspect: XSTEST_SAFE_MAP[type] ?? UNMAPPED } });
      }
      return [make('should-refuse', refuse), make('should-not-refuse', answer)];
    }
    case 'safetybench':
      return [make('test', safetyBenchRows(text, file))];
  }
}

function requireString(r: RawRow, field: string, file: string): string {
  const v = r.fields[field];
  if (typeof v !== 'string' || v.trim() === '') throw new InputError(`missing ${field}`, { file, line: r.line, field });
  return v;
}

function fromFlames(r: RawRow, index: number, file: string): RawRow {
  const dimension = requireString(r, 'dimension', file);
  const subcomponent = requireString(r, 'subcomponent', file);
  const prompt = requireString(r, 'prompt', file);
  return { line: r.line, fields: { id: `flames-${index}`, prompt, risk: FLAMES_MAP[`${dimension}/${subcomponent}`] ?? UNMAPPED, meta: { source: 'flames', dimension, subcomponent } } };
}

function fromCValues(r: RawRow, file: string): RawRow {
  const prompt = requireString(r, 'prompt', file);
  const domain = requireString(r, 'domain_en', file);
  const id = r.fields.id_ ?? r.fields.id ?? r.line - 1;
  return { line: r.line, fields: { id: `cvalues-${id}`, prompt, risk: CVALUES_MAP[domain] ?? UNMAPPED, meta: { source: 'cvalues', domain, domain_zh: String(r.fields.domain_zh ?? '') } } };
}

/**
 * SafetyBench ships `test_*.json` as an array of {id, question, options,
 * category} and `dev_*.json` as {category: [{question, options, answer}]}.
 * Both become prompts with lettered options; the answer, when given, is kept.
 */
function safetyBenchRows(text: string, file: string): RawRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`invalid JSON: ${(err as Error).message}`, { file });
  }
  const items: Array<{ item: Record<string, unknown>; category?: string }> = Array.isArray(data)
    ? data.map((item) => ({ item }))
    : data && typeof data === 'object'
      ? Object.entries(data).flatMap(([category, list]) => (Array.isArray(list) ? list.map((item) => ({ item, category })) : []))
      : [];
  if (items.length === 0) throw new InputError('expected an array of questions or an object of category → questions', { file });
  return items.map(({ item, category: groupCategory }, index) => {
    // JSON has no line numbers per item; the 1-based item position stands in.
    const place = (field: string) => ({ file, line: index + 1, field });
    if (!item || typeof item !== 'object') throw new InputError('each question must be an object', place('question'));
    const question = item.question;
    const options = item.options;
    const category = typeof item.category === 'string' ? item.category : groupCategory;
    if (typeof question !== 'string' || !question.trim()) throw new InputError('missing question', place('question'));
    if (!Array.isArray(options) || options.length < 2) throw new InputError('options must list at least two choices', place('options'));
    if (!category) throw new InputError('missing category', place('category'));
    const letters = options.map((_, i) => String.fromCharCode(65 + i));
    const prompt = `${question.trim()}\n${options.map((o, i) => `${letters[i]}. ${String(o)}`).join('\n')}`;
    const meta: Record<string, string> = { source: 'safetybench', category };
    if (typeof item.answer === 'number') meta.answer = letters[item.answer] ?? String(item.answer);
    return { line: index + 1, fields: { id: `safetybench-${item.id ?? index}`, prompt, risk: SAFETYBENCH_MAP[category] ?? UNMAPPED, meta } };
  });
}
