import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from '../../src/safety/keywords.js';
import { normalizeForMatching, normalizeText } from '../../src/safety/normalize.js';

const matcher = new KeywordMatcher([
  { keyword: '敏感词', risks: ['A.1.7'] },
  { keyword: '违禁品', risks: ['A.1.8'] },
  { keyword: 'spaced', risks: ['A.2.9'] },
  { keyword: 'ass', risks: ['A.4.3'] },
  { keyword: 'rapist', risks: ['A.1.6'] },
  { keyword: 'he', risks: ['A.2.5'] },
  { keyword: 'she', risks: ['A.2.5'] },
  { keyword: 'hers', risks: ['A.2.5'] },
  { keyword: '---', risks: ['A.1.1'] },
]);

describe('normalizeText', () => {
  it('folds traditional, full-width, case and separators', () => {
    expect(normalizeText('敏感詞')).toBe('敏感词');
    expect(normalizeText('臺灣 頭髮')).toBe('台湾头发');
    expect(normalizeText('ＳＰＡＣＥＤ')).toBe('spaced');
    expect(normalizeText('s p a c e d')).toBe('spaced');
    expect(normalizeText('敏-感-词')).toBe('敏感词');
    expect(normalizeText('敏\u200b感\u200d词')).toBe('敏感词');
    // l and i fold together (1 is written for both); sentence punctuation is a barrier, not part of the text.
    expect(normalizeText('Ｈｅｌｌｏ，ＷＯＲＬＤ！')).toBe('heiioworid');
  });

  it('maps every normalized unit back to its original span', () => {
    const input = 'a-Ｂ 😀c';
    const n = normalizeForMatching(input);
    expect(n.length).toBe(3);
    expect([...n.starts.subarray(0, 3)]).toEqual([0, 2, 6]);
    expect([...n.ends.subarray(0, 3)]).toEqual([1, 3, 7]);
  });
});

describe('KeywordMatcher', () => {
  const found = (text: string) => matcher.scan(text).map((m) => [m.keyword, m.text]);

  it('catches evasions and reports the original span', () => {
    for (const text of ['这里有敏感詞。', '这里有ＳＰＡＣＥＤ', '敏-感-词', '敏 感 词', '敏\u200b感\u200b词', 's p a c e d', '違禁品']) {
      expect(matcher.scan(text).length, text).toBeGreaterThan(0);
    }
    const [m] = matcher.scan('前缀 敏-感-詞 后缀');
    expect(m).toMatchObject({ keyword: '敏感词', risks: ['A.1.7'], start: 3, end: 8, text: '敏-感-詞' });
  });

  it('respects word boundaries for latin keywords', () => {
    expect(found('a class of students')).toEqual([]);
    expect(found('see a therapist')).toEqual([]);
    expect(found('You ass.')).toEqual([['ass', 'ass']]);
    expect(found('the rapist was arrested')).toEqual([['rapist', 'rapist']]);
  });

  it('finds overlapping keywords (Aho–Corasick output links)', () => {
    const keys = found('ushers').map(([k]) => k);
    // "ushers" is one latin word: none of he/she/hers stands alone in it.
    expect(keys).toEqual([]);
    const cjk = new KeywordMatcher([
      { keyword: '他她', risks: ['A.2.5'] },
      { keyword: '她们', risks: ['A.2.5'] },
      { keyword: '他她们', risks: ['A.2.5'] },
    ]);
    expect(
      cjk
        .scan('说他她们')
        .map((m) => m.keyword)
        .sort(),
    ).toEqual(['他她', '他她们', '她们']);
  });

  it('skips keywords that normalize to nothing and merges duplicates', () => {
    expect(matcher.skipped).toEqual(['---']);
    const m = new KeywordMatcher([
      { keyword: '敏感词', risks: ['A.1.7'] },
      { keyword: '敏感詞', risks: ['A.2.1'] },
    ]);
    expect(m.size).toBe(1);
    expect(m.scan('敏感词')[0].risks).toEqual(['A.1.7', 'A.2.1']);
  });

  it('does not match across a CJK keyword that is only partly present', () => {
    expect(found('敏感的话题')).toEqual([]);
  });
});
