import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { createScorer, extractChoice, extractJson, parseGoldNumber, parseNumber, numbersEqual, registerScorer, normalizeText } from '../../src/scorers/index.js';
import type { Item, Score } from '../../src/types.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const ctx = { baseDir: fixtures };

function item(target?: string | string[], extra: Partial<Item> = {}): Item {
  return { id: 'it-1', fields: {}, target, ...extra };
}

async function score(spec: Record<string, unknown> & { type: string }, output: string, it: Item): Promise<Score> {
  const scorer = await createScorer(spec, ctx);
  return scorer.score({ output, item: it, messages: [] });
}

async function inputError(run: () => Promise<unknown>): Promise<InputError> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('spec validation', () => {
  it('rejects unknown types and names the valid ones', async () => {
    const err = await inputError(() => createScorer({ type: 'fuzzy' }, ctx));
    expect(err.message).toContain('unknown scorer type "fuzzy"');
    expect(err.hint).toContain('choice');
  });

  it('rejects unknown options, naming the field and the config file', async () => {
    const err = await inputError(() => createScorer({ type: 'numeric', tol: 1 }, { ...ctx, place: { file: 'heng.yaml', line: 12, field: 'tasks[0].scorers[0]' } }));
    expect(err.place).toEqual({ file: 'heng.yaml', line: 12, field: 'tasks[0].scorers[0].tol' });
  });

  it('rejects bad regexes, letters and json-schema specs at load time', async () => {
    expect((await inputError(() => createScorer({ type: 'regex', pattern: '(' }, ctx))).place.field).toBe('scorers.pattern');
    await inputError(() => createScorer({ type: 'choice', letters: 'ABCK' }, ctx));
    await inputError(() => createScorer({ type: 'choice', letters: 'AAB' }, ctx));
    await inputError(() => createScorer({ type: 'json-schema' }, ctx));
    await inputError(() => createScorer({ type: 'json-schema', schema: { type: 'no-such-type' } }, ctx));
    await inputError(() => createScorer({ type: 'numeric', tolerance: -1 }, ctx));
  });
});

describe('exact', () => {
  it('compares trimmed text, any target', async () => {
    expect((await score({ type: 'exact' }, ' Beijing\n', item(['Peking', 'Beijing']))).outcome).toBe('correct');
    expect((await score({ type: 'exact' }, 'beijing', item('Beijing'))).outcome).toBe('wrong');
    expect((await score({ type: 'exact', trim: false }, ' Beijing', item('Beijing'))).outcome).toBe('wrong');
  });

  it('throws InputError when the item has no target', async () => {
    const scorer = await createScorer({ type: 'exact' }, ctx);
    expect(() => scorer.score({ output: 'x', item: item(), messages: [] })).toThrow(InputError);
  });
});

describe('normalized', () => {
  it('ignores case, whitespace, Western and Chinese punctuation, full width', async () => {
    expect(normalizeText('  Hello,   World! ')).toBe('hello world');
    expect(normalizeText('北京 市。')).toBe('北京市');
    expect(normalizeText('ＡＢＣ１２３')).toBe('abc123');
    expect((await score({ type: 'normalized' }, '“张三”，男，35岁。', item('张三 男 35岁'))).outcome).toBe('correct');
    expect((await score({ type: 'normalized' }, 'ＯＫ！', item('ok'))).outcome).toBe('correct');
    expect((await score({ type: 'normalized' }, 'Shanghai', item('Beijing'))).outcome).toBe('wrong');
  });
});

describe('contains', () => {
  it('any target by default, case-sensitive unless ignoreCase', async () => {
    expect((await score({ type: 'contains' }, 'The capital is Paris.', item(['Paris', 'Lyon']))).outcome).toBe('correct');
    expect((await score({ type: 'contains' }, 'the capital is paris.', item('Paris'))).outcome).toBe('wrong');
    expect((await score({ type: 'contains', ignoreCase: true }, 'the capital is paris.', item('Paris'))).outcome).toBe('correct');
  });

  it('all: true needs every string and reports the missing ones', async () => {
    const s = await score({ type: 'contains', all: true }, '甲方：华为；乙方：阿里', item(['华为', '阿里', '腾讯']));
    expect(s.outcome).toBe('wrong');
    expect(s.detail).toEqual({ missing: ['腾讯'] });
    expect((await score({ type: 'contains', all: true }, '甲方：华为；乙方：阿里', item(['华为', '阿里']))).outcome).toBe('correct');
  });
});

