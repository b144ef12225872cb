// Keyword scanning: an Aho–Corasick automaton over normalized keywords
// (see normalize.ts), built once and reused for any number of texts; the text
// is folded once, in one pass, with an offset map. Each match names the
// keyword, its risk ids and its span in the original text.
//
// Separators: normalization drops spaces, zero-width characters and symbol
// noise inside a keyword but turns sentence punctuation and line breaks into
// a barrier no keyword crosses.
//
// Word boundaries: a keyword whose normalized form is only ASCII letters and
// digits ("latin") matches only when the original characters just outside
// the span are not latin letters or digits, so "ass" does not fire inside
// "class" and "rapist" not inside "therapist"; and whitespace inside a latin
// match is accepted only between every pair of letters (h e r o i n), never
// as an ordinary word gap ("hero in"). Pinyin forms may have whitespace
// anywhere (fa lun gong). CJK keywords have no boundary check: Chinese has
// no spaces between words; instead an entry may list longer innocent words
// that contain it (exceptions), and a match inside one of them is dropped.
//
// Library cells (docs/safety.md#keyword-libraries): `keyword`, optionally
// followed by `| except: w1, w2`, `| alias: a1, a2` and `| pinyin`.
import { InputError } from '../errors.js';
import type { Bank } from './banks.js';
import { isLatinWordChar, normalizeForMatching, normalizeText } from './normalize.js';
import { pinyinForms } from './pinyin.js';

export interface KeywordEntry {
  keyword: string;
  risks: string[];
  /** Longer innocent words containing the keyword: a match inside one of them does not count. */
  exceptions?: string[];
  /** Other spellings (abbreviations) reported as this keyword. */
  aliases?: string[];
  /** Also match the keyword's pinyin (Chinese keywords). */
  pinyin?: boolean;
}

export interface MatcherOptions {
  /** Match the pinyin of every Chinese keyword (default: only entries marked `pinyin`). */
  pinyin?: boolean;
}

/** Parses a library cell: `藏独 | except: 西藏独有, 西藏独特 | alias: zd | pinyin`. A cell without `|` is the keyword itself. */
export function parseKeywordCell(cell: string, risks: string[]): KeywordEntry {
  const [head, ...parts] = cell.split('|');
  const entry: KeywordEntry = { keyword: head.trim(), risks };
  for (const part of parts) {
    const [rawKey, ...rest] = part.split(':');
    const key = rawKey.trim().toLowerCase();
    const list = rest
      .join(':')
      .split(/[,，、]/)
      .map((w) => w.trim())
      .filter(Boolean);
    if (key === 'except' || key === 'exceptions') entry.exceptions = [...(entry.exceptions ?? []), ...list];
    else if (key === 'alias' || key === 'aliases') entry.aliases = [...(entry.aliases ?? []), ...list];
    else if (key === 'pinyin') entry.pinyin = true;
    else throw new Error(`keyword "${head.trim()}": unknown option "${rawKey.trim()}" (use except:, alias: or pinyin)`);
  }
  return entry;
}

export interface KeywordMatch {
  /** The keyword as written in the library. */
  keyword: string;
  risks: string[];
  /** Span in the original text, UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
  /** The original text of the span (with the evasion characters, if any). */
  text: string;
}

interface Exception {
  /** Normalized exception word, and where the keyword sits inside it. */
  codes: string;
  offset: number;
}

interface Pattern {
  keyword: string;
  risks: string[];
  length: number;
  latin: boolean;
  /** Pinyin form: whitespace allowed anywhere inside. */
  spaced: boolean;
  exceptions: Exception[];
}

const ROOT = 0;

export class KeywordMatcher {
  private readonly patterns: Pattern[] = [];
  /** Root transitions, dense: most scanning time is spent at the root. */
  private readonly rootNext = new Int32Array(0x10000);
  /** Other transitions: one map per node. */
  private readonly next: Array<Map<number, number> | undefined> = [undefined];
  private fail: Int32Array = new Int32Array(1);
  private readonly output: number[] = [-1];
  private outLink: Int32Array = new Int32Array(1);
  /** Keywords that normalize to nothing (only punctuation, spaces): never matched. */
  readonly skipped: string[] = [];

  constructor(entries: Iterable<KeywordEntry>, options: MatcherOptions = {}) {
    const byNormalized = new Map<string, number>();
    const add = (entry: KeywordEntry, form: string, spaced: boolean) => {
      const normalized = normalizeText(form);
      if (!normalized) return false;
      const exceptions = (entry.exceptions ?? []).flatMap((w) => {
        const codes = normalizeText(w);
        const offset = codes.indexOf(normalized);
        return offset >= 0 && codes.length > normalized.length ? [{ codes, offset }] : [];
      });
      const known = byNormalized.get(normalized);
      if (known !== undefined) {
        const p = this.patterns[known];
        p.risks = [...new Set([...p.risks, ...entry.risks])];
        p.exceptions.push(...exceptions);
        return true;
      }
      byNormalized.set(normalized, this.patterns.length);
      // A keyword of several words (kill yourself) has its own spaces.
      const words = spaced || /\s/.test(form.trim());
      this.patterns.push({ keyword: entry.keyword, risks: [...entry.risks], length: normalized.length, latin: /^[a-z0-9]+$/.test(normalized), spaced: words, exceptions });
      this.insert(normalized, this.patterns.length - 1);
      return true;
    };
    for (const entry of entries) {
      if (!add(entry, entry.keyword, false)) {
        this.skipped.push(entry.keyword);
        continue;
      }
      for (const alias of entry.aliases ?? []) add({ ...entry, exceptions: [] }, alias, false);
      if (entry.pinyin || options.pinyin) for (const form of pinyinForms(entry.keyword)) add({ ...entry, exceptions: [] }, form, true);
    }
    this.link();
  }

