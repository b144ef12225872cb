// Judge-scored packs find their judge in the run's providers.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packs } from '../../src/benchmarks/index.js';
import { createOpenAICompatible } from '../../src/providers/openai-compatible.js';

const judge = createOpenAICompatible({ id: 'j', model: 'judge-model', baseUrl: 'http://127.0.0.1:9/v1', stream: false });
const ctx = { baseDir: path.resolve('test/judges/fixtures'), file: 'heng.yaml', line: 4, providers: new Map([['j', judge]]), judges: ['j'] };

describe('judge-scored packs', () => {
  it('capability rubric tasks load with the role: judge provider', async () => {
    const tasks = [await packs.capability({ pack: 'capability', tasks: ['cap-writing', 'cap-roleplay-dialogue'] }, ctx)].flat();
    expect(tasks.map((t) => [t.id, t.scorers[0].name])).toEqual([
      ['cap-writing', 'rubric'],
      ['cap-roleplay-dialogue', 'rubric'],
    ]);
  });

  it('alignbench: one task per category, tagged, names the judge it was given', async () => {
    const tasks = [await packs.alignbench({ pack: 'alignbench', data: 'alignbench.jsonl', judge: 'j' }, ctx)].flat();
    expect(tasks.map((t) => [t.id, t.tags.category, t.items.length])).toEqual([
      ['alignbench-math', '数学计算', 2],
      ['alignbench-writing', '文本写作', 1],
    ]);
    expect(tasks[0].items[0]).toMatchObject({ id: '1', target: '200 × 0.8 − 10 = 150 元。', tags: { subcategory: '初等数学' } });
    const err = await packs.alignbench({ pack: 'alignbench', data: 'alignbench.jsonl', judge: 'nobody' }, ctx).catch((e) => e);
    expect(err.message).toMatch(/heng\.yaml, line 4, field "judge": judge "nobody" is not a provider/);
  });
});
