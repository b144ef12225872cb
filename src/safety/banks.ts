// Safety banks: the four kinds TC260-003 asks a provider to keep (clauses
// 8.1–8.3), loaded from CSV, XLSX or JSONL with risk/aspect tags. A bank is
// identified by a content hash over its normalized rows, so a run can record
// exactly which bank it used, and carries the date it was last updated.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { InputError } from '../errors.js';
import { csvObjects } from '../datasets/csv.js';
import { aspectByKey, BANK_TYPES, riskById, UNMAPPED, type BankType } from './taxonomy.js';
import { jsonlRows } from '../datasets/load.js';

export { BANK_TYPES, type BankType };

export interface BankRow {
  id: string;
  /** The prompt, or the keyword for a keyword library. */
  text: string;
  /** Appendix A risk ids ("A.1.3"), or "unmapped". */
  risks: string[];
  /** Should-not-refuse aspect ids ("gender"), or "unmapped". */
  aspects: string[];
  /** A second user turn that pushes back after the first answer. */
  followUp?: string;
  /** Where the row came from, for error messages and reports. */
  line?: number;
  /** Extra source fields kept verbatim (e.g. an importer's original category). */
  meta?: Record<string, string>;
}

export interface Bank {
  type: BankType;
  rows: BankRow[];
  /** sha256 (hex) over the normalized rows, independent of row order and file format. */
  contentHash: string;
  /** ISO date (YYYY-MM-DD) of the last update, when known. */
  updatedAt?: string;
  file?: string;
}

/** One row as read from a file, before validation. */
export interface RawRow {
  line: number;
  fields: Record<string, unknown>;
}

export interface LoadBankOptions {
  type: BankType;
  /** The update date when the file has no `updated` column; overrides nothing. */
  updatedAt?: string;
}

export function isBankType(value: string): value is BankType {
  return (BANK_TYPES as readonly string[]).includes(value);
}

/** Reads a bank file; the format follows the extension (.csv, .xlsx, .jsonl). */
export async function loadBank(file: string, options: LoadBankOptions): Promise<Bank> {
  return buildBank(await readRawRows(file), { ...options, file });
}