describe('regex', () => {
  it('without extract: a match is correct', async () => {
    expect((await score({ type: 'regex', pattern: '^\\d{6}$' }, '100080', item())).outcome).toBe('correct');
    expect((await score({ type: 'regex', pattern: '^\\d{6}$' }, '10008', item())).outcome).toBe('wrong');
  });

  it('with extract: the group is compared with the target; no match is unparseable', async () => {
    const spec = { type: 'regex', pattern: '订单号[:：]\\s*(?<id>[A-Z]\\d+)', extract: 'id' };
    expect(await score(spec, '订单号：A123，请查收', item('A123'))).toMatchObject({ outcome: 'correct', extracted: 'A123', rule: 'regex.extract' });
    expect((await score(spec, '订单号：A124', item('A123'))).outcome).toBe('wrong');
    expect(await score(spec, '没有订单', item('A123'))).toMatchObject({ outcome: 'unparseable', rule: 'regex.none' });
    expect((await score({ type: 'regex', pattern: 'answer: (\\w+)', flags: 'i', extract: 1 }, 'ANSWER: yes', item('yes'))).outcome).toBe('correct');
  });
});

describe('choice', () => {
  const mc = item('C', { choices: { A: '北京', B: '上海', C: '广州', D: '深圳' } });

  it('scores extracted letters and stores the rule', async () => {
    expect(await score({ type: 'choice' }, '分析……故选C。', mc)).toEqual({ value: 1, outcome: 'correct', extracted: 'C', rule: 'mc.choose-zh' });
    expect(await score({ type: 'choice' }, 'The answer is (B).', mc)).toMatchObject({ value: 0, outcome: 'wrong', extracted: 'B' });
  });

  it('never guesses: "Answer: Let\'s think…" is unparseable, and so is an ambiguous answer', async () => {
    expect(await score({ type: 'choice' }, "Answer: Let's think step by step.", mc)).toEqual({ value: 0, outcome: 'unparseable', rule: 'mc.none' });
    expect(await score({ type: 'choice' }, '答案是B或C', mc)).toEqual({ value: 0, outcome: 'unparseable', rule: 'mc.answer-is-zh', detail: { ambiguous: ['B', 'C'] } });
  });

  it('reads letters from the item choices, or the spec', async () => {
    const five = item('E', { choices: { A: '1', B: '2', C: '3', D: '4', E: '5' } });
    expect((await score({ type: 'choice' }, 'Answer: E', five)).outcome).toBe('correct');
    expect((await score({ type: 'choice', letters: 'ABCD' }, 'Answer: E', { ...five, target: 'A' })).outcome).toBe('unparseable');
    expect((await score({ type: 'choice' }, 'Answer: E', item('A'))).outcome).toBe('unparseable');
  });

  it('accepts a target written as the option text, and several acceptable letters', async () => {
    expect((await score({ type: 'choice' }, '答案：C', { ...mc, target: '广州' })).outcome).toBe('correct');
    expect((await score({ type: 'choice' }, '答案：D', { ...mc, target: ['C', 'D'] })).outcome).toBe('correct');
    expect((await score({ type: 'choice' }, '答案：D', { ...mc, target: '(C)' })).outcome).toBe('wrong');
  });

  it('throws InputError for a target that is not a letter or an option', async () => {
    const scorer = await createScorer({ type: 'choice' }, ctx);
    expect(() => scorer.score({ output: 'C', item: { ...mc, target: '杭州' }, messages: [] })).toThrow(InputError);
  });

  it('a letter inside a word never counts', () => {
    expect(extractChoice('Answer: Let me see').letter).toBeUndefined();
    expect(extractChoice('The answer is Arsenic.').letter).toBeUndefined();
    expect(extractChoice('答案是C').letter).toBe('C');
  });
});

