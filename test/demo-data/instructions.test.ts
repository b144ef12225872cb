import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { countBullets, countChars, createInstructionsScorer, detectLanguage, parseChecks, runCheck, type InstructionCheck } from '../../src/scorers/instructions.js';
import type { Item, Score } from '../../src/types.js';

const item = (checks: unknown, id = 'if-1'): Item => ({ id, fields: { checks } });
const score = (output: string, checks: unknown, options = {}) => createInstructionsScorer(options).score({ output, item: item(checks), messages: [] }) as Score;
const passes = (check: InstructionCheck, output: string) => runCheck(check, output).pass;

describe('character counting', () => {
  it('counts code points and skips whitespace', () => {
    expect(countChars('合同编号')).toBe(4);
    expect(countChars('合同 编号\n')).toBe(4);
    expect(countChars('你好，world!')).toBe(9);
    // An astral-plane character is one character, not two UTF-16 units.
    expect(countChars('𠀀a')).toBe(2);
  });

  it('max_chars and min_chars use that count', () => {
    expect(passes({ type: 'max_chars', value: 4 }, '合同 编号')).toBe(true);
    expect(passes({ type: 'max_chars', value: 3 }, '合同编号')).toBe(false);
    expect(passes({ type: 'min_chars', value: 4 }, '合同编号')).toBe(true);
    expect(passes({ type: 'min_chars', value: 5 }, '合同编号')).toBe(false);
  });
});

describe('bullets and lines', () => {
  it('recognises markdown, numbered and Chinese list markers', () => {
    expect(countBullets('- a\n* b\n• c')).toBe(3);
    expect(countBullets('1. 核对身份\n2) 冻结账户\n3、补办卡片\n（4）回访')).toBe(4);
    expect(countBullets('一、背景\n二、措施')).toBe(2);
  });

  it('does not take a decimal number or a plain sentence for a bullet', () => {
    expect(countBullets('1.5%的年利率\n普通句子。\n-3 度')).toBe(0);
    expect(countBullets('-3度')).toBe(0);
  });

  it('bullet_count supports an exact value and a range', () => {
    const three = '- 一\n- 二\n- 三';
    expect(passes({ type: 'bullet_count', value: 3 }, three)).toBe(true);
    expect(passes({ type: 'bullet_count', value: 2 }, three)).toBe(false);
    expect(passes({ type: 'bullet_count', min: 2, max: 3 }, three)).toBe(true);
    expect(passes({ type: 'bullet_count', max: 2 }, three)).toBe(false);
  });

  it('line_count counts non-empty lines', () => {
    expect(passes({ type: 'line_count', min: 2, max: 3 }, 'a\n\nb\n')).toBe(true);
    expect(passes({ type: 'line_count', min: 3 }, 'a\n\nb\n')).toBe(false);
  });
});

describe('text checks', () => {
  it('must_include needs every phrase, case- and width-insensitively', () => {
    expect(passes({ type: 'must_include', value: ['合同编号', 'API'] }, '合同编号见 ＡＰＩ 文档')).toBe(true);
    expect(passes({ type: 'must_include', value: ['合同编号', '金额'] }, '合同编号：X-1')).toBe(false);
    expect(passes({ type: 'must_include', value: 'refund' }, 'Your REFUND is on its way')).toBe(true);
  });

  it('must_not_include fails on any listed phrase', () => {
    expect(passes({ type: 'must_not_include', value: ['抱歉', '对不起'] }, '非常抱歉给您带来不便')).toBe(false);
    expect(passes({ type: 'must_not_include', value: ['抱歉'] }, '感谢您的耐心')).toBe(true);
  });

  it('starts_with and ends_with ignore surrounding whitespace only', () => {
    expect(passes({ type: 'starts_with', value: '尊敬的客户' }, '\n 尊敬的客户：您好')).toBe(true);
    expect(passes({ type: 'starts_with', value: '尊敬的客户' }, '您好，尊敬的客户')).toBe(false);
    expect(passes({ type: 'ends_with', value: '祝您生活愉快。' }, '……祝您生活愉快。\n')).toBe(true);
    expect(passes({ type: 'ends_with', value: '祝您生活愉快。' }, '祝您生活愉快！')).toBe(false);
  });

  it('regex honours flags', () => {
    expect(passes({ type: 'regex', value: '^ref-\\d{4}$', flags: 'i' }, 'REF-2024')).toBe(true);
    expect(passes({ type: 'regex', value: '^ref-\\d{4}$' }, 'REF-2024')).toBe(false);
  });
});

