// kill -9 in the middle of a run, then --resume: exactly the results of an
// uninterrupted run, no duplicates, nothing redone.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

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

const rowsOf = (db: string) =>
  new Database(db, { readonly: true })
    .prepare('select task_id, item_id, provider_id, repeat, status, outcome, score, raw_output, extracted from results order by provider_id, item_id, repeat')
    .all();

it('resumes after kill -9 with exactly the rows of an uninterrupted run', async () => {
  const dir = setup();
  const cfg = path.join(dir, 'heng.yaml');
  const full = path.join(dir, 'full.db');
  const broken = path.join(dir, 'broken.db');
  const ok = await heng(['run', cfg, '--db', full]);
  expect(ok.status, ok.stderr).toBe(0);

  const child = spawn(process.execPath, [bin, 'run', cfg, '--db', broken], { stdio: 'ignore' });
  // Wait until part of the run is committed, then kill without warning.
  for (let i = 0; i < 400; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      const n = (new Database(broken, { readonly: true }).prepare('select count(*) n from results').get() as { n: number }).n;
      if (n >= 100) break;
    } catch {
      /* not created yet */
    }
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const db = new Database(broken, { readonly: true });
  const partial = (db.prepare('select count(*) n from results').get() as { n: number }).n;
  const runId = (db.prepare('select id from runs').get() as { id: string }).id;
  expect((db.prepare('select status from runs').get() as { status: string }).status).toBe('running');
  db.close();
  expect(partial).toBeGreaterThanOrEqual(100);
  expect(partial).toBeLessThan(2 * ITEMS);

  const before = server.requests.length;
  const resumed = await heng(['run', cfg, '--db', broken, '--resume', runId]);
  expect(resumed.status, resumed.stderr).toBe(0);
  // Only what was missing was sent again.
  expect(server.requests.length - before).toBe(2 * ITEMS - partial);
  const a = rowsOf(full);
  const b = rowsOf(broken);
  expect(b).toHaveLength(2 * ITEMS);
  expect(b).toEqual(a);
}, 120_000);
