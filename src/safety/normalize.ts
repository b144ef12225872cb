// Text normalisation for keyword matching. Evasions such as 繁體 spelling,
// Japanese forms (氷毒), full-width letters, 敏-感-词, 敏 感 词, s p a c e d,
// zero-width joiners, Cyrillic/Greek look-alikes (һеrоіn), accents (héroïn),
// digits for letters (her0in) and split characters (番羽墙) all fold to the
// same letters-and-digits stream, and every unit of that stream remembers
// where it came from so a match can be shown in the original text.
//
// Per code point: NFKD with combining marks dropped (full-width →
// half-width, compatibility forms, accents), then traditional and Japanese →
// simplified (OpenCC hk, tw and jp → cn, applied per character, plus the few
// variants in variants.ts that OpenCC lacks), then lower case, then look-alike
// letters and digits to one Latin letter (LOOKALIKE). Sentence punctuation
// and line breaks become a BARRIER unit that no keyword contains, so a match
// never runs across them (方法，轮功率 is not 法轮功); everything else that is
// not a letter or a digit (spaces, zero-width characters, *·_- noise) is
// dropped. Per-character conversion is deliberate: keywords and text go
// through the same table, so matching stays consistent even where
// phrase-level conversion would pick another variant.
import * as OpenCC from 'opencc-js';
import { SPLIT_CHARACTERS, VARIANTS } from './variants.js';

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
  const fromJp = OpenCC.Converter({ from: 'jp', to: 'cn' });
  const chars: string[] = [];
  for (const [lo, hi] of CJK_RANGES) for (let cp = lo; cp <= hi; cp++) chars.push(String.fromCodePoint(cp));
  // Newlines keep OpenCC's phrase matching from joining neighbours.
  const converted = fromJp(fromHk(fromTw(chars.join('\n')))).split('\n');
  const table = new Map<number, number>();
  if (converted.length === chars.length) {
    chars.forEach((ch, i) => {
      const out = converted[i];
      if (out !== ch && [...out].length === 1) table.set(ch.codePointAt(0)!, out.codePointAt(0)!);
    });
  }
  for (const [from, to] of Object.entries(VARIANTS)) table.set(from.codePointAt(0)!, to.codePointAt(0)!);
  traditionalToSimplified = table;
  return table;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
/** The unit that stands for sentence punctuation or a line break: no keyword contains it. */
export const BARRIER = '\u0001';
// Sentence punctuation (half- and full-width forms fold to these by NFKD) and line breaks.
const BARRIERS = new Set([...',.!?;:、。\n\r\u2028\u2029\u0085\u000b\u000c'].map((c) => c.codePointAt(0)!));
// Latin look-alikes, after lower-casing: Cyrillic and Greek letters, and digits
// written for letters. 1, l and i fold together (1 stands for either).
const LOOKALIKE: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  ı: 'i',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ς: 's',
  '0': 'o',
  '1': 'i',
  l: 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
};
// Capitals that look like a Latin capital other than their own lower case (Greek Ν is N, ν is v).
const UPPER_LOOKALIKE: Record<string, string> = {
  Α: 'a',
  Β: 'b',
  Ε: 'e',
  Ζ: 'z',
  Η: 'h',
  Ι: 'i',
  Κ: 'k',
  Μ: 'm',
  Ν: 'n',
  Ο: 'o',
  Ρ: 'p',
  Τ: 't',
  Υ: 'y',
  Χ: 'x',
  А: 'a',
  В: 'b',
  Е: 'e',
  К: 'k',
  М: 'm',
  Н: 'h',
  О: 'o',
  Р: 'p',
  С: 'c',
  Т: 't',
  Х: 'x',
  Ѕ: 's',
  І: 'i',
  Ј: 'j',
};
const bmpCache: Array<string | undefined> = new Array(0x10000);
const astralCache = new Map<number, string>();

/** The normalized form of one code point: '' when it is dropped, BARRIER for sentence punctuation and line breaks. */
export function foldCodePoint(cp: number): string {
  const cached = cp < 0x10000 ? bmpCache[cp] : astralCache.get(cp);
  if (cached !== undefined) return cached;
  let out = '';
  if (BARRIERS.has(cp)) out = BARRIER;
  else if (cp < 0x80) {
    const lower = cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
    if (/[a-z0-9]/.test(lower)) out = LOOKALIKE[lower] ?? lower;
  } else {
    const table = t2sTable();
    const decomposed = String.fromCodePoint(cp).normalize('NFKD');
    for (const ch of decomposed) {
      const dcp = ch.codePointAt(0)!;
      if (BARRIERS.has(dcp)) {
        out = BARRIER;
        break;
      }
      if (MARK.test(ch)) continue;
      const upper = UPPER_LOOKALIKE[ch];
      if (upper) {
        out += upper === 'l' ? 'i' : upper;
        continue;
      }
      // Ideographs: NFKC is NFKD for them; the table maps the composed form.
      const simplified = table.get(dcp) ?? table.get(cp);
      for (const c of (simplified !== undefined ? String.fromCodePoint(simplified) : ch).toLowerCase()) {
        if (LETTER_OR_DIGIT.test(c)) out += LOOKALIKE[c] ?? c;
      }
    }
  }
  if (cp < 0x10000) bmpCache[cp] = out;
  else astralCache.set(cp, out);
  return out;
}

/** First components of the split characters: the only places a pair lookup is needed. */
const SPLIT_FIRSTS = new Set([...SPLIT_CHARACTERS.keys()].map((pair) => pair.codePointAt(0)!));

const isAsciiLetter = (cp: number | undefined) => cp !== undefined && ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a));

/** @ and $ stand for a and s only next to a Latin letter (p@ss, $ex); elsewhere they are noise (翻$墙). */
function symbolLetter(input: string, i: number, cp: number): string | undefined {
  if (cp !== 0x40 && cp !== 0x24) return undefined;
  if (!isAsciiLetter(input.codePointAt(i + 1)) && !isAsciiLetter(i > 0 ? input.codePointAt(i - 1) : undefined)) return undefined;
  return cp === 0x40 ? 'a' : 's';
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
    let width = cp > 0xffff ? 2 : 1;
    let folded = cp === 0x40 || cp === 0x24 ? (symbolLetter(input, i, cp) ?? '') : foldCodePoint(cp);
    // A character written as its two components (番羽 for 翻): the pair folds to the whole.
    const whole = width === 1 && SPLIT_FIRSTS.has(cp) ? SPLIT_CHARACTERS.get(input.slice(i, i + 2)) : undefined;
    if (whole) {
      folded = foldCodePoint(whole.codePointAt(0)!);
      width = 2;
    }
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

/** The normalized string itself (display, tests); barriers kept. */
export function normalizeStream(input: string): string {
  const { codes, length } = normalizeForMatching(input);
  let out = '';
  for (let i = 0; i < length; i += 8192) out += String.fromCharCode(...codes.subarray(i, Math.min(length, i + 8192)));
  return out;
}

/** The normalized form of a keyword (or any text) without barriers. */
export function normalizeText(input: string): string {
  return normalizeStream(input).replaceAll(BARRIER, '');
}

/** True when the code point folds to an ASCII letter or digit (word-boundary checks). */
export function isLatinWordChar(cp: number): boolean {
  const f = foldCodePoint(cp);
  return f.length > 0 && /^[a-z0-9]+$/.test(f);
}
