import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CEVAL_SUBJECTS } from '../../src/benchmarks/ceval-subjects.js';
import { CMMLU_GROUPS, CMMLU_SUBJECTS } from '../../src/benchmarks/cmmlu-subjects.js';
import { packs } from '../../src/benchmarks/index.js';
import { loadMtBench } from '../../src/benchmarks/mtbench.js';
import { InputError } from '../../src/errors.js';
import type { Task } from '../../src/tasks/task.js';

const ctx = { baseDir: path.resolve('test/benchmarks/fixtures'), file: 'heng.yaml', line: 7 };
const load = async (ref: Record<string, unknown>) => [await packs[ref.pack as string](ref as never, ctx)].flat() as Task[];
const score = (t: Task, i: number, output: string) => t.scorers[0].score({ output, item: t.items[i], messages: [] });

describe('subject maps', () => {
  it('CMMLU has 67 subjects in its 5 groups, 15 China specific', () => {
    const subjects = Object.values(CMMLU_SUBJECTS);
    expect(subjects).toHaveLength(67);
    expect(new Set(subjects.map((s) => s.group))).toEqual(new Set(CMMLU_GROUPS));
    expect(subjects.filter((s) => s.group === 'China specific')).toHaveLength(15);
  });

  it('C-Eval has 52 subjects: 20 STEM, 10 Social Science, 11 Humanities, 11 Other', () => {
    const count = (g: string) => Object.values(CEVAL_SUBJECTS).filter((s) => s.group === g).length;
    expect(Object.keys(CEVAL_SUBJECTS)).toHaveLength(52);
    expect([count('STEM'), count('Social Science'), count('Humanities'), count('Other')]).toEqual([20, 10, 11, 11]);
  });
});

