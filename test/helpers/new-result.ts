// A stored result row with plain defaults (a correct, unscored-detail answer
// of one try), for tests that write rows straight into the store; each test
// names only the fields it is about.
import type { NewResult } from '../../src/store/store.js';

type Key = Pick<NewResult, 'run_id' | 'task_id' | 'item_id' | 'provider_id'>;

export function newResult(fields: Key & Partial<NewResult>): NewResult {
  return {
    repeat: 0,
    status: 'ok',
    outcome: 'correct',
    score: 1,
    raw_output: '',
    reasoning: null,
    extracted: null,
    rule: null,
    scores_json: null,
    turns_json: null,
    finish_reason: 'stop',
    latency_ms: 1,
    ttft_ms: null,
    tokens_per_second: null,
    input_tokens: 1,
    output_tokens: 1,
    reasoning_tokens: null,
    cost_cny: null,
    error_code: null,
    error_message: null,
    tries: 1,
    created_at: new Date().toISOString(),
    ...fields,
  };
}
