// The one work loop: local runs, queue jobs, safety judging and pairwise
// judging all take their work through it. It owns how many pieces run at
// once, hands each the rate limiter, and decides when to stop taking work
// (abort, budget, the caller's own reason); work in flight always finishes.
import { Semaphore, type Limiter } from './limits.js';

export type { Limiter } from './limits.js';

export const unlimited: Limiter = { acquire: async () => undefined, settle: () => undefined };

/** A spend cap that several pools can share (a run's providers draw on one budget). */
export class Budget {
  constructor(
    readonly limitCny: number | undefined,
    /** Spent so far, work finished but not yet committed included. */
    public spentCny = 0,
  ) {}
  get reached(): boolean {
    return this.limitCny !== undefined && this.spentCny >= this.limitCny;
  }
}

export interface PoolOptions<T, R, S extends string> {
  /** Pulled one at a time when a slot is free, so a lazy generator keeps memory flat. */
  items: Iterable<T>;
  /** Pieces at once, or slots shared with other pools (a worker's jobs of one provider share its slots). */
  concurrency: number | Semaphore;
  /** Handed to every piece: it acquires once per request it sends (a unit may send several: turns, retries). */
  limiter?: Limiter;
  work(item: T, limiter: Limiter): Promise<R>;
  /** Awaited in the piece's slot after its cost is counted, e.g. a writer's push, so back-pressure slows the loop. */
  done?(result: R, item: T): Promise<void> | void;
  /** Stop taking new work; what is in flight finishes. */
  signal?: AbortSignal;
  /** Stop taking work once it is reached. */
  budget?: Budget;
  /** What a finished piece cost: added to the budget as it finishes, before it is committed. */
  cost?(result: R): number;
  /** Asked before each piece: a reason to stop taking work (a cancel or budget seen in the store, a shutdown). */
  stop?(): S | undefined | Promise<S | undefined>;
}

export interface PoolEnd<S extends string> {
  /** 'done' when every item was taken, else why the pool stopped taking them. */
  end: 'done' | 'aborted' | 'budget' | S;
  /** Pieces begun (all of them finished). */
  taken: number;
}

/**
 * Runs `work` over `items`. A piece that throws stops the pool taking work;
 * once the pieces in flight have finished, the first error is thrown.
 */
export async function runPool<T, R, S extends string = never>(o: PoolOptions<T, R, S>): Promise<PoolEnd<S>> {
  const slots = typeof o.concurrency === 'number' ? new Semaphore(Math.max(1, o.concurrency)) : o.concurrency;
  const limiter = o.limiter ?? unlimited;
  const source = o.items[Symbol.iterator]();
  let stopped: PoolEnd<S>['end'] | undefined;
  let failure: { err: unknown } | undefined;
  let taken = 0;

  // Awaited only when the caller has a reason of its own to ask (most pieces never wait here).
  const whyStop = (): PoolEnd<S>['end'] | undefined | Promise<S | undefined> => {
    if (o.signal?.aborted) return 'aborted';
    if (o.budget?.reached) return 'budget';
    return o.stop?.();
  };
  const loop = async () => {
    for (;;) {
      if (!slots.tryAcquire()) await slots.acquire();
      try {
        if (stopped || failure) return;
        const next = source.next();
        if (next.done) return;
        const asked = whyStop();
        const why = asked instanceof Promise ? await asked : asked;
        // Another loop may have stopped the pool while this one waited for the answer.
        if (why || stopped || failure) return void (stopped ??= why);
        taken++;
        const result = await o.work(next.value, limiter);
        if (o.budget && o.cost) o.budget.spentCny += o.cost(result);
        if (o.done) await o.done(result, next.value);
      } catch (err) {
        failure ??= { err };
        return;
      } finally {
        slots.release();
      }
    }
  };
  await Promise.all(Array.from({ length: slots.size }, loop));
  if (failure) throw failure.err;
  return { end: stopped ?? 'done', taken };
}
