// `heng load` as a user runs it: a provider from heng.yaml, a budget, the
// sweep stored in a real SQLite file and listed again; bad input exits 2.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listLoads } from '../../src/capacity/store.js';
import { openStore } from '../../src/store/open.js';
import { startCapacityServer } from '../helpers/capacity-server.js';
import type { OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';
import { runHeng } from '../helpers/cli.js';

let server: OpenAIServer;
beforeAll(async () => (server = await startCapacityServer({ capacity: 2, serviceMs: 60 })));
afterAll(() => server.close());

const heng = (args: string[]) => runHeng(args);

it('sweeps, stores and lists a load run', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-load-'));
  const cfg = path.join(dir, 'heng.yaml');
  const db = await testDb(dir, 'h.db');
  writeFileSync(
    cfg,
    `providers:
  - { id: cap, type: openai-compatible, baseUrl: ${server.url}/v1, model: cap-model }
  - { id: rec, type: replay, path: answers.jsonl }
tasks:
  - { id: t, items: [{ q: "1" }], prompt: { user: "{{q}}" }, scorers: [{ type: exact }] }
`,
  );
  writeFileSync(path.join(dir, 'answers.jsonl'), '');
  const r = await heng(['load', 'cap', '--config', cfg, '--db', db, '--max-requests', '400', '--max-concurrency', '8', '--step-seconds', '1.2', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const rec = JSON.parse(r.stdout);
  expect(rec.provider).toBe('cap');
  // The knee itself is sweep.test.ts's business; here: a sweep that ran and says where it stopped.
  expect(rec.steps.length).toBeGreaterThanOrEqual(2);
  expect(['knee', 'max-concurrency']).toContain(rec.stop);
  expect(rec.requestsSent).toBe(server.requests.length);
  expect(rec.requestsSent).toBeLessThanOrEqual(400);

  const store = await openStore(db);
  const [stored] = await listLoads(store.db);
  await store.close();
  expect(stored.id).toBe(rec.id);
  expect(stored.steps.map((s) => s.concurrency)).toEqual(rec.steps.map((s: { concurrency: number }) => s.concurrency));
  expect(stored.steps[0].latencyMs.p95).toBeCloseTo(rec.steps[0].latencyMs.p95, 6);

  const list = await heng(['load', '--list', '--db', db]);
  expect(list.code).toBe(0);
  expect(list.stdout).toContain(rec.id);
  expect(list.stdout).toMatch(/knee: (concurrency \d+|not found)/);

  const noBudget = await heng(['load', 'cap', '--config', cfg, '--db', db]);
  expect(noBudget.code).toBe(2);
  expect(noBudget.stderr).toContain('--max-requests');
  const replay = await heng(['load', 'rec', '--config', cfg, '--db', db, '--max-requests', '10']);
  expect(replay.code).toBe(2);
  expect(replay.stderr).toContain('providers.1.type');
}, 300_000);
