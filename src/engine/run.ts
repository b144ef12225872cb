// The engine: works through tasks × items × providers × repeats, with
// per-provider concurrency and rate limits, retries, the response cache and
// the budget cap. A result is committed to the store before it is counted,
// so an interrupted run resumes without redoing or duplicating anything.
import type { NewAttempt, NewResult, Store, WriteBatch } from '../store/store.js';
import { resultKey } from '../store/store.js';
import type { Task } from '../tasks/task.js';
import { RETRYABLE, type CallContext, type ChatMessage, type ChatRequest, type Item, type JudgeTry, type Outcome, type Provider, type ProviderResult, type Score } from '../types.js';
import { cacheKey } from './cache.js';
import { RateLimiter, backoffMs, sleep } from './limits.js';
import { estimateTokens } from './tokens.js';

export interface EngineProvider {
  provider: Provider;
  concurrency: number;
  rateLimit?: { rpm?: number; tpm?: number };
  /** CNY cost of one answer's usage; undefined when the price is unknown. */
  cost(result: ProviderResult): number | undefined;
}

export interface EngineOptions {
  repeats: number;
  temperature: number;
  maxTokens: number;
  seed: number;
  timeoutMs: number;
  retries: number;
  cache: boolean;
  budgetCny?: number;
}

export interface Progress {
  done: number;
  total: number;
  errors: number;
  costCny: number;
  elapsedMs: number;
}

export interface EngineRun {
  store: Store;
  runId: string;
  tasks: Task[];
  providers: EngineProvider[];
  options: EngineOptions;
  onProgress?: (p: Progress) => void;
  /**
   * Stop taking new work (Ctrl-C, cancel from the API). Requests in flight
   * finish; a unit whose request failed retryably once stopping began is
   * not committed, so that resume asks it again rather than keep an error.
   */
  signal?: AbortSignal;
  /** Skip units whose result is already stored (resume). */
  skip?: Set<string>;
  /** CNY cost of a judge's reply, by provider id: judge requests count toward the spend and budget. */
  judgeCosts?: JudgeCosts;
  /** Override time source and sleep in tests. */
  sleep?: (ms: number) => Promise<void>;
}

export type EngineEnd = 'done' | 'cancelled' | 'stopped_budget';

export type JudgeCosts = ReadonlyMap<string, (result: ProviderResult) => number | undefined>;

/** What a finished unit cost: the answer, plus any judge requests its scorers made (cached ones cost nothing). */
export function batchCostCny(batch: WriteBatch): number {
  let cost = 0;
  for (const r of batch.results) cost += r.cost_cny ?? 0;
  for (const a of batch.attempts) if (a.role === 'judge') cost += a.cost_cny ?? 0;
  return cost;
}

/** Waits before a request; in-process by default, Redis-backed across workers. */
export interface Limiter {
  acquire(tokens: number): Promise<void>;
  settle(estimated: number, actual: number): void;
}

export interface Unit {
  task: Task;
  item: Item;
  repeat: number;
}

