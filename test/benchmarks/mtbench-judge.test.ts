// With a judge scorer registered, the MT-Bench pack becomes a two-turn Task.
// Its own file: registering a scorer changes the process-wide registry.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packs } from '../../src/benchmarks/index.js';
import { registerScorer } from '../../src/scorers/index.js';

describe('mtbench pack with a judge scorer', () => {
  it('sends turn 1, then turn 2 as a follow-up, and uses the judge scorer', async () => {
    registerScorer('judge-single', () => ({ name: 'judge-single', score: () => ({ value: 0.8, outcome: 'correct' }) }));
    const ctx = { baseDir: path.resolve('test/benchmarks/fixtures'), file: 'heng.yaml' };
    const t = [await packs.mtbench({ pack: 'mtbench', data: 'mtbench/question.jsonl' }, ctx)].flat()[0];
    expect(t.id).toBe('mtbench');
    expect(t.prompt(t.items[0])).toEqual([{ role: 'user', content: 'Write a two-line poem about tea.' }]);
    expect(t.followUps?.(t.items[0])).toEqual(['Now rewrite it so every line starts with T.']);
    expect(t.scorers[0].name).toBe('judge-single');
  });
});
