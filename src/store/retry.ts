// Waiting out a database that went away: back-off, a bound on how long one
// operation waits, and the store's availability as events, so every surface
// can say "store unavailable, retrying" instead of dying. The failure model
// is written down in docs/queue.md.
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';

/** How long one operation waits for the store before it fails (HENG_STORE_RETRY_SECONDS, default 300). */
export function defaultRetryMs(): number {
  const raw = process.env.HENG_STORE_RETRY_SECONDS;
  const seconds = raw === undefined || raw === '' ? 300 : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 300_000;
}

/** The store did not come back within the retry bound. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly waitedMs: number,
    readonly cause: unknown,
  ) {
    super(`store unavailable for ${Math.round(waitedMs / 1000)} s, giving up: ${(cause as Error)?.message ?? String(cause)} (HENG_STORE_RETRY_SECONDS sets how long to wait)`);
    this.name = 'StoreUnavailableError';
  }
}

/** The store could not say whether a commit went through (its reply was lost and the check failed). */
export class CommitUnknownError extends Error {
  constructor(readonly cause: unknown) {
    super(`the store's connection broke while a write was being committed and whether it was cannot be told: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'CommitUnknownError';
  }
}

export interface Outage {
  /** The failure that started or continues the outage. */
  error: unknown;
  /** Since the first failed try of the longest-waiting operation. */
  sinceMs: number;
  /** When that operation gives up. */
  limitMs: number;
}

/**
 * A store's availability: `unavailable` (Outage) on the first failure of an
 * outage and again on later failures, `available` (ms the outage lasted)
 * when an operation succeeds after it.
 */
export class StoreStatus extends EventEmitter<{ unavailable: [Outage]; available: [number] }> {
  private outageSince: number | undefined;

  get down(): boolean {
    return this.outageSince !== undefined;
  }

  failed(o: Outage): void {
    this.outageSince ??= performance.now() - o.sinceMs;
    this.emit('unavailable', o);
  }

  succeeded(): void {
    if (this.outageSince === undefined) return;
    const lasted = performance.now() - this.outageSince;
    this.outageSince = undefined;
    this.emit('available', lasted);
  }
}

const budget = new AsyncLocalStorage<number>();

/** Operations started inside `fn` wait at most `ms` for the store (a web request should not hang for minutes). */
export function withRetryBudget<T>(ms: number, fn: () => T): T {
  return budget.run(ms, fn);
}

/** Work started inside `fn` outlives the request that started it: it waits as long as any (the default bound). */
export function withoutRetryBudget<T>(fn: () => T): T {
  return budget.exit(fn);
}

export interface RetryPolicy {
  /** Default bound on one operation's waiting; a withRetryBudget scope may shorten it. */
  maxMs: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Run `op`, and while it fails with a transient error (`retryable`) run it
 * again after an exponential back-off with jitter (100 ms doubling up to
 * 5 s), until the bound is spent; then StoreUnavailableError.
 */
export async function retrying<T>(op: () => Promise<T>, retryable: (err: unknown) => boolean, policy: RetryPolicy, status?: StoreStatus): Promise<T> {
  const limitMs = Math.min(policy.maxMs, budget.getStore() ?? Number.POSITIVE_INFINITY);
  const started = performance.now();
  let delay = policy.firstDelayMs ?? 100;
  for (;;) {
    try {
      const result = await op();
      // Also ends an outage seen only by idle pooled connections (./postgres.ts guardedPool).
      status?.succeeded();
      return result;
    } catch (err) {
      if (!retryable(err)) throw err;
      const sinceMs = performance.now() - started;
      if (sinceMs >= limitMs) throw new StoreUnavailableError(sinceMs, err);
      status?.failed({ error: err, sinceMs, limitMs });
      const wait = Math.min(delay * (0.75 + Math.random() / 2), limitMs - sinceMs);
      await new Promise((r) => setTimeout(r, wait));
      delay = Math.min(delay * 2, policy.maxDelayMs ?? 5000);
    }
  }
}