export async function runEngine(run: EngineRun): Promise<{ end: EngineEnd; progress: Progress }> {
  const started = performance.now();
  const total = run.tasks.reduce((n, t) => n + t.items.length, 0) * run.options.repeats * run.providers.length;
  const progress: Progress = { done: run.skip?.size ?? 0, total, errors: 0, costCny: 0, elapsedMs: 0 };
  const writer = new Writer(run.store, (batch) => {
    progress.done += batch.results.length;
    for (const r of batch.results) if (r.outcome === 'error') progress.errors++;
    progress.costCny += batchCostCny(batch);
    progress.elapsedMs = performance.now() - started;
    run.onProgress?.({ ...progress });
  });
  let spent = 0; // includes in-flight answers not yet committed
  let budgetHit = false;
  const overBudget = () => run.options.budgetCny !== undefined && spent >= run.options.budgetCny;

  await Promise.all(
    run.providers.map(async (ep) => {
      const limiter = new RateLimiter(ep.rateLimit);
      const units = unitsFor(run.tasks, run.options.repeats, ep.provider.id, run.skip);
      const worker = async () => {
        for (let next = units.next(); !next.done; next = units.next()) {
          if (run.signal?.aborted) return;
          if (overBudget()) {
            budgetHit = true;
            return;
          }
          const batch = await evaluateUnit(next.value, ep, limiter, run);
          if (run.signal?.aborted && batch.results[0] && RETRYABLE.has(batch.results[0].status as ProviderResult['status'])) {
            // Cut short by the stop, not by the vendor: keep the tries for the audit, leave the unit to resume.
            await writer.push({ results: [], attempts: batch.attempts, cache: batch.cache });
            return;
          }
          spent += batchCostCny(batch);
          await writer.push(batch);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, ep.concurrency) }, worker));
    }),
  );
  await writer.close();
  progress.elapsedMs = performance.now() - started;
  const end: EngineEnd = run.signal?.aborted ? 'cancelled' : budgetHit ? 'stopped_budget' : 'done';
  return { end, progress };
}

/** Lazily yields the units one provider still has to do (memory stays flat). */
function* unitsFor(tasks: Task[], repeats: number, providerId: string, skip?: Set<string>): Generator<Unit> {
  for (const task of tasks)
    for (const item of task.items)
      for (let repeat = 0; repeat < repeats; repeat++) {
        if (skip?.has(resultKey({ task_id: task.id, item_id: item.id, provider_id: providerId, repeat }))) continue;
        yield { task, item, repeat };
      }
}

/**
 * One item for one provider: all its turns, then its scores. Returns the rows
 * to commit; the caller decides when (group commit here, per job in workers).
 */
export async function evaluateUnit(
  unit: Unit,
  ep: EngineProvider,
  limiter: Limiter,
  run: Pick<EngineRun, 'runId' | 'options' | 'store' | 'signal' | 'sleep' | 'judgeCosts'>,
): Promise<WriteBatch> {
  const { task, item, repeat } = unit;
  const { provider } = ep;
  const batch: WriteBatch = { results: [], attempts: [], cache: [] };
  // No abort signal in the request: stopping lets requests in flight finish (a second Ctrl-C quits at once).
  const ctx: CallContext = { runId: run.runId, taskId: task.id, itemId: item.id, repeat, timeoutMs: run.options.timeoutMs };
  const messages: ChatMessage[] = task.prompt(item);
  const followUps = task.followUps?.(item) ?? [];
  const outputs: string[] = [];
  let last: ProviderResult | undefined;
  let tries = 0;
  let cost: number | undefined = 0;
  let latency = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let reasoningTokens = 0;
  let ttft: number | undefined;

  for (let turn = 0; turn <= followUps.length; turn++) {
    if (turn > 0) messages.push({ role: 'assistant', content: outputs[turn - 1] }, { role: 'user', content: followUps[turn - 1] });
    const request: ChatRequest = {
      messages: [...messages],
      temperature: run.options.temperature,
      maxTokens: run.options.maxTokens,
      seed: run.options.seed,
    };
    const r = await call(request, turn, ep, limiter, run, ctx, batch);
    tries += r.tries;
    last = r.result;
    latency += last.timing.totalMs;
    if (turn === 0) ttft = last.timing.ttftMs;
    const c = last.status === 'ok' || last.usage ? ep.cost(last) : 0;
    cost = cost === undefined || c === undefined ? undefined : cost + c;
    inputTokens += last.usage?.inputTokens ?? 0;
    outputTokens += last.usage?.outputTokens ?? 0;
    reasoningTokens += last.usage?.reasoningTokens ?? 0;
    if (last.status !== 'ok') break;
    outputs.push(last.text);
  }

  const final = last!;
  let outcome: Outcome;
  let scores: Array<Score & { scorer: string }> = [];
  if (final.status === 'ok') {
    scores = await scoreAll(task, item, final.text, messages, judgeRecorder(ctx, batch, run.judgeCosts));
    outcome = scores[0].outcome;
  } else outcome = final.status === 'content_filtered' ? 'content_filtered' : final.status === 'missing' ? 'missing' : 'error';
  const primary = scores[0];
  const scoreError = primary?.detail?.scorerError as string | undefined;
  if (scoreError) outcome = 'error';

  const result: NewResult = {
    run_id: run.runId,
    task_id: task.id,
    item_id: item.id,
    provider_id: provider.id,
    repeat,
    status: scoreError ? 'scorer_error' : final.status,
    outcome,
    score: (outcome === 'correct' || outcome === 'wrong' || outcome === 'unparseable') && !primary?.unrated ? (primary?.value ?? null) : null,
    raw_output: final.status === 'ok' ? final.text : null,
    reasoning: final.reasoning ?? null,
    extracted: primary?.extracted ?? null,
    rule: primary?.rule ?? null,
    scores_json: scores.length ? JSON.stringify(scores) : null,
    turns_json: followUps.length ? JSON.stringify(outputs) : null,
    finish_reason: final.finishReason ?? null,
    latency_ms: provider.recorded ? null : latency,
    ttft_ms: ttft ?? null,
    tokens_per_second: final.timing.tokensPerSecond ?? null,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    reasoning_tokens: reasoningTokens || null,
    cost_cny: cost ?? null,
    error_code: scoreError ? 'scorer_error' : (final.error?.code ?? null),
    error_message: scoreError ?? final.error?.message ?? null,
    tries,
    created_at: new Date().toISOString(),
  };
  batch.results.push(result);
  return batch;
}

