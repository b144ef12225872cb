// Concurrency and rate limits per provider.

/**
 * Waits before a request; in-process by default, Redis-backed across workers.
 * Here rather than in run.ts so judges and queue workers can name it without
 * importing the engine.
 */
export interface Limiter {
  acquire(tokens: number): Promise<void>;
  settle(estimated: number, actual: number): void;
}

/** At most `size` holders at once; FIFO. */
export class Semaphore {
  private waiters: Array<() => void> = [];
  private held = 0;
  constructor(readonly size: number) {}
  /** Takes a slot if one is free, without waiting (and without a promise: hot loops call it first). */
  tryAcquire(): boolean {
    if (this.held >= this.size) return false;
    this.held++;
    return true;
  }
  async acquire(): Promise<void> {
    if (this.held < this.size) {
      this.held++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held--;
  }
}

/**
 * Requests per minute and tokens per minute as token buckets that refill
 * continuously (capacity = one minute's allowance, starting full would burst:
 * start with a second's worth so a fresh run never exceeds the per-minute rate).
 */
export class RateLimiter {
  private requests: Bucket | undefined;
  private tokens: Bucket | undefined;
  constructor(
    limits: { rpm?: number; tpm?: number } = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    if (limits.rpm) this.requests = new Bucket(limits.rpm, now);
    if (limits.tpm) this.tokens = new Bucket(limits.tpm, now);
  }
  /** Wait until one request of about `tokens` tokens may be sent. */
  async acquire(tokens = 0): Promise<void> {
    for (;;) {
      const wait = Math.max(this.requests?.wait(1) ?? 0, this.tokens?.wait(Math.min(tokens, this.tokens.capacity)) ?? 0);
      if (wait <= 0) {
        this.requests?.take(1);
        this.tokens?.take(Math.min(tokens, this.tokens.capacity));
        return;
      }
      await sleep(wait);
    }
  }
  /** Correct the token bucket once the real usage is known. */
  settle(estimated: number, actual: number): void {
    this.tokens?.take(actual - estimated);
  }
}

class Bucket {
  level: number;
  private last: number;
  readonly capacity: number;
  private readonly perMs: number;
  constructor(
    perMinute: number,
    private readonly now: () => number,
  ) {
    this.capacity = perMinute;
    this.perMs = perMinute / 60_000;
    this.level = Math.min(perMinute, Math.max(1, perMinute / 60));
    this.last = now();
  }
  private refill() {
    const t = this.now();
    this.level = Math.min(this.capacity, this.level + (t - this.last) * this.perMs);
    this.last = t;
  }
  wait(amount: number): number {
    this.refill();
    return this.level >= amount ? 0 : (amount - this.level) / this.perMs;
  }
  take(amount: number) {
    this.refill();
    this.level -= amount;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Exponential back-off with full jitter, never shorter than the vendor's
 * Retry-After. Jitter only spreads retries in time; it never touches a score.
 */
export function backoffMs(attempt: number, retryAfterMs?: number, baseMs = 500, capMs = 30_000): number {
  const exp = Math.min(capMs, baseMs * 2 ** attempt);
  const jittered = exp / 2 + Math.random() * (exp / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
