// The engine: works through tasks × items × providers × repeats, with
// per-provider concurrency and rate limits, retries, the response cache and
// the budget cap. A result is committed to the store before it is counted,
// so an interrupted run resumes without redoing or duplicating anything.
import type { Store } from '../store/store.js';
import { resultKey } from '../store/store.js';
import { unitCostCny } from '../store/outcome.js';
import type { Task } from '../tasks/task.js';
import {
  RETRYABLE,
  isTruncated,
  type AttemptOutcome,
  type CallContext,
  type ChatMessage,
  type ChatRequest,
  type Item,
  type JudgeTry,
  type NamedScore,
  type Outcome,
  type ProviderResult,
  type UnitOutcome,
} from '../types.js';
import { cacheKey } from './cache.js';
import { RateLimiter, backoffMs, sleep } from './limits.js';
import { Budget, runPool, type Limiter } from './pool.js';
import { estimateTokens } from './tokens.js';
import { GroupWriter } from './writer.js';

export type { Limiter } from './pool.js';

import type { EngineProvider } from '../types.js';
export type { EngineProvider };

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

export interface Unit {
  task: Task;
  item: Item;
  repeat: number;
}

export async function runEngine(run: EngineRun): Promise<{ end: EngineEnd; progress: Progress }> {
  const started = performance.now();
  const total = run.tasks.reduce((n, t) => n + t.items.length, 0) * run.options.repeats * run.providers.length;
  const progress: Progress = { done: run.skip?.size ?? 0, total, errors: 0, costCny: 0, elapsedMs: 0 };
  const writer = new GroupWriter<UnitOutcome>((units) => run.store.commitUnits(units), {
    committed: (units) => {
      for (const u of units) {
        if (u.result) progress.done++;
        if (u.result?.outcome === 'error') progress.errors++;
        progress.costCny += unitCostCny(u);
      }
      progress.elapsedMs = performance.now() - started;
      run.onProgress?.({ ...progress });
    },
  });
  const budget = new Budget(run.options.budgetCny);
  // Keep what finished even when a unit failed (it is valid and resume skips it); that error is the one to report.
  const ends = await writer.closeAfter(
    allOrFirstError(
      run.providers.map((ep) =>
        runPool({
          items: unitsFor(run.tasks, run.options.repeats, ep.provider.id, run.skip),
          concurrency: ep.concurrency,
          limiter: new RateLimiter(ep.rateLimit),
          signal: run.signal,
          budget,
          work: async (unit, limiter) => {
            const outcome = await evaluateUnit(unit, ep, limiter, run);
            // Cut short by the stop, not by the vendor: keep the tries for the audit, leave the unit to resume.
            if (run.signal?.aborted && outcome.result && RETRYABLE.has(outcome.result.status as ProviderResult['status'])) return { ...outcome, result: undefined };
            return outcome;
          },
          cost: unitCostCny,
          done: (outcome) => writer.push(outcome),
        }),
      ),
    ),
  );
  progress.elapsedMs = performance.now() - started;
  const end: EngineEnd = run.signal?.aborted ? 'cancelled' : ends.some((e) => e.end === 'budget') ? 'stopped_budget' : 'done';
  return { end, progress };
}

/** Like Promise.all, but only once every promise has settled: no provider's pool is still pushing to the writer when it closes. */
async function allOrFirstError<T>(ps: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(ps);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
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
 * One item for one provider: all its turns, then its scores. Returns the
 * unit's outcome; the caller decides when to commit it (group commit, both
 * in-process and on queue workers).
 */
