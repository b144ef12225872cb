// judge-single and rubric against a real local OpenAI-compatible judge that
// answers scripted judgments (readable, sub-scores, unreadable, failures).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAICompatible } from '../../src/providers/openai-compatible.js';
import { createScorer } from '../../src/scorers/index.js';
import { InputError } from '../../src/errors.js';
import type { ChatMessage, Item } from '../../src/types.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer;
let judgment: (body: any) => string;
beforeAll(async () => (server = await startOpenAIServer({ answers: (body) => judgment(body) })));
afterAll(() => server.close());
beforeEach(() => server.reset());

const judge = () => createOpenAICompatible({ id: 'judge', model: 'judge-model', baseUrl: `${server.url}/v1`, stream: false });
const ctx = () => ({ baseDir: process.cwd(), providers: new Map([['judge', judge()]]), judges: ['judge'] });
const item = (over: Partial<Item> = {}): Item => ({ id: 'q1', fields: { question: 'What is 17 * 3?' }, ...over });
const ask = (q: string): ChatMessage[] => [{ role: 'user', content: q }];

describe('judge-single', () => {
  it('reads [[rating]], stores the prompt id/version/sha256 and raw judgment, asks at temperature 0', async () => {
    judgment = () => 'The answer is correct and clear.\nRating: [[8]]';
    const s = await createScorer({ type: 'judge-single', judge: 'judge' }, ctx());
    const r = await s.score({ output: '51', item: item(), messages: ask('What is 17 * 3?') });
    expect(r.value).toBeCloseTo(0.8);
    expect(r.outcome).toBe('correct');
    expect(r.rule).toBe('rating.brackets');
    const turn = (r.detail!.turns as any[])[0];
    expect(turn.prompt).toMatchObject({ id: 'single-en', version: 1 });
    expect(turn.prompt.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(turn.raw).toContain('Rating: [[8]]');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].body.temperature).toBe(0);
    expect(lastUser(server.requests[0].body)).toContain('What is 17 * 3?');
  });

  it('is reference-guided when the item has a reference (auto), and not with reference: never', async () => {
    judgment = () => 'Wrong: the reference says 51. [[2]]';
    const s = await createScorer({ type: 'judge-single' }, ctx()); // default judge: the role: judge provider
    const r = await s.score({ output: '52', item: item({ target: '51' }), messages: ask('What is 17 * 3?') });
    expect(r.value).toBeCloseTo(0.2);
    expect(r.outcome).toBe('wrong');
    expect((r.detail!.turns as any[])[0].prompt.id).toBe('single-reference-en');
    expect(lastUser(server.requests[0].body)).toMatch(/Reference answer[\s\S]*51[\s\S]*Assistant's answer[\s\S]*52/);
    const never = await createScorer({ type: 'judge-single', reference: 'never' }, ctx());
    await never.score({ output: '52', item: item({ target: '51' }), messages: ask('What is 17 * 3?') });
    expect(lastUser(server.requests[1].body)).not.toContain('Reference answer');
  });

  it('uses the zh prompt for a Chinese question', async () => {
    judgment = () => '回答正确。评分：[[9]]';
    const s = await createScorer({ type: 'judge-single', judge: 'judge' }, ctx());
    const r = await s.score({ output: '北京', item: item({ fields: { q: '中国的首都是哪里？' } }), messages: ask('中国的首都是哪里？') });
    expect((r.detail!.turns as any[])[0].prompt.id).toBe('single-zh');
    expect(r.value).toBeCloseTo(0.9);
  });

  it('an unreadable judgment is unparseable and unrated, with the raw output kept', async () => {
    judgment = () => 'I think it is quite good overall.';
    const s = await createScorer({ type: 'judge-single', judge: 'judge' }, ctx());
    const r = await s.score({ output: '51', item: item(), messages: ask('What is 17 * 3?') });
    expect(r.outcome).toBe('unparseable');
    expect(r.unrated).toBe(true);
    expect((r.detail!.turns as any[])[0]).toMatchObject({ raw: 'I think it is quite good overall.', unreadable: expect.stringContaining('no rating') });
    judgment = () => 'Rating: [[11]]';
    const out = await s.score({ output: '51', item: item(), messages: ask('What is 17 * 3?') });
    expect(out.outcome).toBe('unparseable');
  });

  it('a judge failure (content filter, server error) is a scorer error, never a grade', async () => {
    const s = await createScorer({ type: 'judge-single', judge: 'judge' }, ctx());
    server.enqueue({ kind: 'filter' });
    const blocked = await s.score({ output: '51', item: item(), messages: ask('What is 17 * 3?') });
    expect(blocked.detail!.scorerError).toMatch(/judge "judge" failed: content_filtered/);
    expect(blocked.unrated).toBe(true);
    server.enqueue({ kind: 'status', status: 401 });
    const auth = await s.score({ output: '51', item: item(), messages: ask('What is 17 * 3?') });
    expect(auth.detail!.scorerError).toMatch(/failed: auth/);
  });

  it('grades both turns of a multi-turn item, turn 2 with the multi-turn prompt and its own reference', async () => {
    judgment = (body) => (lastUser(body).includes('[Conversation') ? 'Second answer right. [[6]]' : 'Right. [[10]]');
    const s = await createScorer({ type: 'judge-single', judge: 'judge' }, ctx());
    const mt = item({ fields: { turns: ['What is 17 * 3?', 'And squared?'] }, target: ['51', '2601'] });
    const messages: ChatMessage[] = [
      { role: 'user', content: 'What is 17 * 3?' },
      { role: 'assistant', content: '51' },
      { role: 'user', content: 'And squared?' },
    ];
    const r = await s.score({ output: '2601', item: mt, messages });
    expect(r.value).toBeCloseTo(0.8);
    expect(r.extracted).toBe('10 / 6');
    const ids = (r.detail!.turns as any[]).map((t) => t.prompt.id);
    expect(ids).toEqual(['single-reference-en', 'multi-turn-reference-en']);
    const second = lastUser(server.requests[1].body);
    expect(second).toMatch(/\[Question 2\]\n2601/);
    expect(second).toMatch(/\[User 1\]\nWhat is 17 \* 3\?\n\n\[Assistant 1\]\n51\n\n\[User 2\]\nAnd squared\?\n\n\[Assistant 2\]\n2601/);
  });

  it('AlignBench-style dimension sub-scores by category', async () => {
    judgment = () => '各维度说明……\n{"correctness": 9, "user_need": 8, "logic": 7, "completeness": 6, "overall": 7}';
    const s = await createScorer({ type: 'judge-single', judge: 'judge', dimensions: 'category', lang: 'zh' }, ctx());
    const r = await s.score({ output: '答案', item: item({ tags: { category: '数学计算' }, target: '参考' }), messages: ask('计算题') });
    expect(r.value).toBeCloseTo(0.7);
    expect(r.detail!.dimensions).toEqual({ correctness: 9, user_need: 8, logic: 7, completeness: 6 });
    expect(lastUser(server.requests[0].body)).toContain('logic（逻辑连贯性）');
    judgment = () => '{"correctness": 9, "overall": 7}';
    const missing = await s.score({ output: '答案', item: item({ tags: { category: '数学计算' } }), messages: ask('计算题') });
    expect(missing.outcome).toBe('unparseable');
  });

  it('bad judge names fail at load with the field', async () => {
    const err = await createScorer({ type: 'judge-single', judge: 'nobody' }, { ...ctx(), place: { file: 'heng.yaml', line: 9, field: 'tasks.0.scorers.0' } }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/heng\.yaml, line 9, field "tasks\.0\.scorers\.0\.judge": judge "nobody" is not a provider.*\n.*providers: judge/);
    const none = await createScorer({ type: 'judge-single' }, { baseDir: '.', providers: new Map(), judges: [] }).catch((e) => e);
    expect(none.message).toMatch(/needs a judge[\s\S]*role: judge/);
  });
});

