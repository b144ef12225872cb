// Numeric answer extraction: an ordered LADDER of rules, first match wins;
// within a rule the last statement wins (chain of thought ends with the
// answer). Rule ids are stored in Score.rule; docs/scorers.md lists them.
//
// What counts as a number: 42, -3, 0.25, 1,234,567 (commas only in groups of
// three), 1.5e3, fractions 3/4 (read as 0.75), LaTeX \frac{3}{4}, 3万 / 2亿
// (×10⁴ / ×10⁸). Currency before ($18, ¥18, RMB 18) and units after (18元,
// 18 dollars) are ignored. 50% is the written number 50 unless
// `percentAsFraction` (then 0.5). Not read: words ("eighteen", 十八), mixed
// numbers ("1 1/2" reads as 1/2), ranges ("5-10" reads as 10 via the last number).
import type { Item, Score, Scorer } from '../types.js';
import { InputError } from '../errors.js';
import { answerText, targets, toHalfWidth } from './normalize.js';
import type { NumericSpec } from './spec.js';

export interface NumberExtraction {
  value?: number;
  /** The number as written in the answer ("1,234", "50%", "3/4"). */
  text?: string;
  rule?: string;
}

export interface NumberOptions {
  /** Read "50%" as 0.5 (default: 50, the written number). */
  percentAsFraction?: boolean;
}

// A sign counts only when it is not a hyphen inside a word or range ("COVID-19", "5-10").
const NUMBER = String.raw`(?<num>(?:(?<![\p{L}\p{N}.])-)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?(?:\/\d+(?:\.\d+)?)?)(?<mult>\s*[万亿])?(?<pct>\s*%)?`;
const CURRENCY = String.raw`(?:(?:US\$|[$¥￥€£]|USD|RMB|CNY|人民币)\s*)?`;
const QUALIFIER_EN = String.raw`(?:(?:therefore|thus|approximately|about|around|roughly|exactly|just|simply)\s+)?`;
const QUALIFIER_ZH = String.raw`(?:约|大约|约为|共|一共|总共)?`;

interface Rule {
  id: string;
  /** Each pattern ends in NUMBER; the last match over all patterns wins. */
  patterns: string[];
  ignoreCase?: boolean;
}

/** The ladder, in order. docs/scorers.md mirrors this list: keep them in step. */
export const NUMERIC_RULES: readonly Rule[] = [
  // GSM8K's final line: "#### 42"
  { id: 'num.hash', patterns: [String.raw`####\s*${CURRENCY}${NUMBER}`] },
  // \boxed{42}, \boxed{\$18}, \boxed{x = 5}, \boxed{\frac{3}{4}}
  { id: 'num.boxed', patterns: [String.raw`\\boxed\s*\{\s*(?:[a-zA-Z]\s*=\s*)?${CURRENCY}${NUMBER}`] },
  {
    id: 'num.answer-is-zh',
    patterns: [
      // 答案是 42 / 答案：42 / 最终答案为 -3 / 【答案】18 / 结果是 1,234
      String.raw`(?:最终|正确)?(?:答案|结果)\s*(?:应该|应|就|约|大约)?\s*(?:是|为|[:=】\]])\s*:?\s*${QUALIFIER_ZH}\s*${CURRENCY}${NUMBER}`,
      // "答：他需要支付18元。" — the last number of the 答 sentence
      String.raw`(?:^|\n|。)\s*答\s*:[^\n。]*?${CURRENCY}${NUMBER}(?=[^\n。\d]*(?:[\n。]|$))`,
    ],
  },
  {
    id: 'num.answer-is-en',
    // "The answer is 42", "Final answer: $18", "answer = 1,234"
    patterns: [String.raw`\banswer\s*(?:(?:is|would\s+be|should\s+be|will\s+be)\s*:?|[:=])\s*${QUALIFIER_EN}${CURRENCY}${NUMBER}`],
    ignoreCase: true,
  },
  // Fallback: the last number anywhere in the answer.
  { id: 'num.last-number', patterns: [NUMBER] },
];

const compiled = new Map<string, RegExp>();
function regex(source: string, flags: string): RegExp {
  const key = `${flags}:${source}`;
  let re = compiled.get(key);
  if (!re) compiled.set(key, (re = new RegExp(source, flags)));
  re.lastIndex = 0;
  return re;
}

