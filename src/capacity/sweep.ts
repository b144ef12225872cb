// The load sweep: concurrency 1, 2, 4, … up to a cap. Each step runs a
// closed loop (every one of `concurrency` workers sends its next request as
// soon as its previous one ends) for `stepMs`, within the request budget,
// and records throughput, latency, TTFT, per-stream tokens/s and errors.
// After a 429 or a 5xx the worker pauses (Retry-After, else 1 s). Requests
// are never retried: a load test measures what the vendor does
// under load, and every retry would be one more request against the budget.
import { sleep } from '../engine/limits.js';
import { quantile } from '../stats/describe.js';
import type { ChatMessage, Provider, ProviderResult } from '../types.js';
import { RequestBudget, type BudgetLimits } from './budget.js';
import { DEFAULT_KNEE_RULE, findKnee, type Knee, type KneeRule } from './knee.js';

export interface SweepOptions {
  budget: BudgetLimits;
  /** Highest concurrency tried (default 32). */
  maxConcurrency?: number;
  /** Explicit steps instead of the doubling ladder. */
  concurrencies?: number[];
  /** Length of each step, ms (default 30,000). */
  stepMs?: number;
  timeoutMs?: number;
  maxTokens?: number;
  temperature?: number;
  prompts: ChatMessage[][];
  knee?: Partial<KneeRule>;
  signal?: AbortSignal;
  onStep?: (step: LoadStep) => void;
}

type Percentiles = { p50: number | null; p95: number | null; p99: number | null };

export interface LoadStep {
  step: number;
  concurrency: number;
  /** Measurement window, ms: the step's length, or less when the request budget ran out. */
  durationMs: number;
  sent: number;
  ok: number;
  /** Provider failures (rate limit, 5xx, timeout, network, auth, bad request). Blocks are answers. */
  errors: number;
  errorRate: number;
  errorsByStatus: Record<string, number>;
  /** Successful answers finished inside the window, per second. */
  throughputRps: number;
  /** Output tokens of those answers, per second. */
  outputTokensPerSecond: number;
  latencyMs: Percentiles;
  ttftMs: Percentiles;
  /** Median tokens per second within one stream. */
  streamTokensPerSecond: number | null;
  /** The per-minute budget, not the provider, held requests back in this step. */
  budgetLimited: boolean;
  /** False when the total request budget ran out during the step. */
  complete: boolean;
}

export type StopReason = 'knee' | 'max-concurrency' | 'request-budget' | 'rpm-budget' | 'auth' | 'interrupted';

export interface SweepResult {
  steps: LoadStep[];
  knee: Knee;
  stop: StopReason;
  requestsSent: number;
  rule: KneeRule;
}