describe('json', () => {
  it('accepts the whole answer as JSON, or one fence around all of it', () => {
    expect(passes({ type: 'json' }, '{"a": 1}')).toBe(true);
    expect(passes({ type: 'json' }, '```json\n{"a": 1}\n```')).toBe(true);
  });

  it('rejects JSON wrapped in prose', () => {
    expect(passes({ type: 'json' }, '结果如下：{"a": 1}')).toBe(false);
    expect(passes({ type: 'json' }, "{'a': 1}")).toBe(false);
  });

  it('checks required keys of an object', () => {
    expect(passes({ type: 'json', keys: ['name', 'amount'] }, '{"name": "张三", "amount": 3}')).toBe(true);
    const r = runCheck({ type: 'json', keys: ['name', 'amount'] }, '{"name": "张三"}');
    expect(r.pass).toBe(false);
    expect(r.note).toContain('amount');
    expect(passes({ type: 'json', keys: ['name'] }, '["name"]')).toBe(false);
  });
});

describe('language', () => {
  it('tells Chinese, English, mixed and none apart', () => {
    expect(detectLanguage('请通过 API 提交备案材料。')).toBe('zh');
    expect(detectLanguage('Please submit the filing documents.')).toBe('en');
    expect(detectLanguage('Please submit 备案材料 before Friday, thanks a lot.')).toBe('mixed');
    expect(detectLanguage('12345 !')).toBe('none');
  });

  it('the language check passes only on a match', () => {
    expect(passes({ type: 'language', value: 'en' }, 'Thank you for your patience.')).toBe(true);
    expect(passes({ type: 'language', value: 'en' }, '感谢您的耐心等待。')).toBe(false);
  });
});

describe('the scorer', () => {
  const checks = [
    { type: 'starts_with', value: '尊敬的客户' },
    { type: 'max_chars', value: 30 },
    { type: 'must_not_include', value: ['抱歉'] },
  ];

  it('scores 1 only when every check passes, listing each check', () => {
    const ok = score('尊敬的客户，您的退款已于今日到账。', checks);
    expect(ok).toMatchObject({ value: 1, outcome: 'correct', rule: 'instructions', detail: { passed: 3, total: 3 } });
    const bad = score('尊敬的客户，抱歉，退款仍在处理中。', checks);
    expect(bad).toMatchObject({ value: 0, outcome: 'wrong', detail: { passed: 2, total: 3 } });
    const failed = (bad.detail!.checks as Array<{ type: string; pass: boolean }>).filter((c) => !c.pass);
    expect(failed.map((c) => c.type)).toEqual(['must_not_include']);
  });

  it('gives the share of checks passed in fraction mode', () => {
    const s = score('您好，抱歉，退款仍在处理中。', checks, { mode: 'fraction' });
    expect(s.value).toBeCloseTo(1 / 3);
    expect(s.outcome).toBe('wrong');
  });

  it('reads checks from another field and adds task-wide checks', () => {
    const scorer = createInstructionsScorer({ field: 'constraints', checks: [{ type: 'language', value: 'en' }] });
    const it2: Item = { id: 'x', fields: { constraints: [{ type: 'max_chars', value: 10 }] } };
    expect((scorer.score({ output: 'Short.', item: it2, messages: [] }) as Score).value).toBe(1);
    expect((scorer.score({ output: '很短。', item: it2, messages: [] }) as Score).value).toBe(0);
    // Task-wide checks alone are enough when the item has none.
    expect((scorer.score({ output: 'Fine.', item: { id: 'y', fields: {} }, messages: [] }) as Score).value).toBe(1);
  });

  it('rejects bad checks with an InputError naming the item and the check', () => {
    expect(() => score('x', [{ type: 'max_chars' }])).toThrow(InputError);
    expect(() => score('x', [{ type: 'max_chars' }])).toThrow(/item "if-1": check 0/);
    expect(() => score('x', [{ type: 'bullet_count' }])).toThrow(/"value", "min" or "max"/);
    expect(() => score('x', [{ type: 'regex', value: '(' }])).toThrow(/regular expression/);
    expect(() => score('x', [{ type: 'shout' }])).toThrow(InputError);
    expect(() => score('x', undefined)).toThrow(/non-empty array/);
    expect(() => parseChecks([{ type: 'json', extra: 1 }])).toThrow(InputError);
  });
});
