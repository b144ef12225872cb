// One truth per number for a queued run: enqueued on Redis, done by two real
// workers into Postgres, finished by the follower — and `heng runs --json`,
// `heng report --format json`, `heng scorecard --json`, the REST API and the
// HTML report show the same headline to 1e-12, intervals included.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { runQueued } from '../../src/queue/enqueue.js';
import { startWorker } from '../../src/queue/worker.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { expectEvaluationSurfacesAgree } from '../helpers/surfaces.js';
import { dropQueue, PG_URL, REDIS_URL, uniquePrefix, writeEchoConfig } from './fixtures.js';

let server: OpenAIServer;
let store: Store;
beforeAll(async () => {
  // Echoes the question (right) except for every third one; echo-1 also misses every fifth.
  server = await startOpenAIServer({
    answers: (body) => {
      const i = Number(lastUser(body));
      return i % 3 === 0 || (body.model === 'echo-1' && i % 5 === 0) ? 'wrong' : String(i);
    },
  });
  store = await openStore(PG_URL);
});
afterAll(async () => {
  await server.close();
  await store.close();
});

it('a queued run with repeats shows one headline on every surface', async () => {
  const prefix = uniquePrefix('consistency');
  const workers = await Promise.all([0, 1].map(() => startWorker({ queue: { url: REDIS_URL, prefix }, store, log: () => undefined })));
  try {
    const loaded = loadConfig(writeEchoConfig({ items: 30, serverUrl: server.url, providers: 2 }));
    const r = await runQueued({ store, loaded, queue: { url: REDIS_URL, prefix }, batchSize: 7, overrides: { repeats: 2 }, pollMs: 100 });
    expect(r.status).toBe('done');
    const headline = await expectEvaluationSurfacesAgree(store, PG_URL, r.runId);
    // 30 items asked twice: echo-0 misses 10 of 30, echo-1 misses 10 + 4 (multiples of 5, not of 3).
    expect(headline.get('echo0')).toMatchObject({ n: 60 });
    expect(headline.get('echo0')!.value).toBeCloseTo(20 / 30, 12);
    expect(headline.get('echo1')!.value).toBeCloseTo(16 / 30, 12);
    // Repeats of an item are not independent answers: the interval resamples whole items.
    const stored = (await store.getRun(r.runId))!.summary!;
    expect(stored.headline.map((h) => h.method)).toEqual(['cluster-bootstrap', 'cluster-bootstrap']);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await dropQueue(prefix);
  }
});
