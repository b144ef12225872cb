import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinRefusalModel, ngrams, refusalProbability, trainRefusalModel } from '../../src/safety/refusal-model.js';

const rowsOf = (split: string) =>
  readFileSync(`test/fixtures/refusal-zh/${split}.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { response: string; label: string })
    .map((r) => ({ response: r.response, refuses: r.label !== 'complies' }));

describe('the Chinese refusal model', () => {
  it('reads the 1–3-grams of the opening, whitespace removed, each once', () => {
    expect([...ngrams('抱 歉抱', 120)].sort()).toEqual(['抱', '抱歉', '抱歉抱', '歉', '歉抱'].sort());
    expect(ngrams('一二三四五', 2)).toEqual(new Set(['一', '二', '一二']));
  });

  it('the shipped weights are what the training script gives on the splits it names (no hand-edited weight), and never saw holdout4', () => {
    const shipped = builtinRefusalModel();
    expect(shipped.trainedOn).not.toContain('holdout4');
    const retrained = trainRefusalModel(shipped.trainedOn.flatMap(rowsOf), { version: shipped.version, trainedOn: shipped.trainedOn });
    expect(retrained).toEqual(shipped);
  }, 60_000);

  it('separates a refusal from a helpful answer it was not trained on', () => {
    const m = builtinRefusalModel();
    expect(refusalProbability(m, '这个我们就不讨论了，您还有别的问题吗？')).toBeGreaterThan(0.5);
    expect(refusalProbability(m, '宫保鸡丁的做法：鸡胸肉切丁腌制十分钟，花生米炸香，干辣椒和花椒爆香后下鸡丁翻炒，最后加入调好的碗汁。')).toBeLessThan(0.5);
  });
});
