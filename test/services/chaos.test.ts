// Chaos: real `heng` processes (bin/heng.js) doing a queued run of 500 units
// with 2 workers while something breaks — Postgres restarted, Redis restarted
// empty, a worker SIGKILLed, the server SIGKILLed and started again — and a
// Postgres-backed `heng serve` running a run in process through a Postgres
// restart. Every run must end `done` with exactly one result per unit, and
// no process but the one killed may exit (docs/queue.md, "When the store or
// Redis goes away").
//
// Postgres and Redis here are the suite's own (test/helpers/throwaway-
// services.ts): the machine's shared ones serve other suites meanwhile and
// are never restarted.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createUser } from '../../src/auth/accounts.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { freePort, startThrowawayPostgres, startThrowawayRedis, type ThrowawayPostgres, type ThrowawayRedis } from '../helpers/throwaway-services.js';
import { uniquePrefix, writeEchoConfig } from './fixtures.js';

const UNITS = 500;
// The workers show their jobs on /healthz only to a caller with this token (src/queue/health.ts).
const HEALTH_TOKEN = 'chaos-health-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Proc {
  name: string;
  proc: ChildProcess;
  log(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

const procs: Proc[] = [];

function start(name: string, args: string[], env: Record<string, string> = {}, pipeStdout = false): Proc {
  const proc = spawn(process.execPath, ['bin/heng.js', ...args], { stdio: ['ignore', pipeStdout ? 'pipe' : 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let log = '';
  proc.stderr!.on('data', (d) => (log += d));
  proc.stdout?.on('data', (d) => (log += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  const p: Proc = {
    name,
    proc,
    log: () => log,
    exited,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    async waitFor(pattern, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(log);
        if (m) return m;
        if (!p.alive()) throw new Error(`${name} exited before printing ${pattern}:\n${log}`);
        if (Date.now() > until) throw new Error(`${name} did not print ${pattern} within ${timeoutMs} ms:\n${log}`);
        await sleep(50);
      }
    },
  };
  procs.push(p);
  return p;
}

let pg: ThrowawayPostgres;
let redis: ThrowawayRedis;
let llm: { proc: ChildProcess; url: string };
let store: Store;

beforeAll(async () => {
  [pg, redis] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis()]);
  store = await openStore(pg.url);
  // The vendor stand-in in its own process, 60 ms per answer: a run of 500 units takes a few seconds.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/openai-server.ts', '--port', '0', '--first-byte-ms', '60'], { stdio: ['ignore', 'pipe', 'inherit'] });
  llm = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.on('exit', () => reject(new Error('LLM stand-in exited')));
  });
});

afterAll(async () => {
  for (const p of procs) if (p.alive()) p.proc.kill('SIGKILL');
  llm?.proc.kill('SIGTERM');
  await store?.close();
  await Promise.all([pg?.stop(), redis?.stop()]);
});

function team(prefix: string): Proc[] {
  return [1, 2].map((n) =>
    start(`worker ${n}`, ['worker', '--queue', redis.url, '--db', pg.url, '--lock-ms', '3000', '--concurrency', '2', '--health-port', '0'], {
      HENG_QUEUE_PREFIX: prefix,
      HENG_HEALTH_TOKEN: HEALTH_TOKEN,
    }),
  );
}

/** `heng run --queue` following the run; resolves with the run id once it is recorded. */
async function follower(config: string, prefix: string): Promise<{ p: Proc; runId: string }> {
  const p = start('follower', ['run', config, '--queue', redis.url, '--db', pg.url, '--batch-size', '25'], { HENG_QUEUE_PREFIX: prefix });
  const m = await p.waitFor(/run (\S+): 1 task\(s\)/);
  return { p, runId: m[1] };
}

async function waitForResults(runId: string, n: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await store.countResults(runId)) < n) {
    if (Date.now() > until) throw new Error(`run ${runId}: fewer than ${n} results after ${timeoutMs} ms`);
    await sleep(50);
  }
}