describe('numeric', () => {
  it('compares with absolute tolerance', async () => {
    expect(await score({ type: 'numeric' }, 'The answer is 18.', item('18'))).toMatchObject({ value: 1, outcome: 'correct', extracted: '18', rule: 'num.answer-is-en' });
    expect((await score({ type: 'numeric' }, 'The answer is 18.0000001', item('18'))).outcome).toBe('correct');
    expect((await score({ type: 'numeric' }, 'The answer is 18.01', item('18'))).outcome).toBe('wrong');
    expect((await score({ type: 'numeric', tolerance: 0.05 }, 'The answer is 18.01', item('18'))).outcome).toBe('correct');
  });

  it('compares with relative tolerance', async () => {
    expect((await score({ type: 'numeric', tolerance: 0.01, relative: true }, '答案是 1,005,000', item('1000000'))).outcome).toBe('correct');
    expect((await score({ type: 'numeric', tolerance: 0.01, relative: true }, '答案是 1,020,000', item('1000000'))).outcome).toBe('wrong');
  });

  it('reads GSM8K golds, fractions, currency and percentages', async () => {
    expect(parseGoldNumber('She sold 48/2 = 24 clips.\n#### 1,072')).toBe(1072);
    expect(parseNumber('$18')).toBe(18);
    expect(parseNumber('3/4')).toBe(0.75);
    expect(parseNumber('50%')).toBe(50);
    expect(parseNumber('50%', { percentAsFraction: true })).toBe(0.5);
    expect(parseNumber('between 3 and 4')).toBeUndefined();
    expect((await score({ type: 'numeric' }, '#### 0.75', item('3/4'))).outcome).toBe('correct');
    expect((await score({ type: 'numeric', percentAsFraction: true }, 'The answer is 50%', item('0.5'))).outcome).toBe('correct');
    expect((await score({ type: 'numeric' }, 'The answer is 50%', item('0.5'))).outcome).toBe('wrong');
  });

  it('no number is unparseable; a non-numeric target is an InputError', async () => {
    expect(await score({ type: 'numeric' }, '我无法回答。', item('18'))).toEqual({ value: 0, outcome: 'unparseable', rule: 'num.none' });
    const scorer = await createScorer({ type: 'numeric' }, ctx);
    expect(() => scorer.score({ output: '18', item: item('eighteen'), messages: [] })).toThrow(InputError);
  });

  it('numbersEqual', () => {
    expect(numbersEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(numbersEqual(100, 101, 0.01, true)).toBe(true);
    expect(numbersEqual(100, 102, 0.01, true)).toBe(false);
  });
});

describe('json', () => {
  it('extracts from a fence, the whole text, or a balanced span', () => {
    expect(extractJson('Here:\n```json\n{"a": 1}\n```\nDone.')).toMatchObject({ ok: true, value: { a: 1 }, rule: 'json.fence' });
    expect(extractJson('  [1, 2]  ')).toMatchObject({ ok: true, value: [1, 2], rule: 'json.whole' });
    expect(extractJson('结果如下：{"name": "张三", "note": "含}括号"} 以上。')).toMatchObject({ ok: true, value: { name: '张三', note: '含}括号' }, rule: 'json.span' });
    expect(extractJson('{not json}')).toEqual({ ok: false });
  });

  it('valid JSON is correct, invalid is unparseable', async () => {
    expect(await score({ type: 'json' }, '```json\n{"ok": true}\n```', item())).toMatchObject({ outcome: 'correct', rule: 'json.fence' });
    expect(await score({ type: 'json' }, 'Sorry, I cannot.', item())).toEqual({ value: 0, outcome: 'unparseable', rule: 'json.none' });
  });

  it('equals: true compares with the target, ignoring key order', async () => {
    expect((await score({ type: 'json', equals: true }, '{"b": [1, 2], "a": "x"}', item('{"a":"x","b":[1,2]}'))).outcome).toBe('correct');
    expect((await score({ type: 'json', equals: true }, '{"b": [2, 1], "a": "x"}', item('{"a":"x","b":[1,2]}'))).outcome).toBe('wrong');
  });
});

describe('json-schema', () => {
  const schema = {
    type: 'object',
    required: ['company', 'amount'],
    properties: { company: { type: 'string' }, amount: { type: 'number', minimum: 0 } },
    additionalProperties: false,
  };

  it('validates against a fixed schema', async () => {
    expect((await score({ type: 'json-schema', schema }, '```json\n{"company": "华为", "amount": 12.5}\n```', item())).outcome).toBe('correct');
    const bad = await score({ type: 'json-schema', schema }, '{"company": "华为", "amount": -1}', item());
    expect(bad.outcome).toBe('wrong');
    expect(String(bad.detail?.errors)).toContain('amount');
    expect((await score({ type: 'json-schema', schema }, 'no json here', item())).outcome).toBe('unparseable');
  });

  it('validates against a per-item schema field (object or JSON text)', async () => {
    const spec = { type: 'json-schema', schemaField: 'schema' };
    expect((await score(spec, '{"company": "x", "amount": 1}', item(undefined, { fields: { schema } }))).outcome).toBe('correct');
    expect((await score(spec, '{"company": 1}', item(undefined, { fields: { schema: JSON.stringify(schema) } }))).outcome).toBe('wrong');
    const scorer = await createScorer(spec, ctx);
    expect(() => scorer.score({ output: '{}', item: item(), messages: [] })).toThrow(InputError);
  });
});

describe('custom', () => {
  it('loads a factory relative to baseDir and passes the other options', async () => {
    const scorer = await createScorer({ type: 'custom', module: './length-scorer.ts', max: 3 }, ctx);
    expect(scorer.name).toBe('length');
    expect(await scorer.score({ output: 'abc', item: item(), messages: [] })).toMatchObject({ outcome: 'correct', rule: 'length.max' });
    expect(await scorer.score({ output: 'abcd', item: item(), messages: [] })).toMatchObject({ outcome: 'wrong' });
  });

  it('loads a Scorer object (async score, partial credit)', async () => {
    const scorer = await createScorer({ type: 'custom', module: 'polite-scorer.ts' }, ctx);
    expect(await scorer.score({ output: '请稍等，谢谢', item: item(), messages: [] })).toEqual({ value: 1, outcome: 'correct' });
    expect(await scorer.score({ output: 'please wait', item: item(), messages: [] })).toEqual({ value: 0.5, outcome: 'correct' });
  });

  it('a missing module or a non-scorer export is an InputError', async () => {
    expect((await inputError(() => createScorer({ type: 'custom', module: './nope.ts' }, ctx))).place.field).toBe('module');
    await inputError(() => createScorer({ type: 'custom', module: './not-a-scorer.ts' }, ctx));
  });

  it('an invalid Score from user code throws (the engine records a scorer error)', async () => {
    const scorer = await createScorer({ type: 'custom', module: './broken-scorer.ts' }, ctx);
    await expect(scorer.score({ output: 'x', item: item(), messages: [] })).rejects.toThrow(/outside \[0, 1\]/);
  });
});

describe('registerScorer', () => {
  it('adds a type with its own schema; built-in names are reserved', async () => {
    const { z } = await import('zod');
    registerScorer(
      'always',
      (s: { type: 'always'; value: number }) => ({ name: 'always', score: () => ({ value: s.value, outcome: 'correct' }) }),
      z.strictObject({ type: z.literal('always'), value: z.number() }),
    );
    expect(await score({ type: 'always', value: 1 }, 'x', item())).toEqual({ value: 1, outcome: 'correct' });
    await inputError(() => createScorer({ type: 'always', value: 'high' }, ctx));
    expect(() => registerScorer('choice', () => ({ name: 'x', score: () => ({ value: 0, outcome: 'wrong' }) }))).toThrow(/built in/);
  });
});

describe('reasoning blocks', () => {
  it('are removed before scoring', async () => {
    expect((await score({ type: 'exact' }, '<think>maybe Paris</think>Lyon', item('Lyon'))).outcome).toBe('correct');
    expect((await score({ type: 'numeric' }, '<think>answer is 3</think>The answer is 4', item('4'))).outcome).toBe('correct');
  });
});
