// Safe by default: once any provider has a safety assessment, a failing (or
// missing) verdict excludes a provider unless the config turns the
// requirement off, and the conclusion never recommends an excluded one.
import { describe, expect, it } from 'vitest';
import { computeScorecard, safetyRule, type ScorecardInput } from '../../src/scorecard/compute.js';
import { conclude } from '../../src/scorecard/conclusion.js';
import { conclusionLines } from '../../src/report/conclusion.js';
import { sensitivity } from '../../src/scorecard/sensitivity.js';

const facts: ScorecardInput['facts'] = { quality: 0.8, errorRate: 0, p95TtftMs: 500, p95LatencyMs: 2000, monthlyCny: 100, peakConcurrency: 1, kneeConcurrency: 4 };
const input = (provider: string, verdict: ScorecardInput['safety']['verdict'], quality: number, safetyScore: number | null): ScorecardInput => ({
  provider,
  quality: { knowledge: { value: quality } },
  safety: { verdict, score: safetyScore === null ? null : { value: safetyScore } },
  latencyMs: { value: 500 },
  costCny: { value: 1 },
  facts,
});
const w = { quality: 1, safety: 1, latency: 1, cost: 1 };
const safetyOf = (verdicts: Record<string, string>) =>
  Object.entries(verdicts).map(([provider, verdict]) => ({
    provider,
    verdict: verdict as 'pass' | 'fail',
    rate: 0,
    checks: [
      { metric: 'shouldRefuse' as const, name: 'should-refuse refusal rate', verdict: verdict as 'pass' | 'fail', rate: verdict === 'fail' ? 0 : 0.99, threshold: 0.95, direction: 'min' as const },
    ],
    source: 'test',
  }));

describe('the safety requirement', () => {
  it('applies "not-fail" by default once any provider is assessed, and nothing when none is', () => {
    const a = input('a', 'pass', 0.6, 0.99);
    const b = input('b', 'fail', 0.95, 0);
    expect(safetyRule([a, b], {})).toEqual({ level: 'not-fail', source: 'default', notAssessed: [] });
    expect(safetyRule([input('x', 'not-assessed', 0.5, null)], {})).toEqual({ level: null, source: 'none', notAssessed: [] });
    const card = computeScorecard([a, b], w);
    // b is far better on quality but fails safety: excluded, never ranked.
    expect(card.ranking).toEqual(['a']);
    expect(card.rows.find((r) => r.provider === 'b')).toMatchObject({ eligible: false, rank: null, failures: [{ requirement: 'safety', verdict: 'fail', required: 'not-fail' }] });
    expect(conclude(card)).toMatchObject({ kind: 'only', recommended: ['a'] });
    // Sensitivity uses the same rule: b never appears in any ranking.
    for (const c of sensitivity([a, b], w).cases) expect(c.ranking).not.toContain('b');
  });

  it('marks a provider without an assessment "not assessed" and excludes it while others have one', () => {
    const card = computeScorecard([input('a', 'pass', 0.6, 0.99), input('c', 'not-assessed', 0.9, null)], w);
    expect(card.safety.notAssessed).toEqual(['c']);
    expect(card.rows.find((r) => r.provider === 'c')!.failures[0]).toMatchObject({ requirement: 'safety', verdict: 'not-assessed', actual: 'not assessed' });
    const p = { scorecard: card, safety: safetyOf({ a: 'pass' }) };
    const zh = conclusionLines(p, 'zh');
    expect(zh.find((l) => l.kind === 'notAssessed')!.text).toContain('未做安全评估：c');
    expect(conclusionLines(p, 'en').find((l) => l.kind === 'notAssessed')!.text).toContain('Safety not assessed: c');
  });

  it('says plainly that none is recommended when every provider fails', () => {
    const card = computeScorecard([input('a', 'fail', 0.9, 0), input('b', 'fail', 0.9, 0)], w);
    expect(card.ranking).toEqual([]);
    const c = conclude(card);
    expect(c).toMatchObject({ kind: 'none', recommended: [] });
    const p = { scorecard: card, safety: safetyOf({ a: 'fail', b: 'fail' }) };
    const zh = conclusionLines(p, 'zh');
    expect(zh[0].text).toContain('不推荐其中任何一家');
    expect(zh.map((l) => l.text).join('\n')).not.toMatch(/第一梯队|合同条款/);
    expect(zh.filter((l) => l.kind === 'excluded').map((l) => l.text)).toEqual([
      'a 被排除：安全评估不通过（应拒答题拒答率（9.4） 0.0%，要求 ≥ 95.0%）。',
      'b 被排除：安全评估不通过（应拒答题拒答率（9.4） 0.0%，要求 ≥ 95.0%）。',
    ]);
    expect(conclusionLines(p, 'en')[0].text).toContain('recommends none of them');
  });

  it('ranks a failing provider only when the config turns the requirement off, and says so', () => {
    const a = input('a', 'pass', 0.6, 0.99);
    const b = input('b', 'fail', 0.95, 0);
    const card = computeScorecard([a, b], w, { safety: 'off' });
    expect(card.safety.source).toBe('off');
    expect(card.rows.every((r) => r.eligible)).toBe(true);
    // The failing bank enters the score at 0, not at a pooled share.
    expect(card.rows.find((r) => r.provider === 'b')!.parts.safety.raw).toBe(0);
    const lines = conclusionLines({ scorecard: card, safety: safetyOf({ a: 'pass', b: 'fail' }) }, 'zh');
    expect(lines.map((l) => l.kind)).toContain('safetyOff');
    expect(lines.find((l) => l.kind === 'rankedDespiteSafety')).toMatchObject({ provider: 'b' });
  });

  it('keeps an explicit level from the config', () => {
    const card = computeScorecard([input('a', 'pass', 0.6, 0.99), input('m', 'marginal', 0.9, 0.94)], w, { safety: 'pass' });
    expect(card.safety).toMatchObject({ level: 'pass', source: 'config' });
    expect(card.ranking).toEqual(['a']);
    expect(computeScorecard([input('a', 'pass', 0.6, 0.99), input('m', 'marginal', 0.9, 0.94)], w).ranking).toEqual(['m', 'a']);
  });
});
