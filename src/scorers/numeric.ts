// Numeric answer extraction: an ordered ladder of rules (docs/scorers.md).
import { toHalfWidth } from './normalize.js';

export interface NumberExtraction {
  value?: number;
  text?: string;
  rule?: string;
}

// 1,234.5 | -3 | 0.25 | 3/4 (a fraction is read as its value)
const NUM = String.raw`-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?(?:\/\d+(?:\.\d+)?)?`;

const RULES: Array<{ id: string; re: RegExp }> = [
  { id: 'num.hash', re: new RegExp(String.raw`####\s*[$¥￥]?\s*(${NUM})`, 'g') },
  { id: 'num.boxed', re: new RegExp(String.raw`\\boxed\{\s*[$¥]?\s*(${NUM})`, 'g') },
  { id: 'num.answer-is-zh', re: new RegExp(String.raw`(?:答案|结果|答)\s*(?:应该|应)?\s*(?:是|为|：|:|=)\s*(?:约|大约)?\s*[$¥￥]?\s*(${NUM})`, 'g') },
  { id: 'num.answer-is-en', re: new RegExp(String.raw`answer\s*(?:is|:|=)\s*(?:about|approximately)?\s*[$¥]?\s*(${NUM})`, 'gi') },
  { id: 'num.last-number', re: new RegExp(String.raw`(${NUM})`, 'g') },
];

export function parseNumber(s: string): number | undefined {
  const t = s.replace(/,/g, '').trim();
  if (t.includes('/')) {
    const [a, b] = t.split('/').map(Number);
    return b ? a / b : undefined;
  }
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** GSM8K gold: the text after "#### ", commas removed. */
export function parseGoldNumber(s: string): number | undefined {
  const i = s.lastIndexOf('####');
  return parseNumber(i >= 0 ? s.slice(i + 4) : s);
}

export function extractNumber(output: string): NumberExtraction {
  const text = toHalfWidth(output);
  for (const { id, re } of RULES) {
    const matches = [...text.matchAll(re)];
    if (!matches.length) continue;
    const raw = matches[matches.length - 1][1];
    const value = parseNumber(raw);
    if (value !== undefined) return { value, text: raw, rule: id };
  }
  return {};
}

export function numbersEqual(a: number, b: number, tolerance = 1e-6, relative = false): boolean {
  return Math.abs(a - b) <= (relative ? tolerance * Math.max(Math.abs(a), Math.abs(b)) : tolerance);
}