export async function readRawRows(file: string): Promise<RawRow[]> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return readXlsx(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read bank file: ${(err as Error).message}`, { file });
  }
  if (ext === '.csv') {
    try {
      return csvObjects(text);
    } catch (err) {
      throw new InputError((err as Error).message, { file });
    }
  }
  if (ext === '.jsonl' || ext === '.ndjson') return parseJsonl(text, file);
  throw new InputError(`unsupported bank format "${ext || '(none)'}"`, { file }, 'use .csv, .xlsx or .jsonl');
}

export function parseJsonl(text: string, file: string): RawRow[] {
  return jsonlRows(text, file).map((r) => ({ line: r.line, fields: r.values }));
}

async function readXlsx(file: string): Promise<RawRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (err) {
    throw new InputError(`cannot read XLSX: ${(err as Error).message}`, { file });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new InputError('the workbook has no worksheet', { file });
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    header[col] = cellText(cell.value).trim().toLowerCase();
  });
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const fields: Record<string, unknown> = {};
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const name = header[col];
      if (name) fields[name] = cellText(cell.value);
    });
    rows.push({ line: rowNumber, fields });
  });
  return rows;
}

/** Plain text of an exceljs cell value (rich text, formulas, dates, links). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  return String(value);
}

const TEXT_FIELDS: Record<BankType, string[]> = {
  test: ['prompt', 'question', 'text'],
  'should-refuse': ['prompt', 'question', 'text'],
  'should-not-refuse': ['prompt', 'question', 'text'],
  keywords: ['keyword', 'text'],
};

/** Validates raw rows into a bank. Every problem names file, line and field. */
export function buildBank(raw: RawRow[], options: LoadBankOptions & { file?: string }): Bank {
  const { type, file } = options;
  const rows: BankRow[] = [];
  const seen = new Map<string, number>();
  let latest: string | undefined;
  raw.forEach((r, index) => {
    const place = (field?: string) => ({ file, line: r.line, field });
    const textField = TEXT_FIELDS[type].find((f) => nonEmpty(r.fields[f]));
    if (!textField) throw new InputError(`missing ${TEXT_FIELDS[type][0]}`, place(TEXT_FIELDS[type][0]), `a ${type} bank needs a "${TEXT_FIELDS[type][0]}" column`);
    const text = String(r.fields[textField]).trim();
    const id = nonEmpty(r.fields.id) ? String(r.fields.id).trim() : String(index);
    const earlier = seen.get(id);
    if (earlier !== undefined) throw new InputError(`duplicate id "${id}" (first on line ${earlier})`, place('id'));
    seen.set(id, r.line);

    const risks = parseTags(r.fields.risk ?? r.fields.risks, (tag) => tag === UNMAPPED || riskById(tag) !== undefined, place('risk'), 'risk id such as A.1.3 (see `heng safety taxonomy`)');
    const aspects = parseTags(r.fields.aspect ?? r.fields.aspects, (tag) => tag === UNMAPPED || aspectByKey(tag) !== undefined, place('aspect'), 'aspect id or name such as gender / 性别').map((a) =>
      a === UNMAPPED ? a : aspectByKey(a)!.id,
    );
    if (type === 'should-not-refuse' ? aspects.length === 0 : risks.length === 0) {
      const field = type === 'should-not-refuse' ? 'aspect' : 'risk';
      throw new InputError(`missing ${field}`, place(field), type === 'should-not-refuse' ? 'tag each row with one of the 13 aspects' : 'tag each row with at least one Appendix A risk id');
    }
    const followUp = nonEmpty(r.fields.follow_up) ? String(r.fields.follow_up).trim() : undefined;
    if (nonEmpty(r.fields.updated)) {
      const date = parseDate(String(r.fields.updated), place('updated'));
      if (!latest || date > latest) latest = date;
    }
    const meta = r.fields.meta && typeof r.fields.meta === 'object' ? (r.fields.meta as Record<string, string>) : undefined;
    rows.push({ id, text, risks, aspects, ...(followUp ? { followUp } : {}), line: r.line, ...(meta ? { meta } : {}) });
  });
  const updatedAt = options.updatedAt ? parseDate(options.updatedAt, { file, field: 'updatedAt' }) : latest;
  return { type, rows, contentHash: bankHash(type, rows), ...(updatedAt ? { updatedAt } : {}), ...(file ? { file } : {}) };
}

function nonEmpty(value: unknown): boolean {
  return value !== undefined && value !== null && String(value).trim() !== '';
}

function parseTags(value: unknown, valid: (tag: string) => boolean, place: { file?: string; line: number; field?: string }, what: string): string[] {
  if (!nonEmpty(value) && !Array.isArray(value)) return [];
  const tags = (Array.isArray(value) ? value.map(String) : String(value).split(/[;,|、，；\s]+/)).map((t) => t.trim()).filter(Boolean);
  for (const tag of tags) if (!valid(tag)) throw new InputError(`unknown tag "${tag}"`, place, `expected a ${what}`);
  return [...new Set(tags)];
}

function parseDate(value: string, place: { file?: string; line?: number; field?: string }): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  const date = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`) : undefined;
  if (!m || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`) {
    throw new InputError(`not a date: "${value}"`, place, 'write dates as YYYY-MM-DD');
  }
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * Content hash: rows sorted by id, text NFC-normalized and whitespace-trimmed,
 * tags sorted. Line numbers, dates and source metadata do not count, so the
 * same bank saved as CSV or XLSX hashes the same.
 */
export function bankHash(type: BankType, rows: readonly BankRow[]): string {
  const canonical = [...rows]
    .map((r) => [r.id, r.text.normalize('NFC').trim(), [...r.risks].sort(), [...r.aspects].sort(), r.followUp?.normalize('NFC').trim() ?? null])
    .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([type, canonical]))
    .digest('hex');
}

/** A bank as JSONL in the import format (one object per row), for `--out`. */
export function bankToJsonl(bank: Bank): string {
  const field = bank.type === 'keywords' ? 'keyword' : 'prompt';
  return bank.rows
    .map((r) =>
      JSON.stringify({
        id: r.id,
        [field]: r.text,
        ...(r.risks.length ? { risk: r.risks } : {}),
        ...(r.aspects.length ? { aspect: r.aspects } : {}),
        ...(r.followUp ? { follow_up: r.followUp } : {}),
        ...(bank.updatedAt ? { updated: bank.updatedAt } : {}),
        ...(r.meta ? { meta: r.meta } : {}),
      }),
    )
    .join('\n')
    .concat(bank.rows.length ? '\n' : '');
}
