// Text normalisation for keyword matching. Evasions such as 繁體 spelling,
// full-width letters, 敏-感-词, 敏 感 词, s p a c e d and zero-width joiners
// all fold to the same letters-and-digits stream, and every unit of that
// stream remembers where it came from so a match can be shown in the
// original text.
//
// Per code point: NFKC (full-width → half-width, compatibility forms), then
// traditional → simplified (OpenCC hk and tw → cn, applied per character),
// then lower case; everything that is not a letter or a digit is dropped.
// Per-character conversion is deliberate: keywords and text go through the
// same table, so matching stays consistent even where phrase-level
// conversion would pick another variant.
import * as OpenCC from 'opencc-js';

export interface NormalizedText {
  /** UTF-16 code units of the normalized text. */
  codes: Uint16Array;
  length: number;
  /** For normalized unit i: the original text's [starts[i], ends[i]) (UTF-16 offsets). */
  starts: Int32Array;
  ends: Int32Array;
}

const CJK_RANGES: ReadonlyArray<[number, number]> = [
  [0x3400, 0x4dbf], // Extension A
  [0x4e00, 0x9fff], // Unified Ideographs
  [0xf900, 0xfaff], // Compatibility Ideographs
];

let traditionalToSimplified: Map<number, number> | undefined;

/** Built once: every BMP ideograph that OpenCC simplifies to a single other character. */
function t2sTable(): Map<number, number> {
  if (traditionalToSimplified) return traditionalToSimplified;
  const fromTw = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const fromHk = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const chars: string[] = [];
  for (const [lo, hi] of CJK_RANGES) for (let cp = lo; cp <= hi; cp++) chars.push(String.fromCodePoint(cp));
  // Newlines keep OpenCC's phrase matching from joining neighbours.
  const converted = fromHk(fromTw(chars.join('\n'))).split('\n');
  const table = new Map<number, number>();
  if (converted.length === chars.length) {
    chars.forEach((ch, i) => {
      const out = converted[i];
      if (out !== ch && [...out].length === 1) table.set(ch.codePointAt(0)!, out.codePointAt(0)!);
    });
  }
  traditionalToSimplified = table;
  return table;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const bmpCache: Array<string | undefined> = new Array(0x10000);
const astralCache = new Map<number, string>();

/** The normalized form of one code point: '' when it is dropped. */
export function foldCodePoint(cp: number): string {
  const cached = cp < 0x10000 ? bmpCache[cp] : astralCache.get(cp);
  if (cached !== undefined) return cached;
  let out = '';
  if (cp < 0x80) {
    if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a)) out = String.fromCharCode(cp);
    else if (cp >= 0x41 && cp <= 0x5a) out = String.fromCharCode(cp + 32);
  } else {
    const table = t2sTable();
    for (const ch of String.fromCodePoint(cp).normalize('NFKC')) {
      const simplified = table.get(ch.codePointAt(0)!);
      for (const c of (simplified !== undefined ? String.fromCodePoint(simplified) : ch).toLowerCase()) {
        if (LETTER_OR_DIGIT.test(c)) out += c;
      }
    }
  }
  if (cp < 0x10000) bmpCache[cp] = out;
  else astralCache.set(cp, out);
  return out;
}

/** Normalizes text for matching and keeps the offset map back to the original. */
export function normalizeForMatching(input: string): NormalizedText {
  let capacity = input.length + 16;
  let codes = new Uint16Array(capacity);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let n = 0;
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp);
    for (let k = 0; k < folded.length; k++) {
      if (n === capacity) {
        capacity *= 2;
        codes = grow(codes, new Uint16Array(capacity));
        starts = grow(starts, new Int32Array(capacity));
        ends = grow(ends, new Int32Array(capacity));
      }
      codes[n] = folded.charCodeAt(k);
      starts[n] = i;
      ends[n] = i + width;
      n++;
    }
    i += width;
  }
  return { codes, length: n, starts, ends };
}

function grow<T extends Uint16Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The normalized string itself (keywords, display, tests). */
export function normalizeText(input: string): string {
  const { codes, length } = normalizeForMatching(input);
  let out = '';
  for (let i = 0; i < length; i += 8192) out += String.fromCharCode(...codes.subarray(i, Math.min(length, i + 8192)));
  return out;
}

/** True when the code point folds to an ASCII letter or digit (word-boundary checks). */
export function isLatinWordChar(cp: number): boolean {
  const f = foldCodePoint(cp);
  return f.length > 0 && /^[a-z0-9]+$/.test(f);
}
