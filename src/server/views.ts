// Store records → API JSON (camelCase).
import type { z } from 'zod';
import type { StoredResult, Run, Store } from '../store/store.js';
import { publicSummary, summaryOf } from '../summary/summary.js';
import type { RunManager } from './run-manager.js';
import type { progressSchema, resultSchema, runSummarySchema } from '../api/contract.js';

export async function progressOf(store: Store, runs: RunManager, run: Run): Promise<z.input<typeof progressSchema>> {
  const totals = await store.resultTotals(run.id);
  const status = (await store.getRunStatus(run.id)) ?? run.status;
  return { id: run.id, status, planned: run.planned, done: totals.count, errors: totals.errors, costCny: totals.costCny, active: runs.isActive(run.id) };
}

export async function runSummary(store: Store, runs: RunManager, run: Run): Promise<z.input<typeof runSummarySchema>> {
  return {
    ...(await progressOf(store, runs, run)),
    name: run.name,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt,
    summary: ((x) => x && publicSummary(x))(await summaryOf(store, run)),
  };
}

export function resultView(r: StoredResult): z.input<typeof resultSchema> {
  return {
    taskId: r.task_id,
    itemId: r.item_id,
    providerId: r.provider_id,
    repeat: r.repeat,
    status: r.status,
    outcome: r.outcome,
    score: r.score,
    rawOutput: r.raw_output,
    reasoning: r.reasoning,
    extracted: r.extracted,
    rule: r.rule,
    scores: r.scores.map((s) => ({ ...s })),
    turns: r.turns,
    finishReason: r.finish_reason,
    latencyMs: r.latency_ms,
    ttftMs: r.ttft_ms,
    tokensPerSecond: r.tokens_per_second,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    reasoningTokens: r.reasoning_tokens,
    costCny: r.cost_cny,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    tries: r.tries,
    createdAt: r.created_at,
  };
}
