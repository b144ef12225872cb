// The queue in one process: the shared limiter against real Redis, and
// enqueue → worker → store against real Postgres, including resume and cancel.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { redisClient } from '../../src/queue/connection.js';
import { cancelRun, enqueueRun, followRun, runQueued } from '../../src/queue/enqueue.js';
import { serveHealth } from '../../src/queue/health.js';
import { RedisLimiter, windowLimits } from '../../src/queue/redis-limiter.js';
import { startWorker } from '../../src/queue/worker.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { dropQueue, maxInWindow, PG_URL, REDIS_URL, uniquePrefix, withQueue, writeEchoConfig } from './fixtures.js';

let server: OpenAIServer;
let store: Store;
let redis: Redis;
beforeAll(async () => {
  server = await startOpenAIServer();
  store = await openStore(PG_URL);
  redis = redisClient(REDIS_URL);
});
afterAll(async () => {
  await server.close();
  await store.close();
  redis.disconnect();
});

describe('RedisLimiter', () => {
  it('scales per-minute limits to the window and adds a guard', () => {
    expect(windowLimits({ rpm: 600, windowMs: 1000 })).toEqual({ windowMs: 1000, guardMs: 100, requests: 10, tokens: 0 });
    expect(windowLimits({ tpm: 120_000 })).toEqual({ windowMs: 60_000, guardMs: 1200, requests: 0, tokens: 120_000 });
    expect(windowLimits({ rpm: 1, windowMs: 1000 }).requests).toBe(1);
  });

  it('never grants more requests than the limit in any window, across limiter instances', async () => {
    const key = uniquePrefix('rpm');
    const other = redisClient(REDIS_URL);
    try {
      // 10 requests per 300 ms (+100 ms guard) shared by two "workers".
      const a = new RedisLimiter(redis, key, { rpm: 2000, windowMs: 300, guardMs: 100 }, 'heng-test');
      const b = new RedisLimiter(other, key, { rpm: 2000, windowMs: 300, guardMs: 100 }, 'heng-test');
      const granted: number[] = [];
      await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).acquire().then(() => granted.push(Date.now()))));
      expect(granted).toHaveLength(40);
      expect(maxInWindow(granted, 300)).toBeLessThanOrEqual(10);
      // The limit binds: a full window's allowance is used at once.
      expect(maxInWindow(granted, 300)).toBeGreaterThanOrEqual(8);
    } finally {
      other.disconnect();
    }
  });

  it('limits tokens per window and corrects the estimate with the real usage', async () => {
    const key = uniquePrefix('tpm');
    // 1,000 tokens per 400 ms window.
    const limiter = new RedisLimiter(redis, key, { tpm: 150_000, windowMs: 400, guardMs: 0 }, 'heng-test');
    const granted: Array<{ at: number; tokens: number }> = [];
    await Promise.all(Array.from({ length: 12 }, () => limiter.acquire(300).then(() => granted.push({ at: Date.now(), tokens: 300 }))));
    for (const g of granted) {
      const inWindow = granted.filter((x) => x.at >= g.at && x.at <= g.at + 399).reduce((n, x) => n + x.tokens, 0);
      expect(inWindow).toBeLessThanOrEqual(1000);
    }
    // A settled over-estimate gives tokens back: the sum drops by the difference.
    const sumKey = `heng-test:rl:{${key}}:toksum`;
    const before = Number(await redis.get(sumKey));
    limiter.settle(300, 100);
    await new Promise((r) => setTimeout(r, 50));
    expect(Number(await redis.get(sumKey))).toBe(before - 200);
  });
});

