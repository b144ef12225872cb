// Distributed throughput: one run of N items against a zero-latency local
// OpenAI-compatible server (its own process), evaluated by 1, 2 and 4 worker
// processes through Redis, results in Postgres. No rate limit: this measures
// Heng's own overhead per unit (queue, limiter-free evaluation, Postgres
// group commits). Workers are started and ready before the clock starts.
//   npm run bench:distributed                 # 4,000 items, 1/2/4 workers
//   npx tsx bench/distributed.bench.ts --items 2000 --workers 1,2
// Needs Postgres and Redis (HENG_TEST_PG, HENG_TEST_REDIS or the defaults).
import { spawn, type ChildProcess } from 'node:child_process';
import { loadConfig } from '../src/config/load.js';
import { enqueueRun, followRun } from '../src/queue/enqueue.js';
import { openStore } from '../src/store/open.js';
import { dropQueue, PG_URL, REDIS_URL, uniquePrefix, writeEchoConfig } from '../test/services/fixtures.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const items = Number(arg('--items') ?? 4000);
const counts = (arg('--workers') ?? '1,2,4').split(',').map(Number);

const server = await startServer();
const store = await openStore(PG_URL);
try {
  const rows: Array<{ workers: number; items: number; seconds: number; perSecond: number }> = [];
  for (const n of counts) {
    const prefix = uniquePrefix('bench');
    const workers = Array.from({ length: n }, () => startWorker(prefix));
    try {
      await Promise.all(workers.map((w) => w.ready));
      const loaded = loadConfig(writeEchoConfig({ items, serverUrl: server.url, concurrency: 16 }));
      const started = performance.now();
      const e = await enqueueRun({ store, loaded, queue: { url: REDIS_URL, prefix } });
      const end = await followRun(store, e.runId, { pollMs: 100 });
      const seconds = (performance.now() - started) / 1000;
      if (end.status !== 'done' || end.progress.done !== items) throw new Error(`run ended ${end.status} with ${end.progress.done}/${items}`);
      rows.push({ workers: n, items, seconds, perSecond: items / seconds });
      console.log(`workers=${n}  items=${items}  ${seconds.toFixed(1)} s  ${(items / seconds).toFixed(0)} items/s`);
    } finally {
      for (const w of workers) w.proc.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
      await dropQueue(prefix);
    }
  }
  console.log(JSON.stringify({ bench: 'distributed', cpus: (await import('node:os')).cpus().length, rows }));
} finally {
  server.kill('SIGTERM');
  await store.close();
}

function startWorker(prefix: string): { proc: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/services/worker-entry.ts', 'worker', '--queue', REDIS_URL, '--db', PG_URL, '--prefix', prefix], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const ready = new Promise<void>((resolve, reject) => {
    proc.stderr!.on('data', (d) => {
      log += d;
      if (log.includes('taking jobs')) resolve();
    });
    proc.on('exit', () => reject(new Error(`worker exited:\n${log}`)));
  });
  const exited = new Promise<void>((r) => proc.on('exit', () => r()));
  return { proc, ready, exited };
}

async function startServer(): Promise<{ url: string; kill: (s: NodeJS.Signals) => void }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/services/echo-server-process.ts', '--no-log'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', () => reject(new Error('server exited')));
  });
  return { url, kill: (s) => proc.kill(s) };
}
