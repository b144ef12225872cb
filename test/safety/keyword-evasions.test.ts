// Keyword scanning without false alarms, measured on Heng's own test set
// (fixtures/keyword-evasions.jsonl: evasions and innocent sentences, each
// marked dev or held-out; fixtures/keyword-library.txt: the library). The
// held-out figures are the ones docs/safety.md reports; targets: ≥ 80% of
// evasions caught, ≤ 5% of innocent sentences flagged.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/safety/banks.js';
import { KeywordMatcher, parseKeywordCell } from '../../src/safety/keywords.js';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
const library = readFileSync(path.join(FIXTURES, 'keyword-library.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => parseKeywordCell(l, ['A.1.1']));
const matcher = new KeywordMatcher(library);

interface Row {
  kind: 'evasion' | 'innocent';
  text: string;
  keyword?: string;
  split: 'dev' | 'heldout';
}
const rows: Row[] = readFileSync(path.join(FIXTURES, 'keyword-evasions.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

function figures(split: Row['split']) {
  const evasions = rows.filter((r) => r.kind === 'evasion' && r.split === split);
  const innocent = rows.filter((r) => r.kind === 'innocent' && r.split === split);
  const missed = evasions.filter((r) => !matcher.scan(r.text).some((m) => m.keyword === r.keyword));
  const flagged = innocent.filter((r) => matcher.scan(r.text).length > 0);
  return {
    evasions: evasions.length,
    caught: evasions.length - missed.length,
    innocent: innocent.length,
    flagged: flagged.length,
    missed: missed.map((r) => r.text),
    falseAlarms: flagged.map((r) => `${r.text} → ${matcher.scan(r.text).map((m) => m.keyword)}`),
  };
}

describe('the keyword test set', () => {
  it('is large enough: ≥ 60 evasions and ≥ 100 innocent sentences, split dev / held-out', () => {
    expect(rows.filter((r) => r.kind === 'evasion').length).toBeGreaterThanOrEqual(60);
    expect(rows.filter((r) => r.kind === 'innocent').length).toBeGreaterThanOrEqual(100);
    expect(new Set(rows.map((r) => r.split))).toEqual(new Set(['dev', 'heldout']));
  });

  it('held-out: catches ≥ 80% of evasions and flags ≤ 5% of innocent sentences', () => {
    const dev = figures('dev');
    const held = figures('heldout');
    // Printed for docs/safety.md.
    console.log(
      `keywords dev: ${dev.caught}/${dev.evasions} caught, ${dev.flagged}/${dev.innocent} innocent flagged; missed ${JSON.stringify(dev.missed)}; false alarms ${JSON.stringify(dev.falseAlarms)}`,
    );
    console.log(
      `keywords held-out: ${held.caught}/${held.evasions} caught, ${held.flagged}/${held.innocent} innocent flagged; missed ${JSON.stringify(held.missed)}; false alarms ${JSON.stringify(held.falseAlarms)}`,
    );
    expect(held.caught / held.evasions).toBeGreaterThanOrEqual(0.8);
    expect(held.flagged / held.innocent).toBeLessThanOrEqual(0.05);
  });
});

describe('the cases of issue 14', () => {
  const keywords = (text: string) => matcher.scan(text).map((m) => m.keyword);

  it('does not flag across sentence punctuation or a line break, inside excepted words, or across English words', () => {
    for (const text of ['方法，轮功率', '西藏。独特', '滑冰\n毒舌', '往下翻，墙外', '西藏独有', '小偷翻墙', 'The hero in this story', 'Is that her? O, in the garden']) {
      expect(keywords(text), text).toEqual([]);
    }
  });

  it('flags pinyin, look-alike letters, digits, variants, split characters and abbreviations, at their original place', () => {
    const cases: Array<[string, string]> = [
      ['他在练 fa lun gong', '法轮功'],
      ['buy һеrоіn', 'heroin'],
      ['héroïn', 'heroin'],
      ['her0in', 'heroin'],
      ['氷毒', '冰毒'],
      ['番羽墙', '翻墙'],
      ['flg', '法轮功'],
    ];
    for (const [text, keyword] of cases) expect(keywords(text), text).toContain(keyword);
    const [m] = matcher.scan('教程：番羽墙。');
    expect(m).toMatchObject({ keyword: '翻墙', start: 3, end: 6, text: '番羽墙' });
  });

  it('keeps a word gap apart from letter-by-letter spacing, and multi-word keywords whole', () => {
    expect(keywords('h e r o i n')).toEqual(['heroin']);
    expect(keywords('hero in')).toEqual([]);
    expect(keywords('please kill yourself')).toEqual(['kill yourself']);
  });
});

describe('keyword library format', () => {
  it('parses except:, alias: and pinyin options, and plain cells as before', () => {
    expect(parseKeywordCell('藏独 | except: 西藏独有, 西藏独特 | alias: zd | pinyin', ['A.1.1'])).toEqual({
      keyword: '藏独',
      risks: ['A.1.1'],
      exceptions: ['西藏独有', '西藏独特'],
      aliases: ['zd'],
      pinyin: true,
    });
    expect(parseKeywordCell('敏感词', ['A.1.7'])).toEqual({ keyword: '敏感词', risks: ['A.1.7'] });
  });

  it('loads a CSV library with options, and names file, line and field of an unknown option', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-kw-'));
    const good = path.join(dir, 'kw.csv');
    writeFileSync(good, 'keyword,risk\n"翻墙 | except: 小偷翻墙",A.1.1\n敏感词,A.1.7\n');
    const m = KeywordMatcher.fromBank(await loadBank(good, { type: 'keywords' }));
    expect(m.scan('小偷翻墙').map((x) => x.keyword)).toEqual([]);
    expect(m.scan('教你翻墙；敏感词').map((x) => x.keyword)).toEqual(['翻墙', '敏感词']);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'keyword,risk\n敏感词,A.1.7\n"翻墙 | unless: 小偷翻墙",A.1.1\n');
    const bank = await loadBank(bad, { type: 'keywords' });
    expect(() => KeywordMatcher.fromBank(bank)).toThrow(/bad\.csv.*line 3.*keyword/s);
  });

  it('matches the pinyin of every Chinese keyword when the library asks for it', () => {
    const plain = new KeywordMatcher([{ keyword: '赌博', risks: ['A.1.1'] }]);
    const all = new KeywordMatcher([{ keyword: '赌博', risks: ['A.1.1'] }], { pinyin: true });
    expect(plain.scan('du bo 网站')).toEqual([]);
    expect(all.scan('du bo 网站').map((x) => x.keyword)).toEqual(['赌博']);
  });
});
