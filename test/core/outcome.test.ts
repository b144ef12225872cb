// Unit outcomes become rows in one place (src/store/outcome.ts); reports read
// those columns, so their values must stay exactly what they have been.
import { describe, expect, it } from 'vitest';
import { unitCostCny, unitRows } from '../../src/store/outcome.js';
import type { AttemptOutcome, ProviderResult, UnitOutcome, UnitResult } from '../../src/types.js';

const ok: ProviderResult = { status: 'ok', text: '42', timing: { totalMs: 12, ttftMs: 3 }, usage: { inputTokens: 10, outputTokens: 2 } };
const attempt = (over: Partial<AttemptOutcome>): AttemptOutcome => ({ role: 'answer', providerId: 'p', turn: 0, try: 1, cached: false, result: ok, costCny: 0.5, at: 't', ...over });
const result = (over: Partial<UnitResult> = {}): UnitResult => ({
  status: 'ok',
  outcome: 'correct',
  score: 1,
  output: '42',
  reasoning: null,
  extracted: '42',
  rule: 'exact',
  scores: [{ scorer: 'exact', value: 1, outcome: 'correct', extracted: '42' }],
  finishReason: 'stop',
  latencyMs: 12,
  ttftMs: 3,
  tokensPerSecond: null,
  inputTokens: 10,
  outputTokens: 2,
  reasoningTokens: 0,
  costCny: 0.5,
  errorCode: null,
  errorMessage: null,
  tries: 1,
  at: 't',
  ...over,
});
const unit = (over: Partial<UnitOutcome> = {}): UnitOutcome => ({
  runId: 'r',
  taskId: 't',
  itemId: 'i',
  providerId: 'p',
  repeat: 0,
  result: result(),
  attempts: [attempt({})],
  cache: [{ key: 'k', response: ok }],
  ...over,
});

describe('unit outcomes as rows', () => {
  it('writes scores and turns as JSON text, turns only for follow-ups, and no reasoning tokens as null', () => {
    const { results, cache } = unitRows([unit(), unit({ itemId: 'j', cache: [], result: result({ turns: ['a', 'b'], reasoningTokens: 7, scores: [] }) })]);
    expect(results[0]).toMatchObject({ scores_json: JSON.stringify([{ scorer: 'exact', value: 1, outcome: 'correct', extracted: '42' }]), turns_json: null, reasoning_tokens: null, raw_output: '42' });
    expect(results[1]).toMatchObject({ scores_json: null, turns_json: '["a","b"]', reasoning_tokens: 7 });
    expect(cache).toEqual([{ key: 'k', response_json: JSON.stringify(ok) }]);
  });

  it("writes every attempt's role, names the judge as its provider, and keeps the unit's key", () => {
    const judged = unit({ attempts: [attempt({}), attempt({ role: 'judge', providerId: 'judge', cached: true, try: 0, costCny: 0 })] });
    const { attempts } = unitRows([judged]);
    expect(attempts.map((a) => [a.provider_id, a.role, a.cached, a.try, a.item_id])).toEqual([
      ['p', 'answer', 0, 1, 'i'],
      ['judge', 'judge', 1, 0, 'i'],
    ]);
    expect(attempts[0]).toMatchObject({ status: 'ok', http_status: null, latency_ms: 12, ttft_ms: 3, input_tokens: 10, output_tokens: 2, cost_cny: 0.5 });
  });

  it('keeps the tries of a unit without a result, and counts answer plus judge requests as its cost', () => {
    const cut = unit({ result: undefined, attempts: [attempt({ result: { status: 'timeout', text: '', timing: { totalMs: 5 }, error: { message: 'slow', httpStatus: 504 } } })] });
    const rows = unitRows([cut]);
    expect(rows.results).toEqual([]);
    expect(rows.attempts[0]).toMatchObject({ status: 'timeout', http_status: 504, error_message: 'slow', input_tokens: null });
    // 0.5 for the answer; the answer's own attempts are not counted twice; the judge's 0.25 is.
    expect(unitCostCny(unit({ attempts: [attempt({}), attempt({ role: 'judge', providerId: 'judge', costCny: 0.25 })] }))).toBe(0.75);
    expect(unitCostCny(cut)).toBe(0);
  });
});
