// Keyword scanning: an Aho–Corasick automaton over normalized keywords
// (see normalize.ts), built once and reused for any number of texts. Each
// match names the keyword, its risk ids and its span in the original text.
//
// Word boundaries: a keyword whose normalized form is only ASCII letters and
// digits ("latin") matches only when the original characters just outside
// the span are not latin letters or digits, so "ass" does not fire inside
// "class" and "rapist" not inside "therapist". CJK keywords have no such
// check: Chinese has no spaces between words.
import type { Bank } from './banks.js';
import { isLatinWordChar, normalizeForMatching, normalizeText } from './normalize.js';

export interface KeywordEntry {
  keyword: string;
  risks: string[];
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

interface Pattern {
  keyword: string;
  risks: string[];
  length: number;
  latin: boolean;
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

  constructor(entries: Iterable<KeywordEntry>) {
    const byNormalized = new Map<string, number>();
    for (const entry of entries) {
      const normalized = normalizeText(entry.keyword);
      if (!normalized) {
        this.skipped.push(entry.keyword);
        continue;
      }
      const known = byNormalized.get(normalized);
      if (known !== undefined) {
        const p = this.patterns[known];
        p.risks = [...new Set([...p.risks, ...entry.risks])];
        continue;
      }
      byNormalized.set(normalized, this.patterns.length);
      this.patterns.push({ keyword: entry.keyword, risks: [...entry.risks], length: normalized.length, latin: /^[a-z0-9]+$/.test(normalized) });
      this.insert(normalized, this.patterns.length - 1);
    }
    this.link();
  }

  static fromBank(bank: Bank): KeywordMatcher {
    return new KeywordMatcher(bank.rows.map((r) => ({ keyword: r.text, risks: r.risks })));
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
        const start = starts[i - p.length + 1];
        const end = ends[i];
        if (p.latin && !this.atWordBoundary(text, start, end)) continue;
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

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
