import { afterAll, describe, expect, it } from 'vitest';
import { NUMERIC_RULES, extractNumber } from '../../src/scorers/numeric.js';
import { readCorpus } from './corpus.js';

interface Case {
  output: string;
  expected: number | 'unparseable';
  rule: string; // "num.none" when no rule matched
  percentAsFraction?: boolean;
}

const corpus = readCorpus<Case>('numeric-corpus.jsonl');
const knownRules = new Set([...NUMERIC_RULES.map((r) => r.id), 'num.none']);
let right = 0;

describe('numeric extraction corpus', () => {
  it('has at least 100 answers, covering every rule', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    expect(new Set(corpus.map((c) => c.rule))).toEqual(knownRules);
  });

  it.each(corpus.map((c, i) => [i + 1, c] as const))('line %i', (_line, c) => {
    const got = extractNumber(c.output, { percentAsFraction: c.percentAsFraction });
    expect(got.rule ?? 'num.none').toBe(c.rule);
    if (c.expected === 'unparseable') expect(got.value).toBeUndefined();
    else expect(got.value).toBeCloseTo(c.expected, 9);
    right++;
  });

  afterAll(() => {
    console.log(`numeric corpus: ${right}/${corpus.length} read as expected (${((100 * right) / corpus.length).toFixed(1)}%)`);
  });
});