/** One request with cache, rate limit and retries; every try is an attempt row. */
async function call(
  request: ChatRequest,
  turn: number,
  ep: EngineProvider,
  limiter: Limiter,
  run: Pick<EngineRun, 'options' | 'store' | 'signal' | 'sleep'>,
  ctx: CallContext,
  batch: WriteBatch,
): Promise<{ result: ProviderResult; tries: number }> {
  const { provider } = ep;
  const useCache = run.options.cache && provider.cacheable !== false;
  const key = useCache ? cacheKey(provider.identity, request, ctx.repeat) : '';
  if (useCache) {
    const hit = await run.store.cacheGet(key);
    if (hit) {
      const result = JSON.parse(hit) as ProviderResult;
      batch.attempts.push(attemptRow(ctx, provider.id, turn, 0, result, ep.cost(result), true));
      return { result, tries: 0 };
    }
  }
  const estimate = estimateTokens(request.messages.map((m) => m.content).join('')) + (request.maxTokens ?? 0);
  const pause = run.sleep ?? sleep;
  let result: ProviderResult;
  let attempt = 0;
  for (;;) {
    await limiter.acquire(estimate);
    result = await provider.complete(request, ctx);
    if (result.usage) limiter.settle(estimate, result.usage.inputTokens + result.usage.outputTokens);
    batch.attempts.push(attemptRow(ctx, provider.id, turn, attempt + 1, result, ep.cost(result), false));
    if (!RETRYABLE.has(result.status) || attempt >= run.options.retries || run.signal?.aborted) break;
    await pause(backoffMs(attempt, result.error?.retryAfterMs));
    attempt++;
  }
  if (useCache && result.status === 'ok') batch.cache.push({ key, response_json: JSON.stringify(result) });
  return { result, tries: attempt + 1 };
}

