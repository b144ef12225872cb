import { describe, expect, it } from 'vitest';
import { RateLimiter, Semaphore, backoffMs } from '../../src/engine/limits.js';

describe('limits', () => {
  it('semaphore never lets more than its size in', async () => {
    const sem = new Semaphore(3);
    let inside = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        await sem.acquire();
        inside++;
        peak = Math.max(peak, inside);
        await new Promise((r) => setTimeout(r, 1));
        inside--;
        sem.release();
      }),
    );
    expect(peak).toBe(3);
  });

  it('rate limiter holds requests per minute on a virtual clock', async () => {
    let now = 0;
    const limiter = new RateLimiter({ rpm: 600 }, () => now);
    // 600 rpm = 10/s; starts with one second's worth (10), then refills.
    let granted = 0;
    for (let i = 0; i < 10; i++) {
      await limiter.acquire();
      granted++;
    }
    expect(granted).toBe(10);
    let done = false;
    const p = limiter.acquire().then(() => (done = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    now += 100; // one more token after 100 ms
    await p;
    expect(done).toBe(true);
  });

  it('backoff honours Retry-After and grows exponentially', () => {
    expect(backoffMs(0, 5000)).toBeGreaterThanOrEqual(5000);
    for (let i = 0; i < 20; i++) {
      const b = backoffMs(3);
      expect(b).toBeGreaterThanOrEqual(2000);
      expect(b).toBeLessThanOrEqual(4000);
    }
  });
});
