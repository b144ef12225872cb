import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/datasets/csv.js';
import { readRows, rowsToItems } from '../../src/datasets/load.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'heng-ds-'));
const file = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return name;
};

describe('datasets', () => {
  it('parses RFC 4180 CSV with quotes, commas and newlines, keeping start lines', () => {
    const recs = parseCsv('a,b\n"x, y","multi\nline"\n3,"say ""hi"""\n');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(recs[1].cells).toEqual(['x, y', 'multi\nline']);
    expect(recs[2].cells).toEqual(['3', 'say "hi"']);
  });

  it('names line 57 of a JSONL file with a broken line', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({ id: `q${i}`, q: 'x' }));
    lines[56] = '{"id": "q56", "q": ';
    const name = file('broken.jsonl', lines.join('\n'));
    const err = await readRows({ path: name }, dir).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.place.line).toBe(57);
    expect(err.message).toContain('broken.jsonl, line 57');
  });

  it('names the line and column when a CSV row lacks a mapped column', async () => {
    const name = file('mc.csv', 'id,question,A,B,C,answer\n1,q1,a,b,c,A\n');
    const loaded = await readRows({ path: name }, dir);
    const err = (() => {
      try {
        rowsToItems(loaded, { targetField: 'answer', choiceFields: ['A', 'B', 'C', 'D'] });
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(err!.place).toMatchObject({ line: 2, field: 'D' });
  });

  it('names the line of a CSV row with the wrong number of fields', async () => {
    const name = file('short.csv', 'id,q,answer\n1,a,b\n2,only\n');
    const err = await readRows({ path: name }, dir).catch((e) => e);
    expect(err.place.line).toBe(3);
  });

  it('uses the 0-based row index as id when the source has none, and the hash of the bytes', async () => {
    const name = file('noid.jsonl', '{"q":"a","answer":"1"}\n{"q":"b","answer":"2"}\n');
    const loaded = await readRows({ path: name }, dir);
    const items = rowsToItems(loaded, { targetField: 'answer' });
    expect(items.map((i) => i.id)).toEqual(['0', '1']);
    expect(items[1].target).toBe('2');
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies a column mapping', async () => {
    const name = file('mapped.csv', '编号,问题,标准答案\nx1,你好,hi\n');
    const items = rowsToItems(await readRows({ path: name }, dir), { targetField: 'answer', idField: 'id', columns: { id: '编号', question: '问题', answer: '标准答案' } });
    expect(items[0]).toMatchObject({ id: 'x1', target: 'hi', fields: { question: '你好' } });
  });

  it('reads XLSX', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('items');
    ws.addRow(['id', 'question', 'answer']);
    ws.addRow(['r1', '一加一', '2']);
    await wb.xlsx.writeFile(path.join(dir, 'items.xlsx'));
    const loaded = await readRows({ path: 'items.xlsx' }, dir);
    expect(loaded.rows[0]).toMatchObject({ line: 2, values: { id: 'r1', question: '一加一', answer: '2' } });
  });
});
