// The text encoding of a dataset file. Excel on Chinese Windows saves CSV as
// GBK (GB18030's subset), Notepad may add a UTF-8 BOM or save UTF-16: read
// any of them, and name what was found. A file that is none of them is an
// error naming the encoding problem and how to convert, never garbled
// column names ("missing column 编号").
import { InputError } from '../errors.js';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** What readers show: "UTF-8 with BOM", "GBK/GB18030", … */
export const ENCODING_NAMES: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  gb18030: 'GBK/GB18030',
  'utf-16le': 'UTF-16 LE (BOM)',
  'utf-16be': 'UTF-16 BE (BOM)',
};

const decode = (label: string, bytes: Uint8Array) => new TextDecoder(label, { fatal: true }).decode(bytes);

/**
 * Decode a dataset file. With a BOM the BOM decides; without one, valid
 * UTF-8 is UTF-8, else text valid as GB18030 is read as GB18030 (GBK
 * included). UTF-16 without a BOM, or bytes valid in neither, fail with the
 * command that converts the file.
 */
export function decodeDataset(bytes: Uint8Array, file: string): { text: string; encoding: TextEncoding } {
  const convert = (from: string) => `convert it to UTF-8, e.g. iconv -f ${from} -t UTF-8 "${file}" > utf8.csv (or in Excel: Save As → "CSV UTF-8")`;
  try {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: decode('utf-8', bytes.subarray(3)), encoding: 'utf-8-bom' };
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
  } catch {
    throw new InputError('the file starts with a byte-order mark but its bytes do not decode in that encoding (damaged or mixed encodings)', { file }, convert('<its encoding>'));
  }
  try {
    return { text: decode('utf-8', bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: look further.
  }
  // UTF-8 and GBK text never holds a NUL byte; UTF-16 holds one in every ASCII character (a comma, a newline).
  const sample = bytes.subarray(0, 4096);
  let odd = 0;
  let even = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 ? odd++ : even++;
  if (odd + even > 0) {
    const guess = even > odd ? 'UTF-16BE' : 'UTF-16LE';
    throw new InputError(`the file looks like ${guess} without a byte-order mark (it holds NUL bytes), which cannot be read safely`, { file }, convert(guess));
  }
  try {
    return { text: decode('gb18030', bytes), encoding: 'gb18030' };
  } catch {
    throw new InputError('the file is not valid UTF-8, GBK/GB18030 or UTF-16 text', { file }, convert('<its encoding, e.g. BIG5>'));
  }
}