function attemptRow(ctx: Pick<CallContext, 'runId' | 'taskId' | 'itemId' | 'repeat'>, providerId: string, turn: number, tryNo: number, r: ProviderResult, cost: number | undefined, cached: boolean): NewAttempt {
  return {
    run_id: ctx.runId,
    task_id: ctx.taskId,
    item_id: ctx.itemId,
    provider_id: providerId,
    repeat: ctx.repeat,
    turn,
    try: tryNo,
    status: r.status,
    http_status: r.error?.httpStatus ?? null,
    error_code: r.error?.code ?? null,
    error_message: r.error?.message ?? null,
    latency_ms: r.timing.totalMs,
    ttft_ms: r.timing.ttftMs ?? null,
    input_tokens: r.usage?.inputTokens ?? null,
    output_tokens: r.usage?.outputTokens ?? null,
    // A cached answer costs nothing now; its original cost is in the earlier run.
    cost_cny: cached ? 0 : (cost ?? null),
    cached: cached ? 1 : 0,
    // Always written: a multi-row insert mixing rows with and without it would store NULL on SQLite.
    role: 'answer',
    created_at: new Date().toISOString(),
  };
}

/**
 * Judge requests made while scoring a unit become attempt rows of that unit
 * (role 'judge', provider = the judge), numbered by request in `turn`.
 */
function judgeRecorder(ctx: CallContext, batch: WriteBatch, costs?: JudgeCosts): (t: JudgeTry) => void {
  return judgeAttempts(ctx, costs, (a) => batch.attempts.push(a));
}

/**
 * Attempt rows (role 'judge') for the judge requests made about one unit:
 * `turn` numbers the requests, `try` the tries of each. Shared by the engine
 * and the safety judging, so every judge request is audited the same way.
 */
export function judgeAttempts(unit: Pick<CallContext, 'runId' | 'taskId' | 'itemId' | 'repeat'>, costs: JudgeCosts | undefined, push: (a: NewAttempt) => void): (t: JudgeTry) => void {
  let request = -1;
  return (t) => {
    if (t.try <= 1) request++;
    const cost = costs?.get(t.judge)?.(t.result);
    push({ ...attemptRow(unit, t.judge, request, t.try, t.result, cost, t.cached), role: 'judge' });
  };
}

/** Run every scorer. A scorer that throws is a Heng-side error, never a wrong answer. */
async function scoreAll(task: Task, item: Item, output: string, messages: ChatMessage[], recordJudge: (t: JudgeTry) => void): Promise<Array<Score & { scorer: string }>> {
  const out: Array<Score & { scorer: string }> = [];
  for (const s of task.scorers) {
    try {
      out.push({ scorer: s.name, ...(await s.score({ output, item, messages, recordJudge })) });
    } catch (err) {
      out.push({ scorer: s.name, value: 0, outcome: 'unparseable', detail: { scorerError: `${s.name}: ${(err as Error).message}` } });
    }
  }
  return out;
}

/**
 * Group commit: finished units are buffered briefly and committed in one
 * transaction; only then are they counted as done. A crash loses at most the
 * uncommitted buffer, which resume redoes.
 */
class Writer {
  private pending: WriteBatch = { results: [], attempts: [], cache: [] };
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;
  constructor(
    private readonly store: Store,
    private readonly committed: (b: WriteBatch) => void,
    private readonly maxRows = 256,
    private readonly maxDelayMs = 25,
  ) {}
  /** Resolves at once, or after a commit when the buffer is full (back-pressure). */
  async push(b: WriteBatch): Promise<void> {
    if (this.failure) throw this.failure;
    this.pending.results.push(...b.results);
    this.pending.attempts.push(...b.attempts);
    this.pending.cache.push(...b.cache);
    if (this.pending.results.length >= this.maxRows) {
      this.flush();
      await this.flushing;
    } else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }
  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = { results: [], attempts: [], cache: [] };
    this.flushing = this.flushing.then(async () => {
      if (!batch.results.length && !batch.attempts.length) return;
      try {
        await this.store.write(batch);
        this.committed(batch);
      } catch (err) {
        this.failure = err;
      }
    });
  }
  async close() {
    this.flush();
    await this.flushing;
    if (this.failure) throw this.failure;
  }
}