  static fromBank(bank: Bank, options: MatcherOptions = {}): KeywordMatcher {
    const entries = bank.rows.map((r) => {
      try {
        return parseKeywordCell(r.text, r.risks);
      } catch (err) {
        throw new InputError((err as Error).message, { file: bank.file, line: r.line, field: 'keyword' }, 'write options as `keyword | except: a, b | alias: c | pinyin`');
      }
    });
    return new KeywordMatcher(entries, options);
  }

  /** Distinct normalized keywords in the automaton. */
  get size(): number {
    return this.patterns.length;
  }

  private step(node: number, code: number): number {
    if (node === ROOT) return this.rootNext[code] - 1;
    return this.next[node]?.get(code) ?? -1;
  }

  private insert(normalized: string, pattern: number): void {
    let node = ROOT;
    for (let i = 0; i < normalized.length; i++) {
      const code = normalized.charCodeAt(i);
      let child = this.step(node, code);
      if (child < 0) {
        child = this.output.length;
        this.output.push(-1);
        this.next.push(undefined);
        if (node === ROOT) this.rootNext[code] = child + 1;
        else (this.next[node] ??= new Map()).set(code, child);
      }
      node = child;
    }
    this.output[node] = pattern;
  }

  /** Breadth-first: failure links and links to the nearest node with an output. */
  private link(): void {
    const count = this.output.length;
    this.fail = new Int32Array(count);
    this.outLink = new Int32Array(count).fill(-1);
    const queue: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const child = this.rootNext[code] - 1;
      if (child >= 0) queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      const children = this.next[node];
      if (!children) continue;
      for (const [code, child] of children) {
        let f = this.fail[node];
        while (f !== ROOT && this.step(f, code) < 0) f = this.fail[f];
        const target = this.step(f, code);
        this.fail[child] = target >= 0 && target !== child ? target : ROOT;
        const fc = this.fail[child];
        this.outLink[child] = this.output[fc] >= 0 ? fc : this.outLink[fc];
        queue.push(child);
      }
    }
  }

  /** Every keyword occurrence (overlaps included), in order of end position. */
  scan(text: string): KeywordMatch[] {
    const norm = normalizeForMatching(text);
    const { codes, starts, ends } = norm;
    const matches: KeywordMatch[] = [];
    let node = ROOT;
    for (let i = 0; i < norm.length; i++) {
      const code = codes[i];
      let child = this.step(node, code);
      while (child < 0 && node !== ROOT) {
        node = this.fail[node];
        child = this.step(node, code);
      }
      node = child < 0 ? ROOT : child;
      for (let hit = this.output[node] >= 0 ? node : this.outLink[node]; hit >= 0; hit = this.outLink[hit]) {
        const p = this.patterns[this.output[hit]];
        const first = i - p.length + 1;
        const start = starts[first];
        const end = ends[i];
        if (p.latin && !this.atWordBoundary(text, start, end)) continue;
        if (p.latin && !p.spaced && !evenlySpaced(text, starts, ends, first, i)) continue;
        if (p.exceptions.length && insideException(codes, norm.length, first, p.exceptions)) continue;
        matches.push({ keyword: p.keyword, risks: p.risks, start, end, text: text.slice(start, end) });
      }
    }
    return matches;
  }

  private atWordBoundary(text: string, start: number, end: number): boolean {
    if (start > 0) {
      const before = text.codePointAt(start - 1 >= 1 && isLowSurrogate(text.charCodeAt(start - 1)) ? start - 2 : start - 1)!;
      if (isLatinWordChar(before)) return false;
    }
    if (end < text.length && isLatinWordChar(text.codePointAt(end)!)) return false;
    return true;
  }
}

/** Whitespace inside a latin match only as letter-by-letter spacing (h e r o i n), never as one word gap (hero in). */
function evenlySpaced(text: string, starts: Int32Array, ends: Int32Array, first: number, last: number): boolean {
  let gaps = 0;
  let spaced = false;
  for (let k = first; k < last; k++) {
    if (starts[k + 1] === ends[k]) continue;
    gaps++;
    if (/\s/.test(text.slice(ends[k], starts[k + 1]))) spaced = true;
  }
  return !spaced || gaps === last - first;
}

/** Is the match at normalized units [first, …] part of one of the keyword's innocent longer words? */
function insideException(codes: Uint16Array, length: number, first: number, exceptions: Exception[]): boolean {
  return exceptions.some((x) => {
    const from = first - x.offset;
    if (from < 0 || from + x.codes.length > length) return false;
    for (let k = 0; k < x.codes.length; k++) if (codes[from + k] !== x.codes.charCodeAt(k)) return false;
    return true;
  });
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
