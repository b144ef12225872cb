// The request budget of a load sweep: a total cap and a per-window cap
// (requests per minute). The sweep asks before every request; the budget
// never lets one through that would break either cap. Pacing inside the
// window uses the engine's token-bucket RateLimiter so requests are spread
// out; a strict sliding window on top makes the cap hard (a token bucket
// alone may burst up to twice its rate in one window after an idle spell).
import { RateLimiter, sleep } from '../engine/limits.js';

export interface BudgetLimits {
  /** Total requests the whole sweep may send. */
  maxRequests: number;
  /** Requests per window (per minute unless windowMs says otherwise). */
  rpm?: number;
  /** Window length, ms (default 60,000). */
  windowMs?: number;
  /**
   * Extra margin added to the window on our side, so that network jitter
   * between our send and the vendor's receipt cannot make two requests look
   * closer together at the vendor than they were here. Default 1,000 ms (under 2% of a minute).
   */
  marginMs?: number;
}

export class RequestBudget {
  private sentAt: number[] = [];
  private sent = 0;
  /** Set when a request had to wait for the per-window cap (the budget, not the vendor, limited throughput). */
  waited = false;
  private readonly pacer: RateLimiter | undefined;
  private readonly windowMs: number;
  private readonly marginMs: number;

  constructor(
    readonly limits: BudgetLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.windowMs = limits.windowMs ?? 60_000;
    this.marginMs = limits.marginMs ?? 1000;
    if (limits.rpm) this.pacer = new RateLimiter({ rpm: (limits.rpm * 60_000) / this.windowMs }, now);
  }

  get used(): number {
    return this.sent;
  }

  get exhausted(): boolean {
    return this.sent >= this.limits.maxRequests;
  }

  /**
   * Wait until one more request may be sent, then count it. Returns false,
   * sending nothing, when the total cap is reached or the wait would end
   * after `deadline` (the end of the sweep step).
   */
  async acquire(deadline = Infinity): Promise<boolean> {
    for (;;) {
      if (this.exhausted || this.now() > deadline) return false;
      const wait = this.windowWait();
      if (wait > 0) {
        this.waited = true;
        if (this.now() + wait > deadline) return false;
        await sleep(Math.max(1, wait));
        continue;
      }
      if (this.pacer) {
        const before = this.now();
        await this.pacer.acquire();
        if (this.now() - before > 1) this.waited = true;
        // The pacer may have slept past the step's end or past a window slot taken meanwhile.
        if (this.exhausted || this.now() > deadline || this.windowWait() > 0) continue;
      }
      this.sent++;
      if (this.limits.rpm) this.sentAt.push(this.now());
      return true;
    }
  }

  /** ms until a request fits in the sliding window (0: now). */
  private windowWait(): number {
    const rpm = this.limits.rpm;
    if (!rpm) return 0;
    const span = this.windowMs + this.marginMs;
    const t = this.now();
    while (this.sentAt.length && this.sentAt[0] <= t - span) this.sentAt.shift();
    if (this.sentAt.length < rpm) return 0;
    return this.sentAt[this.sentAt.length - rpm] + span - t;
  }
}
