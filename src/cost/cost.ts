// What each provider costs: per item, per correct answer, per 1,000
// conversations, and (with a workload profile) per month, plus the
// concurrency it must sustain at the peak. Everything comes from recorded
// token usage and the dated price table stored with the run; a provider
// whose price is unknown costs `null` ("unknown"), never 0.
import type { Price } from '../providers/config.js';
import type { StoredResult } from '../store/store.js';
import { peakConcurrency, traffic, type Workload } from './workload.js';

export interface ProviderCost {
  provider: string;
  /** CNY per million tokens with date and source; null = unknown. */
  price: Price | null;
  /** Total CNY of the run's answers; null = unknown. */
  runCostCny: number | null;
  costPerItemCny: number | null;
  costPerCorrectCny: number | null;
  /** Tokens billed per conversation, from the workload or measured (mean per item). */
  tokensPerConversation: { input: number; output: number; source: 'workload' | 'measured' } | null;
  costPer1000ConversationsCny: number | null;
  /** Mean end-to-end latency of one request (answered units, per turn), ms; null when not measured. */
  meanLatencyMs: number | null;
  monthly: MonthlyProjection | null;
}

export interface MonthlyProjection {
  conversations: number;
  costCny: number | null;
  peakRequestsPerSecond: number;
  /** Concurrent requests at the peak (Little's law); null when latency was not measured. */
  peakConcurrency: number | null;
}

export interface CostInputs {
  provider: string;
  price: Price | null;
  /** This provider's results in the run. */
  rows: StoredResult[];
  /** The run's own cost figures for the provider (the report's overall cell, docs/report-json.md). */
  run: { costCny: number | null; costPerItemCny: number | null; costPerCorrectCny: number | null };
}

/** CNY for one conversation of the given tokens. */
export function conversationCost(price: Price, tokens: { input: number; output: number }): number {
  return (tokens.input * price.inputPerMillion + tokens.output * price.outputPerMillion) / 1e6;
}

export function providerCost({ provider, price, rows, run }: CostInputs, workload?: Workload): ProviderCost {
  // Answers with usage (replayed answers carry none: zero tokens is no measurement).
  const withUsage = rows.filter((r) => r.status === 'ok' && (r.input_tokens ?? 0) + (r.output_tokens ?? 0) > 0);
  const measured = withUsage.length ? { input: mean(withUsage.map((r) => r.input_tokens ?? 0)), output: mean(withUsage.map((r) => r.output_tokens ?? 0)), source: 'measured' as const } : null;
  const tokens =
    workload?.inputTokensPerConversation !== undefined && workload.outputTokensPerConversation !== undefined
      ? { input: workload.inputTokensPerConversation, output: workload.outputTokensPerConversation, source: 'workload' as const }
      : measured;
  const perConversation = price && tokens ? conversationCost(price, tokens) : null;
  const latencies = rows.filter((r) => r.status === 'ok' && r.latency_ms !== null).map((r) => (r.latency_ms ?? 0) / turnsOf(r));
  const meanLatencyMs = latencies.length ? mean(latencies) : null;
  let monthly: MonthlyProjection | null = null;
  if (workload) {
    const t = traffic(workload);
    monthly = {
      conversations: t.conversationsPerMonth,
      costCny: perConversation === null ? null : perConversation * t.conversationsPerMonth,
      peakRequestsPerSecond: t.peakRequestsPerSecond,
      peakConcurrency: peakConcurrency(t.peakRequestsPerSecond, meanLatencyMs),
    };
  }
  return {
    provider,
    price,
    runCostCny: run.costCny,
    costPerItemCny: run.costPerItemCny,
    costPerCorrectCny: run.costPerCorrectCny,
    tokensPerConversation: tokens,
    costPer1000ConversationsCny: perConversation === null ? null : perConversation * 1000,
    meanLatencyMs,
    monthly,
  };
}

/** Requests one result took: one per turn of a multi-turn item. */
function turnsOf(r: StoredResult): number {
  return r.turns ? Math.max(1, r.turns.length) : 1;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
