// `heng serve --queue`: a run started over the API is enqueued for a real
// worker (Redis on 127.0.0.1), followed by the server until done, and can be
// cancelled over the API while the worker has it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type HengWorker } from '../../src/queue/worker.js';
import { startOpenAIServer, lastUser, type OpenAIServer } from '../helpers/openai-server.js';
import { configYaml, startTestServer, waitForRun, type TestServer } from '../server/harness.js';
import { dropQueue, REDIS_URL, uniquePrefix } from './fixtures.js';

const prefix = uniquePrefix('serve');
let llm: OpenAIServer;
let t: TestServer;
let worker: HengWorker;

beforeAll(async () => {
  process.env.HENG_TEST_API_KEY = 'sk-test-queue-0005';
  llm = await startOpenAIServer({ answers: (body) => lastUser(body).replace('q', 'a') });
  t = await startTestServer({ queue: { url: REDIS_URL, prefix } });
  worker = await startWorker({ queue: { url: REDIS_URL, prefix }, store: t.store, log: () => undefined });
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
  await llm?.close();
  await dropQueue(prefix);
});

describe('heng serve with a queue', () => {
  it('a run started over the API is done by a worker and finished by the server', async () => {
    const r = await t.call('evaluator', 'POST', '/api/runs', { configYaml: configYaml(llm.url, { items: 10 }) });
    expect(r.status).toBe(202);
    const { run } = (await r.json()) as { run: { id: string; planned: number } };
    expect(run.planned).toBe(20);
    expect(await waitForRun(t, run.id, 60_000)).toMatchObject({ status: 'done', done: 20, planned: 20 });
    expect((await t.store.results(run.id)).every((x) => x.outcome === 'correct')).toBe(true);
    expect(llm.requests.length).toBe(20);
  });

  it('cancel over the API stops the workers; resume finishes the run', async () => {
    llm.reset();
    llm.setScript(() => ({ kind: 'answer', text: 'a0', firstByteMs: 200 }));
    const r = await t.call('evaluator', 'POST', '/api/runs', { configYaml: configYaml(llm.url, { items: 30 }), overrides: { concurrency: 1 } });
    const { run } = (await r.json()) as { run: { id: string } };
    await new Promise((res) => setTimeout(res, 600));
    expect(await (await t.call('evaluator', 'POST', `/api/runs/${run.id}/cancel`)).json()).toMatchObject({ status: 'cancelled', changed: true });
    const stopped = await waitForRun(t, run.id, 60_000);
    expect(stopped.status).toBe('cancelled');
    expect(stopped.done).toBeLessThan(60);
    llm.setScript(undefined);
    expect((await t.call('evaluator', 'POST', `/api/runs/${run.id}/resume`)).status).toBe(202);
    expect(await waitForRun(t, run.id, 60_000)).toMatchObject({ status: 'done', done: 60 });
    expect(await t.store.countResults(run.id)).toBe(60);
  });
});
