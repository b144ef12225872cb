// heng load against a real local server with a scripted capacity: the knee
// is found within one step of the truth, and the request budget holds as
// the server's own log shows.
import { afterEach, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/capacity/sweep.js';
import { BUILT_IN_PROMPTS } from '../../src/capacity/prompts.js';
import { createOpenAICompatible } from '../../src/providers/openai-compatible.js';
import { maxInWindow, startCapacityServer } from '../helpers/capacity-server.js';
import type { OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const provider = (url: string) => createOpenAICompatible({ id: 'cap', model: 'cap-model', baseUrl: `${url}/v1` });

describe('load sweep', () => {
  // "Within one step": the ladder steps next to the truth (4 is on the ladder: 2, 4 or 8; 6 lies between 4 and 8).
  it.each([
    [4, [2, 4, 8]],
    [6, [4, 8]],
  ])(
    'finds the knee of a server that serves %i at once within one step',
    async (capacity, allowed) => {
      server = await startCapacityServer({ capacity, serviceMs: 80 });
      const r = await runSweep(provider(server.url), { budget: { maxRequests: 5000 }, maxConcurrency: 32, stepMs: 2000, prompts: BUILT_IN_PROMPTS, timeoutMs: 10_000 });
      expect(r.stop).toBe('knee');
      expect(r.knee.reason).toBe('saturated');
      expect(allowed).toContain(r.knee.concurrency);
      // It stopped right after the step that showed saturation, not at the cap.
      expect(r.steps.at(-1)!.concurrency).toBe(r.knee.concurrency! * 2);
      // Throughput at the knee is near capacity / service time.
      const atKnee = r.steps.find((s) => s.concurrency === r.knee.concurrency)!;
      expect(atKnee.throughputRps).toBeGreaterThan((Math.min(capacity, atKnee.concurrency) / 0.08) * 0.5);
      expect(atKnee.ttftMs.p50).not.toBeNull();
      expect(atKnee.latencyMs.p99!).toBeGreaterThanOrEqual(atKnee.latencyMs.p50!);
      // Every request the sweep counted reached the server, and no more.
      expect(server.requests.length).toBe(r.requestsSent);
    },
    60_000,
  );

  it('finds the knee by error rate when the server answers 429 beyond its queue', async () => {
    const s = await startCapacityServer({ capacity: 4, serviceMs: 80, maxQueueMs: 20, retryAfterS: 0.5 });
    server = s;
    const r = await runSweep(provider(s.url), { budget: { maxRequests: 5000 }, maxConcurrency: 32, stepMs: 1500, prompts: BUILT_IN_PROMPTS, timeoutMs: 10_000 });
    expect(s.rejected()).toBeGreaterThan(0);
    expect(r.knee.reason).toBe('errors');
    expect([2, 4]).toContain(r.knee.concurrency);
    const over = r.steps.at(-1)!;
    expect(over.errorsByStatus.rate_limited).toBeGreaterThan(0);
    expect(over.errorRate).toBeGreaterThan(0.05);
    // Pushed back, the workers paused as told instead of hammering: every 429 but a
    // worker's last in the step costs it the full 0.5 s Retry-After, so a worker gets
    // at most 1.5 / 0.5 + 1 of them, however slow the machine (sleeping only takes
    // longer) and however many workers are turned away. Hammering would get ~75 each.
    expect(over.errorsByStatus.rate_limited).toBeLessThanOrEqual(over.concurrency * (Math.floor(1500 / 500) + 1));
    expect(server!.requests.length).toBe(r.requestsSent);
  }, 60_000);

  it('never exceeds the total request budget (server log)', async () => {
    server = await startCapacityServer({ capacity: 64, serviceMs: 40 });
    const r = await runSweep(provider(server.url), { budget: { maxRequests: 120 }, maxConcurrency: 32, stepMs: 1000, prompts: BUILT_IN_PROMPTS, timeoutMs: 10_000 });
    expect(r.stop).toBe('request-budget');
    expect(r.requestsSent).toBe(120);
    expect(server.requests.length).toBe(120);
    expect(r.steps.at(-1)!.complete).toBe(false);
  }, 60_000);

  it('never exceeds the per-window budget (server log) and stops when the budget, not the vendor, limits', async () => {
    server = await startCapacityServer({ capacity: 64, serviceMs: 40 });
    const windowMs = 2000;
    const rpm = 40; // 40 requests per 2-second window: binds at concurrency 1 or 2 (≈ 25/s per worker without it)
    // The margin absorbs the delay between our send and the server's receipt (large on a loaded machine).
    const r = await runSweep(provider(server.url), { budget: { maxRequests: 1000, rpm, windowMs, marginMs: 500 }, maxConcurrency: 32, stepMs: 3000, prompts: BUILT_IN_PROMPTS, timeoutMs: 10_000 });
    expect(r.stop).toBe('rpm-budget');
    expect(r.steps.at(-1)!.budgetLimited).toBe(true);
    // The budget-limited step does not count as a knee.
    expect(r.knee.reason).toBe('not-reached');
    const arrivals = server.requests.map((q) => q.receivedAt);
    expect(arrivals.length).toBe(r.requestsSent);
    expect(maxInWindow(arrivals, windowMs)).toBeLessThanOrEqual(rpm);
    // …and the budget was actually used, not merely respected by idling.
    expect(maxInWindow(arrivals, windowMs)).toBeGreaterThan(rpm * 0.5);
  }, 60_000);

  it('rotates through the prompt mix', async () => {
    server = await startCapacityServer({ capacity: 8, serviceMs: 20 });
    await runSweep(provider(server.url), { budget: { maxRequests: 16 }, concurrencies: [1], stepMs: 5000, prompts: BUILT_IN_PROMPTS, timeoutMs: 10_000 });
    const firstUsers = server.requests.map((q) => q.body.messages.at(-1).content);
    expect(new Set(firstUsers).size).toBe(BUILT_IN_PROMPTS.length);
    expect(server.requests[0].body.max_tokens).toBe(512);
  }, 30_000);
});
