import { afterAll, describe, expect, it } from 'vitest';
import { CHOICE_RULES, extractChoice } from '../../src/scorers/choice.js';
import { readCorpus } from './corpus.js';

interface Case {
  output: string;
  expected: string; // a letter or "unparseable"
  rule: string; // "mc.none" when no rule matched
  ambiguous?: string[];
  letters?: string;
  choices?: Record<string, string>;
}

const corpus = readCorpus<Case>('choice-corpus.jsonl');
const knownRules = new Set([...CHOICE_RULES.map((r) => r.id), 'mc.none']);
let right = 0;

describe('multiple-choice extraction corpus', () => {
  it('has at least 200 answers, covering every rule and unparseable ones', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    for (const c of corpus) expect(knownRules, c.output).toContain(c.rule);
    expect(new Set(corpus.map((c) => c.rule))).toEqual(knownRules);
    expect(corpus.filter((c) => c.expected === 'unparseable').length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus.map((c, i) => [i + 1, c] as const))('line %i', (_line, c) => {
    const got = extractChoice(c.output, c.letters ?? 'ABCD', c.choices);
    expect({ letter: got.letter ?? 'unparseable', rule: got.rule ?? 'mc.none', ambiguous: got.ambiguous }).toEqual({
      letter: c.expected,
      rule: c.rule,
      ambiguous: c.ambiguous,
    });
    right++;
  });

  afterAll(() => {
    console.log(`choice corpus: ${right}/${corpus.length} read as expected (${((100 * right) / corpus.length).toFixed(1)}%)`);
  });
});