async function waitForStatus(runId: string, timeoutMs = 120_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await store.getRunStatus(runId);
    if (status !== 'running') return status ?? 'missing';
    if (Date.now() > until) throw new Error(`run ${runId} still running after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Exactly one result per planned unit, all of them answered right. */
async function expectExactlyOnce(runId: string): Promise<void> {
  const row = (
    await sql<{ n: string; keys: string; correct: string }>`
    select count(*) as n, count(distinct (task_id, item_id, provider_id, repeat)) as keys, count(*) filter (where outcome = 'correct') as correct
    from results where run_id = ${runId}`.execute(store.db)
  ).rows[0];
  expect({ n: Number(row.n), keys: Number(row.keys), correct: Number(row.correct) }).toEqual({ n: UNITS, keys: UNITS, correct: UNITS });
  expect((await store.getRun(runId))?.planned).toBe(UNITS);
}

/** The workers outlived the chaos and still stop cleanly on SIGTERM. */
async function expectWorkersAliveThenStop(workers: Proc[]): Promise<void> {
  for (const w of workers) expect(w.alive(), `${w.name} exited:\n${w.log()}`).toBe(true);
  for (const w of workers) w.proc.kill('SIGTERM');
  for (const w of workers) expect((await w.exited).code, w.log()).toBe(0);
}

describe('chaos during a queued run of 500 units with 2 workers', { timeout: 300_000 }, () => {
  // The same two workers go through every case here (the last one kills one of them).
  const prefix = uniquePrefix('chaos');
  let workers: Proc[];
  beforeAll(async () => {
    workers = team(prefix);
    await Promise.all(workers.map((w) => w.waitFor(/taking jobs from/)));
  });

  async function queuedRunWith(chaos: (runId: string) => Promise<void>) {
    const { p, runId } = await follower(writeEchoConfig({ items: UNITS, serverUrl: llm.url, concurrency: 4 }), prefix);
    await waitForResults(runId, UNITS / 5);
    await chaos(runId);
    expect(await p.exited, p.log()).toEqual({ code: 0, signal: null });
    expect(await waitForStatus(runId)).toBe('done');
    await expectExactlyOnce(runId);
    return { runId, follower: p };
  }

  it('Postgres restarted: workers and follower wait it out, nothing is lost or doubled', async () => {
    const { runId } = await queuedRunWith(async (runId) => {
      await pg.restart();
      expect(await store.countResults(runId)).toBeLessThan(UNITS);
    });
    // Attempts are committed with their result in one transaction: a retried commit wrote them once.
    const att = (await sql<{ n: string }>`select count(*) as n from attempts where run_id = ${runId}`.execute(store.db)).rows[0];
    expect(Number(att.n)).toBe(UNITS);
    expect(workers.map((w) => w.log()).join('')).toMatch(/store unavailable, retrying.*存储不可用，正在重试/);
    for (const w of workers) expect(w.alive(), `${w.name} exited:\n${w.log()}`).toBe(true);
  });

  it('Redis restarted empty: the follower enqueues the missing batches again and the run finishes by itself', async () => {
    const { follower } = await queuedRunWith(async (runId) => {
      await redis.restart(1500);
      expect(await store.countResults(runId)).toBeLessThan(UNITS);
    });
    expect(follower.log()).toMatch(/Redis restarted: \d+ batch\(es\) with missing units enqueued again/);
    expect(workers.map((w) => w.log()).join('')).toMatch(/queue \(Redis\) unavailable, retrying/);
    for (const w of workers) expect(w.alive(), `${w.name} exited:\n${w.log()}`).toBe(true);
  });

  it('a worker SIGKILLed while it holds a job: the other takes the job over', async () => {
    await queuedRunWith(async () => {
      const port = Number((await workers[0].waitFor(/health: http:\/\/[^:]+:(\d+)\/healthz/))[1]);
      const holds = async () =>
        ((await (await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } })).json()) as { currentJobs: string[] }).currentJobs.length > 0;
      while (!(await holds())) await sleep(20);
      workers[0].proc.kill('SIGKILL');
      expect((await workers[0].exited).signal).toBe('SIGKILL');
    });
    await expectWorkersAliveThenStop(workers.slice(1));
  });
});

describe('chaos around heng serve on Postgres', { timeout: 300_000 }, () => {
  async function startServe(port: number, workDir: string, extra: string[], env: Record<string, string> = {}) {
    const p = start('serve', ['serve', '--db', pg.url, '--port', String(port), '--work-dir', workDir, '--secrets', path.join(workDir, 'secrets.env'), ...extra], env);
    await p.waitFor(/heng serve: http/);
    return p;
  }

  async function api(port: number, token: string, method: string, route: string, body?: unknown) {
    const res = await fetch(`http://127.0.0.1:${port}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: (await res.json()) as any };
  }

  async function evaluatorToken(): Promise<string> {
    const user = await createUser(store.db, `chaos-${Math.random().toString(36).slice(2, 8)}`, 'evaluator', 'a long enough password 1');
    return (await createApiToken(store.db, user.id, 'chaos')).token;
  }

  it('the server SIGKILLed and started again during a queued run it started: the workers finish the run', async () => {
    const prefix = uniquePrefix('chaos-serve');
    const config = writeEchoConfig({ items: UNITS, serverUrl: llm.url, concurrency: 4 });
    const workDir = path.dirname(config);
    const token = await evaluatorToken();
    const port = await freePort();
    const workers = team(prefix);
    await Promise.all(workers.map((w) => w.waitFor(/taking jobs from/)));
    const first = await startServe(port, workDir, ['--queue', redis.url], { HENG_QUEUE_PREFIX: prefix });
    const started = await api(port, token, 'POST', '/api/runs', { configYaml: readFileSync(config, 'utf8') });
    expect(started.status).toBe(202);
    const runId: string = started.json.run.id;
    await waitForResults(runId, UNITS / 5);
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const second = await startServe(port, workDir, ['--queue', redis.url], { HENG_QUEUE_PREFIX: prefix });
    expect(await waitForStatus(runId)).toBe('done');
    const seen = await api(port, token, 'GET', `/api/runs/${runId}/status`);
    expect(seen.json).toMatchObject({ status: 'done', done: UNITS, planned: UNITS });
    await expectExactlyOnce(runId);
    expect(second.alive()).toBe(true);
    await expectWorkersAliveThenStop(workers);
    second.proc.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('Postgres restarted while the server runs a run in process: the run finishes, the server keeps serving', async () => {
    const config = writeEchoConfig({ items: UNITS, serverUrl: llm.url, concurrency: 8 });
    const workDir = path.dirname(config);
    const token = await evaluatorToken();
    const port = await freePort();
    const server = await startServe(port, workDir, []);
    const started = await api(port, token, 'POST', '/api/runs', { configYaml: readFileSync(config, 'utf8') });
    expect(started.status).toBe(202);
    const runId: string = started.json.run.id;
    await waitForResults(runId, UNITS / 5);
    await pg.restart();
    expect(await waitForStatus(runId)).toBe('done');
    await expectExactlyOnce(runId);
    expect(server.alive(), server.log()).toBe(true);
    expect(server.log()).toMatch(/store unavailable, retrying/);
    expect((await api(port, token, 'GET', `/api/runs/${runId}/status`)).json).toMatchObject({ status: 'done', done: UNITS });

    // Postgres down for a while: a request answers 503 "store unavailable, retrying" after its 10 s, the server lives on…
    await pg.stopServer();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/runs`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as any).error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^store unavailable, retrying/) });
      // …and a command whose bound is spent says so and exits, instead of hanging.
      const cli = start('heng runs', ['runs', '--db', pg.url], { HENG_STORE_RETRY_SECONDS: '2' });
      expect((await cli.exited).code).not.toBe(0);
      expect(cli.log()).toMatch(/store unavailable for 2 s, giving up: .*ECONNREFUSED/);
      expect(server.alive(), server.log()).toBe(true);
    } finally {
      await pg.startServer();
    }
    // Back: the same server answers again.
    expect((await api(port, token, 'GET', `/api/runs/${runId}/status`)).json).toMatchObject({ status: 'done', done: UNITS });
    server.proc.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });
});
