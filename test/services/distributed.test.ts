// Three worker PROCESSES share a 5,000-item run under a global rate limit;
// one is killed with SIGKILL mid-run. The run must end with every result
// exactly once, and the vendor (the local server) must never have seen more
// requests than the limit in any window.
//
// The limit is rpm 9000 enforced over a scaled-down 1-second window
// (`--rate-window 1000`): at most 150 requests in any second, checked against
// the server's own request timestamps. The guard (`--rate-guard 400`) keeps a
// grant in the window 400 ms longer, to absorb the delay between a grant and
// the request's arrival, which on this loaded 2-core machine varies by more
// than the default guard (100 ms) would cover for a window this short.
import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { enqueueRun, followRun } from '../../src/queue/enqueue.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { dropQueue, maxInWindow, PG_URL, REDIS_URL, uniquePrefix, withQueue, writeEchoConfig } from './fixtures.js';

const ITEMS = 5000;
const RPM = 9000;
const PER_SECOND = RPM / 60;

let server: { url: string; log: string; proc: ChildProcess };
let store: Store;
const workers: Array<{ proc: ChildProcess; healthPort: Promise<number>; exited: Promise<number | null> }> = [];

beforeAll(async () => {
  server = await startServerProcess();
  store = await openStore(PG_URL);
});
afterAll(async () => {
  for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  server.proc.kill('SIGTERM');
  await store.close();
});

/** The vendor stand-in runs in its own process: its timestamps are not skewed by the busy test runner. */
async function startServerProcess() {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/services/echo-server-process.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<{ url: string; log: string; proc: ChildProcess }>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\S+) log (\S+)/.exec(out);
      if (m) resolve({ url: m[1], log: m[2], proc });
    });
    proc.on('exit', () => reject(new Error('server process exited')));
  });
}

function spawnWorker(prefix: string) {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/services/worker-entry.ts',
      'worker',
      '--queue',
      REDIS_URL,
      '--db',
      PG_URL,
      '--prefix',
      prefix,
      '--lock-ms',
      '3000',
      '--rate-window',
      '1000',
      '--rate-guard',
      '400',
      '--health-port',
      '0',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HENG_HEALTH_TOKEN: 'distributed-health' } },
  );
  let log = '';
  const healthPort = new Promise<number>((resolve, reject) => {
    proc.stderr!.on('data', (d) => {
      log += d;
      const m = /health: http:\/\/[^:]+:(\d+)\/healthz/.exec(log);
      if (m) resolve(Number(m[1]));
    });
    proc.on('exit', () => reject(new Error(`worker exited before serving health:\n${log}`)));
  });
  healthPort.catch(() => undefined);
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const w = { proc, healthPort, exited };
  workers.push(w);
  return w;
}

async function health(port: number): Promise<{ ok: boolean; currentJobs: string[]; unitsCommitted: number }> {
  return (await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { authorization: 'Bearer distributed-health' } })).json();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('survives a SIGKILLed worker: 5,000 results exactly once, global rate limit never exceeded', async () => {
  const prefix = uniquePrefix('dist');
  const loaded = loadConfig(writeEchoConfig({ items: ITEMS, serverUrl: server.url, rpm: RPM, concurrency: 8 }));
  const team = [spawnWorker(prefix), spawnWorker(prefix), spawnWorker(prefix)];
  const ports = await Promise.all(team.map((w) => w.healthPort));
  const e = await enqueueRun({ store, loaded, queue: { url: REDIS_URL, prefix }, batchSize: 50 });
  expect(e).toMatchObject({ planned: ITEMS, jobs: ITEMS / 50 });

  // Kill the first worker once the run is well under way and it holds a job.
  const victim = team[0];
  let killedAt = -1;
  const followed = followRun(store, e.runId, {
    pollMs: 250,
    onProgress: (p) => {
      if (killedAt < 0 && p.done >= 1500) killedAt = p.done;
    },
  });
  while (killedAt < 0) await sleep(100);
  while ((await health(ports[0])).currentJobs.length === 0) await sleep(20);
  victim.proc.kill('SIGKILL');
  expect(await victim.exited).toBeNull();

  const end = await followed;
  expect(end.status).toBe('done');

  const row = (
    await sql<{ n: string; keys: string }>`
    select count(*) as n, count(distinct (task_id, item_id, provider_id, repeat)) as keys from results where run_id = ${e.runId}`.execute(store.db)
  ).rows[0];
  expect(Number(row.n)).toBe(ITEMS);
  expect(Number(row.keys)).toBe(ITEMS);
  // Attempts are committed with their result: none from the killed worker's lost units, none twice.
  const att = (
    await sql<{ n: string; keys: string }>`
    select count(*) as n, count(distinct (task_id, item_id, provider_id, repeat, turn, try)) as keys from attempts where run_id = ${e.runId}`.execute(store.db)
  ).rows[0];
  expect(Number(att.n)).toBe(ITEMS);
  expect(Number(att.keys)).toBe(ITEMS);
  expect((await store.results(e.runId)).every((r) => r.outcome === 'correct')).toBe(true);

  // The vendor's view: requests per second never above the limit, and the limit did bind.
  const stamps = (await (await fetch(server.log)).json()) as number[];
  expect(stamps.length).toBeGreaterThanOrEqual(ITEMS);
  const busiest = maxInWindow(stamps, 1000);
  expect(busiest).toBeLessThanOrEqual(PER_SECOND);
  expect(busiest).toBeGreaterThanOrEqual(PER_SECOND * 0.8);

  // The survivors did the rest; SIGTERM stops them cleanly.
  const survivors = await Promise.all(ports.slice(1).map(health));
  expect(survivors.every((h) => h.ok)).toBe(true);
  for (const w of team.slice(1)) w.proc.kill('SIGTERM');
  expect(await Promise.all(team.slice(1).map((w) => w.exited))).toEqual([0, 0]);

  expect(await withQueue(prefix, (q) => q.getJobCountByTypes('wait', 'active', 'delayed', 'failed'))).toBe(0);
  await dropQueue(prefix);
});
