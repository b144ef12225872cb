// Reads dataset files (JSONL, CSV, XLSX, JSON array) into rows that remember
// their source line, then into Items. Bad rows are InputErrors naming file,
// line and field.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import type { Item } from '../types.js';
import { parseCsv } from './csv.js';
import { decodeDataset, ENCODING_NAMES, type TextEncoding } from './encoding.js';

export interface Row {
  /** 1-based line (JSONL, CSV) or row number (XLSX) in the source. */
  line: number;
  /** 0-based index among data rows: the default item id. */
  index: number;
  values: Record<string, unknown>;
}

export interface DatasetSource {
  path: string;
  format?: 'jsonl' | 'csv' | 'xlsx' | 'json';
  sheet?: string;
}

export interface LoadedRows {
  file: string;
  rows: Row[];
  /** The text encoding found (src/datasets/encoding.ts); absent for XLSX. */
  encoding?: TextEncoding;
  /** sha256 of the file's bytes: recorded with every run. */
  hash: string;
}

export async function readRows(source: DatasetSource, baseDir: string): Promise<LoadedRows> {
  const file = path.resolve(baseDir, source.path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InputError(`cannot read dataset: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file }, 'check the path (relative to the config file)');
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
  const format = source.format ?? formatOf(file);
  if (format === 'xlsx') return { file, rows: await xlsxRows(bytes, file, source.sheet), hash };
  const { text, encoding } = decodeDataset(bytes, file);
  const rows = format === 'jsonl' ? jsonlRows(text, file) : format === 'csv' ? csvRows(text, file) : jsonRows(text, file);
  return { file, rows, hash, encoding };
}

function formatOf(file: string): DatasetSource['format'] {
  const ext = path.extname(file.replace(/\.gz$/, '')).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.json') return 'json';
  throw new InputError(`unknown dataset format "${ext}"`, { file }, 'use .jsonl, .csv, .xlsx or .json, or set "format"');
}

export function jsonlRows(text: string, file: string): Row[] {
  const rows: Row[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l) continue;
    let value: unknown;
    try {
      value = JSON.parse(l);
    } catch (err) {
      throw new InputError(`broken JSON: ${(err as Error).message}`, { file, line: i + 1 }, 'each line must be one JSON object');
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError('expected a JSON object', { file, line: i + 1 });
    rows.push({ line: i + 1, index: rows.length, values: value as Record<string, unknown> });
  }
  return rows;
}

function csvRows(text: string, file: string): Row[] {
  let parsed;
  try {
    parsed = parseCsv(text);
  } catch (err) {
    throw new InputError((err as Error).message, { file }, 'close the quoted field');
  }
  const [header, ...records] = parsed;
  if (!header) return [];
  // CMMLU-style files have an unnamed first column (the row number).
  const names = header.cells.map((h, i) => h.trim() || (i === 0 ? '_index' : `column${i + 1}`));
  return records.map((r, index) => {
    if (r.cells.length !== names.length)
      throw new InputError(`expected ${names.length} columns (${names.join(', ')}), found ${r.cells.length}`, { file, line: r.line }, 'quote fields that contain commas');
    return { line: r.line, index, values: Object.fromEntries(names.map((n, i) => [n, r.cells[i]])) };
  });
}

function jsonRows(text: string, file: string): Row[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`broken JSON: ${(err as Error).message}`, { file });
  }
  if (!Array.isArray(value)) throw new InputError('expected a JSON array of objects', { file });
  return value.map((v, index) => ({ line: index + 1, index, values: v as Record<string, unknown> }));
}

async function xlsxRows(bytes: Buffer, file: string, sheetName?: string): Promise<Row[]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = sheetName ? wb.getWorksheet(sheetName) : wb.worksheets[0];
  if (!sheet) throw new InputError(`no sheet ${sheetName ?? ''} in workbook`, { file, field: 'sheet' });
  const rows: Row[] = [];
  let names: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells = (row.values as unknown[]).slice(1).map((c) => cellText(c));
    if (names.length === 0) names = cells.map((c, i) => c || `column${i + 1}`);
    else rows.push({ line: n, index: rows.length, values: Object.fromEntries(names.map((k, i) => [k, cells[i] ?? ''])) });
  });
  return rows;
}

function cellText(c: unknown): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'object') {
    const o = c as { text?: string; result?: unknown; richText?: Array<{ text: string }> };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return String(o.result);
  }
  return String(c);
}

export interface ItemMapping {
  idField?: string;
  targetField: string;
  choiceFields?: string[];
  /** Task field → source column (the column-mapping step of an import). */
  columns?: Record<string, string>;
}

/** Rows → Items. Checks that mapped columns exist, naming file and line when not. */
export function rowsToItems(loaded: { file: string; rows: Row[]; encoding?: TextEncoding }, m: ItemMapping): Item[] {
  const seen = new Set<string>();
  return loaded.rows.map((row) => {
    const v = m.columns ? remap(row, m.columns, loaded.file, loaded.encoding) : row.values;
    const rawId = v[m.idField ?? 'id'];
    const id = rawId === undefined || rawId === '' ? String(row.index) : String(rawId);
    if (seen.has(id)) throw new InputError(`duplicate item id "${id}"`, { file: loaded.file, line: row.line, field: m.idField ?? 'id' });
    seen.add(id);
    const item: Item = { id, fields: v };
    const t = v[m.targetField];
    if (t !== undefined && t !== null && t !== '') item.target = Array.isArray(t) ? t.map(String) : String(t);
    if (m.choiceFields) {
      item.choices = {};
      for (const f of m.choiceFields) {
        if (v[f] === undefined) throw new InputError(`missing column "${f}"`, { file: loaded.file, line: row.line, field: f }, 'every multiple-choice row needs all option columns');
        item.choices[f] = String(v[f]);
      }
    }
    if (v.cluster !== undefined) item.cluster = String(v.cluster);
    if (v.tags && typeof v.tags === 'object') item.tags = Object.fromEntries(Object.entries(v.tags).map(([k, x]) => [k, String(x)]));
    return item;
  });
}

function remap(row: Row, columns: Record<string, string>, file: string, encoding?: TextEncoding): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row.values };
  for (const [field, column] of Object.entries(columns)) {
    if (!(column in row.values))
      throw new InputError(
        `missing column "${column}" (mapped to "${field}")`,
        { file, line: row.line, field: column },
        `the file's columns: ${Object.keys(row.values).join(', ')}${encoding && encoding !== 'utf-8' ? ` (read as ${ENCODING_NAMES[encoding]}; if they look garbled, save the file as UTF-8)` : ''}`,
      );
    out[field] = row.values[column];
  }
  return out;
}