describe('rubric', () => {
  const criteria = [
    { criterion: 'States the dates', weight: 0.5 },
    { criterion: 'Reminds to lock doors', weight: 0.3 },
    { criterion: 'Formal tone', weight: 0.2 },
  ];
  it('weights met / partly / not and keeps each reason', async () => {
    judgment = () =>
      '```json\n{"criteria": [{"n": 1, "verdict": "met", "reason": "dates given"}, {"n": 2, "verdict": "partly", "reason": "mentions doors only"}, {"n": 3, "verdict": "not", "reason": "casual"}]}\n```';
    const s = await createScorer({ type: 'rubric', judge: 'judge', criteria }, ctx());
    const r = await s.score({ output: 'Holiday 1–9 Feb, close the doors!', item: item(), messages: ask('Write a holiday notice') });
    expect(r.value).toBeCloseTo(0.5 + 0.15);
    expect(r.outcome).toBe('correct');
    expect((r.detail!.criteria as any[]).map((c) => [c.verdict, c.reason])).toEqual([
      ['met', 'dates given'],
      ['partly', 'mentions doors only'],
      ['not', 'casual'],
    ]);
    expect(r.detail!.prompt).toMatchObject({ id: 'rubric-en', version: 1 });
  });

  it('reads per-item criteria (criteriaField) and sees the whole dialogue with the persona', async () => {
    judgment = () => '{"criteria": [{"n": 1, "verdict": "met", "reason": "ok"}]}';
    const s = await createScorer({ type: 'rubric', criteriaField: 'rubric' }, ctx());
    const it2 = item({ fields: { turns: ['草莓烂了怎么办？', '没拍照能退吗？'], rubric: [{ criterion: '不编造政策', weight: 1 }] } });
    const messages: ChatMessage[] = [
      { role: 'system', content: '你是客服小鲜' },
      { role: 'user', content: '草莓烂了怎么办？' },
      { role: 'assistant', content: '请拍照申请退款' },
      { role: 'user', content: '没拍照能退吗？' },
    ];
    const r = await s.score({ output: '很抱歉，需要照片', item: it2, messages });
    expect(r.value).toBe(1);
    const sent = lastUser(server.requests[0].body);
    expect(sent).toContain('[系统提示]\n你是客服小鲜');
    expect(sent).toContain('[助手 2]\n很抱歉，需要照片');
    expect(sent).toContain('1. 不编造政策');
  });

  it('a judgment missing a criterion is unparseable', async () => {
    judgment = () => '{"criteria": [{"n": 1, "verdict": "met", "reason": "ok"}]}';
    const s = await createScorer({ type: 'rubric', judge: 'judge', criteria }, ctx());
    const r = await s.score({ output: 'x', item: item(), messages: ask('Write') });
    expect(r.outcome).toBe('unparseable');
    expect(r.detail!.unreadable).toMatch(/criterion 2/);
  });
});
