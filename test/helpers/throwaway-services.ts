// A Postgres cluster and a Redis server of the test's own, to restart at
// will: the machine's shared ones (5432, 6379) serve other suites at the same
// time and must never be restarted. Postgres is initialised into a temporary
// folder as the `postgres` OS user (it refuses to run as root), listens on a
// free loopback port with its socket in that folder, and is removed on stop.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pgBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(path.join(root, v, 'bin', name))) return path.join(root, v, 'bin', name);
  return name;
}

/** Run as the postgres OS user when we are root (postgres refuses root); asynchronously, so the test's own connections live on meanwhile. */
function asPostgres(cmd: string, args: string[]): Promise<string> {
  const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) =>
    execFile(file, argv, { encoding: 'utf8' }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr}`)) : resolve(stdout))),
  );
}

export interface ThrowawayPostgres {
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every backend is terminated (57P01), the server is back within a second or two. */
  restart(): Promise<void>;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-chaos-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    chmodSync(dir, 0o700);
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  await asPostgres(pgBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const ctl = (...args: string[]) => asPostgres(pgBin('pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', ...args]);
  const startServer = async () => {
    await ctl('-o', opts, 'start');
  };
  await startServer();
  await asPostgres(pgBin('createdb'), ['-h', dir, '-p', String(port), '-U', 'postgres', 'chaos']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/chaos`,
    port,
    async restart() {
      await ctl('-m', 'fast', 'restart', '-o', opts);
    },
    async stopServer() {
      await ctl('-m', 'fast', 'stop');
    },
    startServer,
    async stop() {
      try {
        await ctl('-m', 'immediate', 'stop');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ThrowawayRedis {
  url: string;
  port: number;
  /** Kill and start again, empty (no persistence): every queued job is gone, as after a Redis that lost its data. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        if (execFileSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'PONG') return;
      } catch {
        // not up yet
      }
      await sleep(50);
    }
    throw new Error(`redis-server on port ${port} did not start`);
  };
  const kill = async () => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart(downMs = 1000) {
      await kill();
      await sleep(downMs);
      await start();
    },
    stop: kill,
  };
}
