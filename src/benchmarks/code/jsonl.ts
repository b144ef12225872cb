// Reads a benchmark's official JSONL file (optionally .gz) into objects that
// remember their line, with the file's sha256 for the run record.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { jsonlRows } from '../../datasets/load.js';
import { InputError } from '../../errors.js';

export interface JsonlRow {
  /** 1-based line in the (decompressed) file. */
  line: number;
  value: Record<string, unknown>;
}

export function readJsonl(file: string): { rows: JsonlRow[]; hash: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InputError(`cannot read benchmark file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file });
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const rows: JsonlRow[] = jsonlRows(text, file).map((r) => ({ line: r.line, value: r.values }));
  return { rows, hash };
}

/** The row's field as a string, or an InputError naming file, line and field. */
export function requireString(row: JsonlRow, field: string, file: string): string {
  const v = row.value[field];
  if (typeof v !== 'string') throw new InputError(`field must be a string, got ${v === undefined ? 'nothing' : typeof v}`, { file, line: row.line, field });
  return v;
}

export function requireStringList(row: JsonlRow, field: string, file: string): string[] {
  const v = row.value[field];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new InputError('field must be a list of strings', { file, line: row.line, field });
  return v as string[];
}