/** LaTeX and typography that only dress a number: \frac{a}{b}, \$, \%, 1{,}000, 1\,000, −5. */
function cleanForNumber(output: string): string {
  return toHalfWidth(answerText(output))
    .replace(/\\[dt]?frac\s*\{\s*(-?[\d.,]+)\s*\}\s*\{\s*([\d.,]+)\s*\}/g, '$1/$2')
    .replace(/\\text\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\([$%])/g, '$1')
    .replace(/\{,\}/g, ',')
    .replace(/(\d)\\,(?=\d{3})/g, '$1')
    .replace(/[\u2212\u2013]/g, '-')
    .replace(/[*`]/g, '');
}

type NumberGroups = { num: string; mult?: string; pct?: string };

function groupValue(g: NumberGroups, options: NumberOptions): number | undefined {
  const plain = g.num.replace(/,/g, '');
  let value: number;
  if (plain.includes('/')) {
    const [a, b] = plain.split('/').map(Number);
    if (!b) return undefined;
    value = a / b;
  } else value = Number(plain);
  const mult = g.mult?.trim();
  if (mult === '万') value *= 1e4;
  if (mult === '亿') value *= 1e8;
  if (g.pct && options.percentAsFraction) value /= 100;
  return Number.isFinite(value) ? value : undefined;
}

function written(g: NumberGroups): string {
  return `${g.num}${g.mult?.trim() ?? ''}${g.pct ? '%' : ''}`;
}

/** Read the final numeric answer from a model output. */
export function extractNumber(output: string, options: NumberOptions = {}): NumberExtraction {
  const text = cleanForNumber(output);
  for (const rule of NUMERIC_RULES) {
    let last: { at: number; g: NumberGroups } | undefined;
    for (const source of rule.patterns) {
      for (const m of text.matchAll(regex(source, rule.ignoreCase ? 'giu' : 'gu'))) {
        const g = m.groups as NumberGroups;
        const at = m.index + m[0].length;
        if (!last || at >= last.at) last = { at, g };
      }
    }
    if (!last) continue;
    const value = groupValue(last.g, options);
    if (value !== undefined) return { value, text: written(last.g), rule: rule.id };
  }
  return {};
}

/** A reference answer written as one number ("18", "$18", "1,234", "3/4", "50%", "3万元"); undefined otherwise. */
export function parseNumber(s: string, options: NumberOptions = {}): number | undefined {
  const matches = [...cleanForNumber(s).matchAll(regex(NUMBER, 'gu'))];
  return matches.length === 1 ? groupValue(matches[0].groups as NumberGroups, options) : undefined;
}

/** GSM8K gold: the text after the last "#### ", commas removed. */
export function parseGoldNumber(s: string): number | undefined {
  const i = s.lastIndexOf('####');
  const tail = (i >= 0 ? s.slice(i + 4) : s).replace(/,/g, '').trim();
  return parseNumber(tail);
}

/** |a − b| ≤ tolerance, or ≤ tolerance × max(|a|, |b|) when relative. */
export function numbersEqual(a: number, b: number, tolerance = 1e-6, relative = false): boolean {
  return Math.abs(a - b) <= (relative ? tolerance * Math.max(Math.abs(a), Math.abs(b)) : tolerance);
}

export function numericScorer(spec: NumericSpec): Scorer {
  const options = { percentAsFraction: spec.percentAsFraction };
  const goldNumbers = (item: Item) => {
    const golds = targets(item.target).map((t) => {
      const v = parseNumber(t, options);
      if (v === undefined) throw new InputError(`target "${t}" is not a single number`, { field: `target (item ${item.id})` });
      return v;
    });
    if (!golds.length) throw new InputError('numeric item has no target', { field: `target (item ${item.id})` });
    return golds;
  };
  return {
    name: 'numeric',
    check: (item) => void goldNumbers(item),
    score({ output, item }): Score {
      const golds = goldNumbers(item);
      const { value, text, rule } = extractNumber(output, options);
      if (value === undefined) return { value: 0, outcome: 'unparseable', rule: 'num.none' };
      const ok = golds.some((g) => numbersEqual(value, g, spec.tolerance, spec.relative));
      return { value: ok ? 1 : 0, outcome: ok ? 'correct' : 'wrong', extracted: text, rule, detail: { number: value } };
    },
  };
}