export function concurrencyLadder(max: number): number[] {
  const out: number[] = [];
  for (let c = 1; c <= max; c *= 2) out.push(c);
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

/** Pause after a 429 or 5xx without Retry-After, and the longest pause honoured. */
const DEFAULT_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 10_000;

const FAILURES = new Set(['rate_limited', 'server_error', 'timeout', 'network', 'auth', 'bad_request']);

interface Sample {
  result: ProviderResult;
  endedAt: number;
}

export async function runSweep(provider: Provider, opts: SweepOptions): Promise<SweepResult> {
  const rule = { ...DEFAULT_KNEE_RULE, ...opts.knee };
  const ladder = opts.concurrencies ?? concurrencyLadder(opts.maxConcurrency ?? 32);
  const budget = new RequestBudget(opts.budget);
  const steps: LoadStep[] = [];
  let next = 0; // rotates through the prompt mix across the whole sweep
  let stop: StopReason = 'max-concurrency';

  for (const [index, concurrency] of ladder.entries()) {
    if (opts.signal?.aborted) {
      stop = 'interrupted';
      break;
    }
    if (budget.exhausted) {
      stop = 'request-budget';
      break;
    }
    budget.waited = false;
    const stepMs = opts.stepMs ?? 30_000;
    const start = performance.now();
    const end = start + stepMs;
    let cutAt = end;
    const samples: Sample[] = [];
    const worker = async () => {
      for (;;) {
        if (opts.signal?.aborted) return;
        if (!(await budget.acquire(end))) {
          if (budget.exhausted) cutAt = Math.min(cutAt, performance.now());
          return;
        }
        const i = next++;
        const messages = opts.prompts[i % opts.prompts.length];
        const result = await provider.complete(
          { messages, temperature: opts.temperature ?? 0, maxTokens: opts.maxTokens ?? 512 },
          { runId: 'load', taskId: 'load', itemId: `p${i % opts.prompts.length}`, repeat: i, timeoutMs: opts.timeoutMs ?? 60_000, signal: opts.signal },
        );
        samples.push({ result, endedAt: performance.now() });
        // Pushed back: pause this worker as the vendor asks (never past the step's end), rather than hammer it.
        if (result.status === 'rate_limited' || result.status === 'server_error') {
          const pause = Math.min(result.error?.retryAfterMs ?? DEFAULT_PAUSE_MS, MAX_PAUSE_MS, end - performance.now());
          if (pause > 0) await sleep(pause);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const step = summarizeStep(index, concurrency, samples, start, cutAt, { budgetLimited: budget.waited, complete: cutAt >= end });
    steps.push(step);
    opts.onStep?.(step);
    if (opts.signal?.aborted) {
      stop = 'interrupted';
      break;
    }
    if (step.errorsByStatus.auth) {
      stop = 'auth';
      break;
    }
    if (step.budgetLimited) {
      stop = 'rpm-budget';
      break;
    }
    if (!step.complete) {
      stop = 'request-budget';
      break;
    }
    const knee = findKnee(measurable(steps), rule);
    if (knee.reason !== 'not-reached') {
      stop = 'knee';
      break;
    }
  }
  return { steps, knee: findKnee(measurable(steps), rule), stop, requestsSent: budget.used, rule };
}

/** Steps the knee may be judged from: whole, and limited by the provider rather than by our budget. */
const measurable = (steps: LoadStep[]) => steps.filter((s) => s.complete && !s.budgetLimited);

export function summarizeStep(index: number, concurrency: number, samples: Sample[], start: number, cutAt: number, flags: { budgetLimited: boolean; complete: boolean }): LoadStep {
  const durationMs = Math.max(1, cutAt - start);
  const results = samples.map((s) => s.result);
  const errorsByStatus: Record<string, number> = {};
  for (const r of results) if (r.status !== 'ok') errorsByStatus[r.status] = (errorsByStatus[r.status] ?? 0) + 1;
  const errors = results.filter((r) => FAILURES.has(r.status)).length;
  const answered = results.filter((r) => r.status === 'ok');
  const inWindow = samples.filter((s) => s.result.status === 'ok' && s.endedAt <= cutAt);
  return {
    step: index,
    concurrency,
    durationMs,
    sent: results.length,
    ok: answered.length,
    errors,
    errorRate: results.length ? errors / results.length : 0,
    errorsByStatus,
    throughputRps: inWindow.length / (durationMs / 1000),
    outputTokensPerSecond: inWindow.reduce((n, s) => n + (s.result.usage?.outputTokens ?? 0), 0) / (durationMs / 1000),
    latencyMs: percentiles(answered.map((r) => r.timing.totalMs)),
    ttftMs: percentiles(answered.map((r) => r.timing.ttftMs).filter((x): x is number => x !== undefined)),
    streamTokensPerSecond: q(
      answered.map((r) => r.timing.tokensPerSecond).filter((x): x is number => x !== undefined && Number.isFinite(x)),
      0.5,
    ),
    ...flags,
  };
}

function percentiles(xs: number[]): Percentiles {
  return { p50: q(xs, 0.5), p95: q(xs, 0.95), p99: q(xs, 0.99) };
}

const q = (xs: number[], p: number) => (xs.length ? quantile(xs, p) : null);
