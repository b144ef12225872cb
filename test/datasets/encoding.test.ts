// Dataset files in the encodings Chinese offices produce: UTF-8 with or
// without BOM, GBK (Excel on Chinese Windows), GB18030 (4-byte sequences
// included) and UTF-16 with a BOM are read; UTF-16 without a BOM, or bytes
// that are none of these, fail naming the encoding and how to convert.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRows, rowsToItems } from '../../src/datasets/load.js';
import { decodeDataset } from '../../src/datasets/encoding.js';
import { InputError } from '../../src/errors.js';

/** A GBK encoder from the platform's own GB18030 decoder (every two-byte code, reversed): no encoding library needed. */
function gbkEncoder(): (s: string) => Buffer {
  const map = new Map<string, number[]>();
  const dec = new TextDecoder('gb18030');
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(Uint8Array.from([a, b]));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [a, b]);
    }
  return (s) =>
    Buffer.from(
      [...s].flatMap((ch) =>
        ch.charCodeAt(0) < 0x80
          ? [ch.charCodeAt(0)]
          : (map.get(ch) ??
            (() => {
              throw new Error(`no GBK code for ${ch}`);
            })()),
      ),
    );
}

const CSV = '编号,问题,答案\nq1,中国的首都是哪里？,北京\nq2,一加一等于几？,二\n';
const dir = mkdtempSync(path.join(tmpdir(), 'heng-enc-'));
const write = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
};

describe('dataset encodings', () => {
  const gbk = gbkEncoder();
  const cases: Array<[string, Buffer, string]> = [
    ['utf8.csv', Buffer.from(CSV, 'utf8'), 'utf-8'],
    ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]), 'utf-8-bom'],
    ['gbk.csv', gbk(CSV), 'gb18030'],
    ['utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV, 'utf16le')]), 'utf-16le'],
    ['utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(CSV)]), 'utf-16be'],
  ];
  it.each(cases)('reads %s with its Chinese column names', async (name, bytes, encoding) => {
    const loaded = await readRows({ path: write(name, bytes) }, dir);
    expect(loaded.encoding).toBe(encoding);
    expect(loaded.rows.map((r) => [r.line, r.values])).toEqual([
      [2, { 编号: 'q1', 问题: '中国的首都是哪里？', 答案: '北京' }],
      [3, { 编号: 'q2', 问题: '一加一等于几？', 答案: '二' }],
    ]);
    // The column mapping of an import finds 编号 (today's failure on a GBK file).
    const items = rowsToItems(loaded, { idField: 'id', targetField: 'answer', columns: { id: '编号', question: '问题', answer: '答案' } });
    expect(items.map((i) => [i.id, i.target])).toEqual([
      ['q1', '北京'],
      ['q2', '二'],
    ]);
  });

  it('reads GB18030 four-byte sequences (characters outside GBK)', () => {
    const four = [0x82, 0x35, 0x8f, 0x33];
    const ch = new TextDecoder('gb18030').decode(Uint8Array.from(four));
    expect(ch).not.toBe('\ufffd');
    const bytes = Buffer.concat([gbk('编号,名称\nq1,'), Buffer.from(four), Buffer.from('\n')]);
    const { text, encoding } = decodeDataset(bytes, 'gb18030.csv');
    expect(encoding).toBe('gb18030');
    expect(text).toBe(`编号,名称\nq1,${ch}\n`);
  });

  it('fails on UTF-16 without a byte-order mark, naming it and how to convert', async () => {
    const file = write('nobom16.csv', Buffer.from(CSV, 'utf16le'));
    const err = await readRows({ path: file }, dir).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.place.file).toBe(file);
    expect(err.message).toContain('UTF-16LE without a byte-order mark');
    expect(err.message).toContain('iconv -f UTF-16LE -t UTF-8');
  });

  it('fails on bytes that are none of the encodings, saying so', async () => {
    const file = write('binary.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0x81, 0xff, 0x0a]));
    const err = await readRows({ path: file }, dir).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain('not valid UTF-8, GBK/GB18030 or UTF-16 text');
    expect(err.message).toContain('CSV UTF-8');
  });
});