describe('gsm8k pack', () => {
  it('uses row indexes as ids and the number after #### as the target, 0-shot by default', async () => {
    const [t] = await load({ pack: 'gsm8k', data: 'gsm8k/test.jsonl' });
    expect(t.items.map((i) => i.id)).toEqual(['0', '1', '2']);
    expect(t.items.map((i) => i.target)).toEqual(['12', '1550', '-2']);
    const msgs = t.prompt(t.items[0]);
    expect(msgs).toEqual([{ role: 'user', content: 'Question: A shop sells pens at 3 yuan each. Li buys 4 pens. How many yuan does he pay?\nAnswer:' }]);
    expect(t.tags).toMatchObject({ benchmark: 'gsm8k', shots: '0' });
  });

  it('scores worked answers numerically', async () => {
    const [t] = await load({ pack: 'gsm8k', data: 'gsm8k/test.jsonl' });
    expect((await score(t, 1, 'So 1,200 + 350 = 1,550.\n#### 1,550')).outcome).toBe('correct');
    expect((await score(t, 0, 'The answer is 13.')).outcome).toBe('wrong');
    expect((await score(t, 2, 'I cannot tell.')).outcome).toBe('unparseable');
  });

  it('sends the first n train rows as worked examples with shots: n', async () => {
    const [t] = await load({ pack: 'gsm8k', data: 'gsm8k/test.jsonl', shots: 2, fewShotData: 'gsm8k/train.jsonl' });
    const msgs = t.prompt(t.items[0]);
    expect(msgs).toHaveLength(5);
    expect(msgs[0].content).toContain('Tom has 2 apples');
    expect(msgs[1]).toEqual({ role: 'assistant', content: 'He has 2 + 3 = <<2+3=5>>5 apples.\n#### 5' });
    expect(msgs[3].content).toContain('#### 12');
    const [zero] = await load({ pack: 'gsm8k', data: 'gsm8k/test.jsonl' });
    expect(t.version.taskHash).not.toBe(zero.version.taskHash);
  });

  it('rejects shots without a train file, and answers without ####', async () => {
    const noTrain = await load({ pack: 'gsm8k', data: 'gsm8k/test.jsonl', shots: 8 }).catch((e) => e);
    expect(noTrain).toBeInstanceOf(InputError);
    expect(noTrain.message).toMatch(/heng\.yaml, line 7, field "fewShotData"/);
    const noGold = await load({ pack: 'gsm8k', data: 'gsm8k/no-gold.jsonl' }).catch((e) => e);
    expect(noGold).toBeInstanceOf(InputError);
    expect(noGold.message).toMatch(/no-gold\.jsonl.*item 0.*####/);
  });
});

describe('cmmlu pack', () => {
  it('makes one task per subject file, tagged with subject and group, with the official instruction', async () => {
    const tasks = await load({ pack: 'cmmlu', data: 'cmmlu' });
    expect(tasks.map((t) => t.id)).toEqual(['cmmlu-agronomy', 'cmmlu-chinese_literature']);
    const [agro, lit] = tasks;
    expect(agro.tags).toMatchObject({ benchmark: 'cmmlu', subject: 'agronomy', group: 'Other', split: 'test' });
    // A China-specific subject also counts in its sub-category's group; a single-group subject has no `groups` tag.
    expect(lit.items[0].tags).toEqual({ subject: 'chinese_literature', group: 'China specific', groups: 'Humanities|China specific' });
    expect(lit.tags).toMatchObject({ group: 'China specific', groups: 'Humanities|China specific' });
    expect(agro.tags.groups).toBeUndefined();
    expect(agro.items).toHaveLength(3);
    expect(agro.items[1].choices).toEqual({ A: '中国南方', B: '北美', C: '欧洲', D: '澳洲' });
    const msgs = agro.prompt(agro.items[0]);
    expect(msgs).toEqual([
      { role: 'system', content: '以下是关于农学的单项选择题，请直接给出正确答案的选项。' },
      { role: 'user', content: '题目：以下哪种肥料属于氮肥？\nA. 尿素\nB. 过磷酸钙\nC. 氯化钾\nD. 石灰\n答案是：' },
    ]);
  });

  it('scores option letters with the choice scorer', async () => {
    const [, lit] = await load({ pack: 'cmmlu', data: 'cmmlu' });
    expect((await score(lit, 0, '答案是 C')).outcome).toBe('correct');
    expect((await score(lit, 1, 'A')).outcome).toBe('wrong');
  });

  it("takes few-shot examples from the subject's dev file and can pick subjects", async () => {
    const [t] = await load({ pack: 'cmmlu', data: 'cmmlu', shots: 5, subjects: ['agronomy'] });
    const msgs = t.prompt(t.items[0]);
    // system + 2 dev examples (the fixture has 2) × (user, assistant) + the question
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(msgs[1].content).toContain('下列哪种作物属于豆科？');
    expect(msgs[2].content).toBe('B');
  });

  it('rejects unknown subjects and missing folders', async () => {
    const unknown = await load({ pack: 'cmmlu', data: 'cmmlu', subjects: ['alchemy'] }).catch((e) => e);
    expect(unknown).toBeInstanceOf(InputError);
    expect(unknown.message).toMatch(/unknown cmmlu subject "alchemy"/);
    const noSplit = await load({ pack: 'cmmlu', data: 'cmmlu', split: 'val' }).catch((e) => e);
    expect(noSplit).toBeInstanceOf(InputError);
    expect(noSplit.message).toMatch(/no "val" folder/);
  });
});

describe('ceval pack', () => {
  it('loads the val split with source ids, the C-Eval instruction and category tags', async () => {
    const [t] = await load({ pack: 'ceval', data: 'ceval', shots: 1 });
    expect(t.id).toBe('ceval-computer_network');
    expect(t.tags).toMatchObject({ subject: 'computer_network', group: 'STEM', split: 'val' });
    expect(t.items.map((i) => [i.id, i.target])).toEqual([
      ['0', 'C'],
      ['1', 'B'],
    ]);
    const msgs = t.prompt(t.items[0]);
    expect(msgs[0].content).toBe('以下是中国关于计算机网络考试的单项选择题，请选出其中的正确答案。');
    expect(msgs[2]).toEqual({ role: 'assistant', content: 'B' });
    expect(msgs[3].content).toBe('HTTP 默认端口是？\nA. 21\nB. 25\nC. 80\nD. 110\n答案：');
  });
});

describe('mtbench', () => {
  it('loads two-turn items tagged by category, with references as targets', async () => {
    const set = await loadMtBench('test/benchmarks/fixtures/mtbench/question.jsonl');
    expect(set.items.map((i) => i.id)).toEqual(['1', '2', '3']);
    expect(set.items[0].fields.turns).toEqual(['Write a two-line poem about tea.', 'Now rewrite it so every line starts with T.']);
    expect(set.items.map((i) => i.tags?.category)).toEqual(['writing', 'writing', 'math']);
    expect(set.items[2].target).toEqual(['51', '2601']);
    expect(set.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the line of a malformed question', async () => {
    const err = await loadMtBench('test/benchmarks/fixtures/mtbench/bad.jsonl').catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/bad\.jsonl, line 1, field "turns"/);
  });

  it('the pack explains that a judge provider is needed', async () => {
    const err = await load({ pack: 'mtbench', data: 'mtbench/question.jsonl' }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/heng\.yaml, line 7, field "judge": scorer "judge-single" needs a judge[\s\S]*role: judge/);
  });
});