describe('queue: enqueue, workers, resume, cancel', () => {
  it('runs every unit exactly once, and re-enqueueing the same run adds nothing twice', async () => {
    const prefix = uniquePrefix('basic');
    const loaded = loadConfig(writeEchoConfig({ items: 60, serverUrl: server.url, providers: 2 }));
    const worker = await startWorker({ queue: { url: REDIS_URL, prefix }, store, log: () => undefined });
    const health = await serveHealth(worker, 0, '127.0.0.1', 'health-token');
    try {
      const e = await enqueueRun({ store, loaded, queue: { url: REDIS_URL, prefix }, batchSize: 25 });
      // 60 items × 2 providers in batches of 25 per (provider, task): 3 jobs each.
      expect(e).toMatchObject({ planned: 120, alreadyDone: 0, jobs: 6, units: 120 });
      const r = await followRun(store, e.runId, { pollMs: 100 });
      expect(r.status).toBe('done');
      expect(r.progress.done).toBe(120);
      const results = await store.results(e.runId);
      expect(results).toHaveLength(120);
      expect(results.every((x) => x.outcome === 'correct')).toBe(true);
      expect((await store.getRun(e.runId))!.summary!.headline.map((h) => [h.provider, h.score])).toEqual([
        ['echo0', 1],
        ['echo1', 1],
      ]);
      const res = await fetch(`http://127.0.0.1:${health.port}/healthz`, { headers: { authorization: 'Bearer health-token' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, redis: true, db: true, jobsProcessed: 6, unitsCommitted: 120 });
      // Without the token: whether it is healthy, nothing about runs, jobs or the host.
      const anonymous = await fetch(`http://127.0.0.1:${health.port}/healthz`, { headers: { authorization: 'Bearer wrong' } });
      expect(await anonymous.json()).toEqual({ ok: true, redis: true, db: true, stopping: false });
      expect((await fetch(`http://127.0.0.1:${health.port}/other`)).status).toBe(404);

      // Resume of a finished run: nothing is missing, nothing is enqueued or sent.
      const sent = server.requests.length;
      const again = await enqueueRun({ store, loaded, queue: { url: REDIS_URL, prefix }, resumeId: e.runId });
      expect(again).toMatchObject({ jobs: 0, units: 0, alreadyDone: 120 });
      expect(server.requests.length).toBe(sent);
    } finally {
      await health.close();
      await worker.close();
      await dropQueue(prefix);
    }
  });

  it("holds an LLM judge to its rate limit across workers, and counts the judge's cost in the run", async () => {
    const prefix = uniquePrefix('judge');
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-queue-judge-'));
    writeFileSync(path.join(dir, 'items.jsonl'), Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `question ${i}` })).join('\n'));
    // The judge: 600 rpm = 5 requests per 500 ms window (the workers' window here), ¥1 per request.
    writeFileSync(
      path.join(dir, 'heng.yaml'),
      `providers:
  - { id: cand, type: openai-compatible, baseUrl: ${server.url}/v1, model: cand-model, stream: false, concurrency: 8 }
  - { id: judge, type: openai-compatible, baseUrl: ${server.url}/v1, model: judge-model, stream: false, role: judge, concurrency: 8, rateLimit: { rpm: 600 }, price: { inputPerMillion: 1000000, outputPerMillion: 0 } }
tasks:
  - id: open
    dataset: items.jsonl
    prompt: { user: "{{question}}" }
    scorers: [{ type: judge-single, reference: never }]
run: { cache: false, retries: 2 }
`,
    );
    server.setScript((req) => (req.body.model === 'judge-model' ? { kind: 'answer', text: 'Rating: [[7]]', usage: { prompt_tokens: 1, completion_tokens: 0 } } : undefined));
    const start = server.requests.length;
    // The guard covers the time from grant to arrival at the server; with a 500 ms window (a
    // 60 s one in production, guard 1.2 s) a loaded 2-core machine delays arrivals by more than 100 ms.
    const settings = { queue: { url: REDIS_URL, prefix }, store, rateWindowMs: 500, rateGuardMs: 400, log: () => undefined };
    const workers = [await startWorker(settings), await startWorker(settings)];
    try {
      const e = await enqueueRun({ store, loaded: loadConfig(path.join(dir, 'heng.yaml')), queue: { url: REDIS_URL, prefix }, batchSize: 5 });
      const r = await followRun(store, e.runId, { pollMs: 100 });
      expect(r.status).toBe('done');
      const results = await store.results(e.runId);
      expect(results.map((x) => x.score)).toEqual(Array(30).fill(0.7));
      const judged = server.requests
        .slice(start)
        .filter((q) => q.body.model === 'judge-model')
        .map((q) => q.at);
      expect(judged).toHaveLength(30);
      // Both workers judged, yet the judge never saw more than its limit in any window.
      expect(maxInWindow(judged, 500)).toBeLessThanOrEqual(5);
      expect(workers.every((w) => w.stats().unitsCommitted > 0)).toBe(true);
      // Every judge request is an attempt of the run, and its ¥1 is in the run's spend.
      expect((await store.attempts(e.runId)).filter((a) => a.role === 'judge')).toHaveLength(30);
      expect((await store.resultTotals(e.runId)).costCny).toBeCloseTo(30, 9);
    } finally {
      server.setScript(undefined);
      await Promise.all(workers.map((w) => w.close()));
      await dropQueue(prefix);
    }
  });

  it('keeps one job per batch id when the same plan is enqueued twice while queued', async () => {
    const prefix = uniquePrefix('idem');
    const loaded = loadConfig(writeEchoConfig({ items: 30, serverUrl: server.url }));
    try {
      const detached = await runQueued({ store, loaded, queue: { url: REDIS_URL, prefix }, batchSize: 10, detach: true });
      expect(detached).toMatchObject({ status: 'running', progress: { done: 0, total: 30 }, enqueued: { jobs: 3, units: 30 } });
      const e = detached.enqueued;
      // No worker yet: the jobs wait. Resume adds the same ids: still three jobs.
      await enqueueRun({ store, loaded, queue: { url: REDIS_URL, prefix }, resumeId: e.runId, batchSize: 10 });
      expect(await withQueue(prefix, (q) => q.getJobCountByTypes('wait', 'active', 'delayed', 'prioritized'))).toBe(3);
      const worker = await startWorker({ queue: { url: REDIS_URL, prefix }, store, log: () => undefined });
      try {
        expect((await followRun(store, e.runId, { pollMs: 100 })).status).toBe('done');
      } finally {
        await worker.close();
      }
      expect(await store.countResults(e.runId)).toBe(30);
      expect((await store.attempts(e.runId)).length).toBe(30);
    } finally {
      await dropQueue(prefix);
    }
  });

  it('stops on cancel and finishes on resume with every result once', async () => {
    const prefix = uniquePrefix('cancel');
    // 20 requests/s: 100 items take ~5 s, long enough to cancel in between.
    const loaded = loadConfig(writeEchoConfig({ items: 100, serverUrl: server.url, rpm: 1200, concurrency: 4 }));
    const worker = await startWorker({ queue: { url: REDIS_URL, prefix }, store, rateWindowMs: 1000, log: () => undefined });
    try {
      const e = await enqueueRun({ store, loaded, queue: { url: REDIS_URL, prefix }, batchSize: 20 });
      const controller = new AbortController();
      const followed = followRun(store, e.runId, {
        pollMs: 100,
        onProgress: (p) => {
          if (p.done >= 15 && !controller.signal.aborted) {
            controller.abort();
            void cancelRun(store, e.runId);
          }
        },
      });
      await followed;
      // Workers see the flag within a second; wait until nothing moves.
      let count = -1;
      for (let last = -2; count !== last; await new Promise((r) => setTimeout(r, 1500))) [last, count] = [count, await store.countResults(e.runId)];
      expect(await store.getRunStatus(e.runId)).toBe('cancelled');
      expect(count).toBeLessThan(100);
      expect(await cancelRun(store, e.runId)).toEqual({ status: 'cancelled', changed: false });

      const resumed = await enqueueRun({ store, loaded, queue: { url: REDIS_URL, prefix }, resumeId: e.runId, batchSize: 20 });
      expect(resumed.alreadyDone).toBe(count);
      expect(resumed.units).toBe(100 - count);
      expect((await followRun(store, e.runId, { pollMs: 100 })).status).toBe('done');
      expect(await store.countResults(e.runId)).toBe(100);
      expect((await store.attempts(e.runId)).length).toBe(100);
    } finally {
      await worker.close();
      await dropQueue(prefix);
    }
  });

  it('hands the current job back on graceful shutdown; another worker finishes it', async () => {
    const prefix = uniquePrefix('shutdown');
    // 10 requests/s and a single job of 40 units: the job is mid-way when the worker stops.
    const loaded = loadConfig(writeEchoConfig({ items: 40, serverUrl: server.url, rpm: 600, concurrency: 2 }));
    const first = await startWorker({ queue: { url: REDIS_URL, prefix }, store, rateWindowMs: 1000, log: () => undefined });
    const e = await enqueueRun({ store, loaded, queue: { url: REDIS_URL, prefix }, batchSize: 40 });
    while ((await store.countResults(e.runId)) < 5) await new Promise((r) => setTimeout(r, 100));
    await first.close();
    const stopped = await store.countResults(e.runId);
    expect(stopped).toBeLessThan(40);
    expect(first.stats()).toMatchObject({ jobsFailed: 0, jobsProcessed: 0, currentJobs: [] });
    // Handed back, not failed and not lost: the job waits for the next worker.
    try {
      expect(await withQueue(prefix, (q) => q.getJobCountByTypes('wait', 'delayed', 'prioritized'))).toBe(1);
      expect(await withQueue(prefix, (q) => q.getJobCountByTypes('failed', 'active'))).toBe(0);
      const second = await startWorker({ queue: { url: REDIS_URL, prefix }, store, rateWindowMs: 1000, log: () => undefined });
      try {
        expect((await followRun(store, e.runId, { pollMs: 100 })).status).toBe('done');
        expect(second.stats().unitsSkipped).toBe(stopped);
      } finally {
        await second.close();
      }
      expect(await store.countResults(e.runId)).toBe(40);
      expect((await store.attempts(e.runId)).length).toBe(40);
    } finally {
      await dropQueue(prefix);
    }
  });

  it('fails the run, without retrying, when the dataset on a worker differs from the recorded one', async () => {
    const prefix = uniquePrefix('mismatch');
    const file = writeEchoConfig({ items: 10, serverUrl: server.url });
    const loaded = loadConfig(file);
    const e = await enqueueRun({ store, loaded, queue: { url: REDIS_URL, prefix }, batchSize: 10 });
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file.replace(/heng\.yaml$/, 'items.jsonl'), `${JSON.stringify({ id: 'q10', question: '10', answer: '10' })}\n`);
    const logs: string[] = [];
    const worker = await startWorker({ queue: { url: REDIS_URL, prefix }, store, log: (l) => logs.push(l) });
    try {
      const r = await followRun(store, e.runId, { pollMs: 100 });
      expect(r.status).toBe('failed');
      expect(await store.countResults(e.runId)).toBe(0);
      expect(logs.join('\n')).toMatch(/differs from the one run .* recorded/);
      expect(worker.stats().jobsFailed).toBe(1);
    } finally {
      await worker.close();
      await dropQueue(prefix);
    }
  });

  it('stops all workers at the budget, and a resume with a higher budget finishes the run', async () => {
    const prefix = uniquePrefix('budget');
    // About 0.02 CNY per answer at 10,000 CNY per million tokens: the budget lasts ~10 answers. 20 requests/s.
    const loaded = loadConfig(writeEchoConfig({ items: 100, serverUrl: server.url, rpm: 1200, concurrency: 2, pricePerMillion: 10_000 }));
    const workers = await Promise.all([1, 2].map(() => startWorker({ queue: { url: REDIS_URL, prefix }, store, rateWindowMs: 1000, log: () => undefined })));
    try {
      const first = await runQueued({ store, loaded, queue: { url: REDIS_URL, prefix }, batchSize: 10, overrides: { budgetCny: 0.2 }, pollMs: 100 });
      expect(first.status).toBe('stopped_budget');
      let count = -1;
      for (let last = -2; count !== last; await new Promise((r) => setTimeout(r, 1500))) [last, count] = [count, await store.countResults(first.runId)];
      const spent = (await store.resultTotals(first.runId)).costCny;
      expect(spent).toBeGreaterThanOrEqual(0.2);
      // Overshoot is bounded by the units in flight: 2 workers × 2 slots, plus what commits within the 1 s status cache.
      expect(count).toBeLessThan(60);

      const resumed = await runQueued({ store, loaded, queue: { url: REDIS_URL, prefix }, resumeId: first.runId, batchSize: 10, overrides: { budgetCny: 100 }, pollMs: 100 });
      expect(resumed.status).toBe('done');
      expect(resumed.enqueued.alreadyDone).toBe(count);
      expect((await store.getRun(first.runId))!.options.budgetCny).toBe(100);
      expect(await store.countResults(first.runId)).toBe(100);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await dropQueue(prefix);
    }
  });
});
