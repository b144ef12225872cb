// kill -9 in the middle of a run, then --resume: exactly the results of an
// uninterrupted run, no duplicates, nothing redone.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';

let server: OpenAIServer;
beforeAll(async () => (server = await startOpenAIServer({ behaviour: { firstByteMs: 4 } })));
afterAll(() => server.close());

const ITEMS = 400;
const bin = path.resolve('bin/heng.js');

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-resume-'));
  const rows = Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: `q${i}`, question: `${i % 7}`, answer: String(i % 3) })).join('\n');
  writeFileSync(path.join(dir, 'items.jsonl'), rows);
  writeFileSync(
    path.join(dir, 'heng.yaml'),
    `providers:
  - { id: a, type: openai-compatible, baseUrl: ${server.url}/v1, model: m1, concurrency: 4 }
  - { id: b, type: openai-compatible, baseUrl: ${server.url}/v1, model: m2, concurrency: 4, stream: false }
tasks:
  - id: t
    dataset: items.jsonl
    prompt: { user: "{{question}}" }
    scorers: [{ type: exact }]
run: { cache: false }
`,
  );
  return dir;
}

// Async: the test server lives in this process and must keep answering.
function heng(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (status) => resolve({ status, stderr }));
  });
}

// Read through the Store, so the same test runs on SQLite and on Postgres.
async function rowsOf(db: string, runId: string) {
  const store = await openStore(db);
  try {
    return (await store.results(runId)).map(({ task_id, item_id, provider_id, repeat, status, outcome, score, raw_output, extracted }) => ({
      task_id,
      item_id,
      provider_id,
      repeat,
      status,
      outcome,
      score,
      raw_output,
      extracted,
    }));
  } finally {
    await store.close();
  }
}

it('resumes after kill -9 with exactly the rows of an uninterrupted run', async () => {
  const dir = setup();
  const cfg = path.join(dir, 'heng.yaml');
  const full = await testDb(dir, 'full.db');
  const broken = await testDb(dir, 'broken.db');
  const ok = await heng(['run', cfg, '--db', full]);
  expect(ok.status, ok.stderr).toBe(0);
  const fullStore = await openStore(full);
  const fullRunId = (await fullStore.getRun('latest'))!.id;
  await fullStore.close();

  // The store is created (migrated) first so that the poll below can read it.
  const store = await openStore(broken);
  try {
    const child = spawn(process.execPath, [bin, 'run', cfg, '--db', broken], { stdio: 'ignore' });
    // Wait until part of the run is committed, then kill without warning.
    let run: Awaited<ReturnType<typeof store.getRun>>;
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = await store.getRun('latest');
      if (run && (await store.countResults(run.id)) >= 100) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    run = await store.getRun('latest');
    expect(run?.status).toBe('running');
    const runId = run!.id;
    const partial = await store.countResults(runId);
    expect(partial).toBeGreaterThanOrEqual(100);
    expect(partial).toBeLessThan(2 * ITEMS);

    const before = server.requests.length;
    const resumed = await heng(['run', cfg, '--db', broken, '--resume', runId]);
    expect(resumed.status, resumed.stderr).toBe(0);
    // Only what was missing was sent again.
    expect(server.requests.length - before).toBe(2 * ITEMS - partial);
    expect((await store.getRun(runId))?.status).toBe('done');
    const a = await rowsOf(full, fullRunId);
    const b = await rowsOf(broken, runId);
    expect(b).toHaveLength(2 * ITEMS);
    expect(b).toEqual(a);
  } finally {
    await store.close();
  }
}, 120_000);