export async function evaluateUnit(unit: Unit, ep: EngineProvider, limiter: Limiter, run: Pick<EngineRun, 'runId' | 'options' | 'store' | 'signal' | 'sleep' | 'judgeCosts'>): Promise<UnitOutcome> {
  const { task, item, repeat } = unit;
  const { provider } = ep;
  const out: UnitOutcome = { runId: run.runId, taskId: task.id, itemId: item.id, providerId: provider.id, repeat, attempts: [], cache: [] };
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
  // An answer from the cache was timed in the run that first asked: this run has no timing for it (src/store/timing.ts).
  let fromCache = false;

  for (let turn = 0; turn <= followUps.length; turn++) {
    if (turn > 0) messages.push({ role: 'assistant', content: outputs[turn - 1] }, { role: 'user', content: followUps[turn - 1] });
    const request: ChatRequest = {
      messages: [...messages],
      temperature: run.options.temperature,
      maxTokens: run.options.maxTokens,
      seed: run.options.seed,
    };
    const r = await call(request, turn, ep, limiter, run, ctx, out);
    tries += r.tries;
    if (r.tries === 0) fromCache = true;
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
  let scores: NamedScore[] = [];
  // An answer cut by the token limit is kept (text and finish reason) but not
  // scored unless the task opts in: a cut answer says nothing sure about the model.
  const cut = final.status === 'ok' && isTruncated(final.finishReason) && !task.scoreTruncated;
  if (cut) outcome = 'truncated';
  else if (final.status === 'ok') {
    scores = await scoreAll(
      task,
      item,
      final.text,
      messages,
      judgeAttempts(run.judgeCosts, (a) => out.attempts.push(a)),
    );
    outcome = scores[0].outcome;
  } else outcome = final.status === 'content_filtered' ? 'content_filtered' : final.status === 'missing' ? 'missing' : 'error';
  const primary = scores[0];
  const scoreError = primary?.detail?.scorerError as string | undefined;
  if (scoreError) outcome = 'error';

  out.result = {
    status: scoreError ? 'scorer_error' : final.status,
    outcome,
    score: (outcome === 'correct' || outcome === 'wrong' || outcome === 'unparseable') && !primary?.unrated ? (primary?.value ?? null) : null,
    output: final.status === 'ok' ? final.text : null,
    reasoning: final.reasoning ?? null,
    extracted: primary?.extracted ?? null,
    rule: primary?.rule ?? null,
    scores,
    turns: followUps.length ? outputs : undefined,
    finishReason: final.finishReason ?? null,
    latencyMs: provider.recorded || fromCache ? null : latency,
    ttftMs: fromCache ? null : (ttft ?? null),
    tokensPerSecond: fromCache ? null : (final.timing.tokensPerSecond ?? null),
    inputTokens,
    outputTokens,
    reasoningTokens,
    costCny: cost ?? null,
    errorCode: scoreError ? 'scorer_error' : (final.error?.code ?? null),
    errorMessage: scoreError ?? final.error?.message ?? null,
    tries,
    at: new Date().toISOString(),
  };
  return out;
}

/** One request with cache, rate limit and retries; every try is an attempt of the unit. */
async function call(
  request: ChatRequest,
  turn: number,
  ep: EngineProvider,
  limiter: Limiter,
  run: Pick<EngineRun, 'options' | 'store' | 'signal' | 'sleep'>,
  ctx: CallContext,
  out: UnitOutcome,
): Promise<{ result: ProviderResult; tries: number }> {
  const { provider } = ep;
  const useCache = run.options.cache && provider.cacheable !== false;
  const key = useCache ? cacheKey(provider.identity, request, ctx.repeat) : '';
  if (useCache) {
    const hit = await run.store.cacheGet(key);
    if (hit) {
      const result = JSON.parse(hit) as ProviderResult;
      out.attempts.push(attemptOf('answer', provider.id, turn, 0, result, ep.cost(result), true));
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
    out.attempts.push(attemptOf('answer', provider.id, turn, attempt + 1, result, ep.cost(result), false));
    if (!RETRYABLE.has(result.status) || attempt >= run.options.retries || run.signal?.aborted) break;
    await pause(backoffMs(attempt, result.error?.retryAfterMs));
    attempt++;
  }
  if (useCache && result.status === 'ok') out.cache.push({ key, response: result });
  return { result, tries: attempt + 1 };
}

function attemptOf(role: AttemptOutcome['role'], providerId: string, turn: number, tryNo: number, result: ProviderResult, cost: number | undefined, cached: boolean): AttemptOutcome {
  // A cached answer costs nothing now; its original cost is in the earlier run.
  return { role, providerId, turn, try: tryNo, cached, result, costCny: cached ? 0 : (cost ?? null), at: new Date().toISOString() };
}

/**
 * Attempts (role 'judge', provider = the judge) for the judge requests made
 * about one unit: `turn` numbers the requests, `try` the tries of each.
 * Shared by the engine and the safety judging, so every judge request is
 * audited and priced the same way.
 */
export function judgeAttempts(costs: JudgeCosts | undefined, push: (a: AttemptOutcome) => void): (t: JudgeTry) => void {
  let request = -1;
  return (t) => {
    if (t.try <= 1) request++;
    push(attemptOf('judge', t.judge, request, t.try, t.result, costs?.get(t.judge)?.(t.result), t.cached));
  };
}

/** Run every scorer. A scorer that throws is a Heng-side error, never a wrong answer. */
async function scoreAll(task: Task, item: Item, output: string, messages: ChatMessage[], recordJudge: (t: JudgeTry) => void): Promise<NamedScore[]> {
  const out: NamedScore[] = [];
  for (const s of task.scorers) {
    try {
      out.push({ scorer: s.name, ...(await s.score({ output, item, messages, recordJudge })) });
    } catch (err) {
      out.push({ scorer: s.name, value: 0, outcome: 'unparseable', detail: { scorerError: `${s.name}: ${(err as Error).message}` } });
    }
  }
  return out;
}
