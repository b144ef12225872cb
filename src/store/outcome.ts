// Unit outcomes (src/types.ts) as rows: the one place where what the engine
// produced becomes `results`, `attempts` and `cache` rows. Reports and the
// web app read these columns, so the values are exactly what they always were.
import type { AttemptOutcome, UnitOutcome } from '../types.js';
import type { NewAttempt, NewResult, WriteBatch } from './store.js';

type UnitKey = Pick<UnitOutcome, 'runId' | 'taskId' | 'itemId' | 'providerId' | 'repeat'>;

export function unitRows(units: readonly UnitOutcome[]): WriteBatch {
  const batch: WriteBatch = { results: [], attempts: [], cache: [] };
  for (const u of units) {
    for (const a of u.attempts) batch.attempts.push(attemptRow(u, a));
    if (u.result) batch.results.push(resultRow(u));
    for (const c of u.cache) batch.cache.push({ key: c.key, response_json: JSON.stringify(c.response) });
  }
  return batch;
}

/**
 * What a unit adds to the run's spend: the answer plus the judge requests made
 * for it. The same sum as Store.resultTotals over committed rows.
 */
export function unitCostCny(u: UnitOutcome): number {
  let cost = u.result?.costCny ?? 0;
  for (const a of u.attempts) if (a.role === 'judge') cost += a.costCny ?? 0;
  return cost;
}

function resultRow(u: UnitOutcome): NewResult {
  const r = u.result!;
  return {
    run_id: u.runId,
    task_id: u.taskId,
    item_id: u.itemId,
    provider_id: u.providerId,
    repeat: u.repeat,
    status: r.status,
    outcome: r.outcome,
    score: r.score,
    raw_output: r.output,
    reasoning: r.reasoning,
    extracted: r.extracted,
    rule: r.rule,
    scores_json: r.scores.length ? JSON.stringify(r.scores) : null,
    turns_json: r.turns ? JSON.stringify(r.turns) : null,
    finish_reason: r.finishReason,
    latency_ms: r.latencyMs,
    ttft_ms: r.ttftMs,
    tokens_per_second: r.tokensPerSecond,
    input_tokens: r.inputTokens,
    output_tokens: r.outputTokens,
    reasoning_tokens: r.reasoningTokens || null,
    cost_cny: r.costCny,
    error_code: r.errorCode,
    error_message: r.errorMessage,
    tries: r.tries,
    created_at: r.at,
  };
}

function attemptRow(u: UnitKey, a: AttemptOutcome): NewAttempt {
  const r = a.result;
  return {
    run_id: u.runId,
    task_id: u.taskId,
    item_id: u.itemId,
    provider_id: a.providerId,
    repeat: u.repeat,
    turn: a.turn,
    try: a.try,
    status: r.status,
    http_status: r.error?.httpStatus ?? null,
    error_code: r.error?.code ?? null,
    error_message: r.error?.message ?? null,
    latency_ms: r.timing.totalMs,
    ttft_ms: r.timing.ttftMs ?? null,
    input_tokens: r.usage?.inputTokens ?? null,
    output_tokens: r.usage?.outputTokens ?? null,
    cost_cny: a.costCny,
    cached: a.cached ? 1 : 0,
    // Always written: a multi-row insert mixing rows with and without it would store NULL on SQLite.
    role: a.role,
    created_at: a.at,
  };
}
