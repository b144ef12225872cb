// Hostile samples against the real sandbox. Each runs in its own namespaces
// with tight limits, and every result is recorded under test-artifacts/.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolationProblem, runPython, SlotPool, type RunOptions } from '../../src/sandbox/index.js';
import { record } from './record.js';

const pool = new SlotPool(2);
const UID_BASE = 60_200; // apart from other test files: a uid belongs to one pool
const tight: RunOptions & { pool: SlotPool } = { pool, uidBase: UID_BASE, timeoutMs: 3_000, memoryMb: 512, maxProcesses: 16 };
const run = async (name: string, program: string, opts: RunOptions = {}) => record(name, await runPython(program, { ...tight, ...opts }));

/** Host pids owned by the sandbox uids: must be none once a run has ended. */
function sandboxPids(): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const uid = statSync(`/proc/${p}`).uid;
        return uid >= UID_BASE && uid < UID_BASE + pool.size;
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

describe('sandbox: isolation is available here', () => {
  it('probes namespaces, uid drop and hidden paths successfully', async () => {
    expect(await isolationProblem({ pool, uidBase: UID_BASE })).toBeUndefined();
  });
});

describe('sandbox: ordinary programs', () => {
  it('passes a correct program and keeps its stdout', async () => {
    const r = await run('pass', 'print(sum(range(10)))');
    expect(r).toMatchObject({ status: 'passed', exitCode: 0, stdout: '45\n', sandboxed: true });
  });

  it('fails a program whose assert fails, with the traceback in stderr', async () => {
    const r = await run('fail', 'def f():\n    return 2\nassert f() == 1\n');
    expect(r.status).toBe('failed');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('AssertionError');
  });
});

describe('sandbox: hostile samples', () => {
  it('kills an infinite loop at the wall-clock limit', async () => {
    const r = await run('infinite-loop', 'while True:\n    pass\n', { timeoutMs: 1_500 });
    expect(r.status).toBe('timeout');
    expect(sandboxPids()).toEqual([]);
  });

  it('contains a fork bomb with the process limit and leaves nothing behind', async () => {
    // The first process counts how many children it may have, then every process forks forever.
    const bomb = [
      'import os, time',
      'held = 0',
      'while True:',
      '    try:',
      '        if os.fork() == 0:',
      '            time.sleep(30)',
      '            os._exit(0)',
      '        held += 1',
      '    except OSError:',
      '        break',
      'print("children", held, flush=True)',
      'while True:',
      '    try:',
      '        os.fork()',
      '    except OSError:',
      '        pass',
    ].join('\n');
    const r = await run('fork-bomb', bomb, { timeoutMs: 2_000, maxProcesses: 16 });
    expect(r.status).toBe('timeout');
    const held = Number(/children (\d+)/.exec(r.stdout)?.[1]);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(16);
    expect(sandboxPids()).toEqual([]);
    // The host still starts processes normally.
    expect((await run('after-fork-bomb', 'print("alive")')).stdout).toBe('alive\n');
  });

  it('stops a 10 GB allocation, even after trying to lift the limit', async () => {
    const program = [
      'import resource',
      'try:',
      '    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))',
      'except (ValueError, OSError) as err:',
      '    print("cannot lift:", err, flush=True)',
      'block = bytearray(10 * 1024 ** 3)',
      'print("allocated", len(block))',
    ].join('\n');
    const r = await run('alloc-10gb', program);
    expect(['oom', 'crashed']).toContain(r.status);
    expect(r.stdout).toContain('cannot lift');
    expect(r.stdout).not.toContain('allocated');
  });

  describe('network', () => {
    let server: net.Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      server = net.createServer((socket) => {
        connections++;
        socket.end('secret-from-host\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('cannot reach a server listening on the host loopback, nor any other address', async () => {
      const program = [
        'import socket',
        `for host, port in [("127.0.0.1", ${port}), ("10.0.0.1", 80), ("1.1.1.1", 53)]:`,
        '    try:',
        '        s = socket.create_connection((host, port), timeout=1)',
        '        print("CONNECTED", host, s.recv(100))',
        '    except OSError as err:',
        '        print("refused", host, err.errno)',
      ].join('\n');
      const r = await run('network', program);
      expect(r.status).toBe('passed');
      expect(r.stdout).not.toContain('CONNECTED');
      expect(r.stdout.match(/refused/g)).toHaveLength(3);
      expect(connections).toBe(0);
    });
  });

  describe('secrets', () => {
    const marker = `heng-secret-${process.pid}-${Date.now()}`;
    const envFile = path.resolve(process.cwd(), '.env');
    const rootFile = `/root/.heng-sandbox-test-${process.pid}`;
    const createdEnv = !existsSync(envFile); // never touch a developer's real .env
    beforeAll(() => {
      if (createdEnv) writeFileSync(envFile, `API_KEY=${marker}\n`);
      writeFileSync(rootFile, marker, { mode: 0o644 }); // world-readable: only the sandbox may stop it
      process.env.HENG_SANDBOX_TEST_SECRET = marker;
    });
    afterAll(() => {
      if (createdEnv) rmSync(envFile, { force: true });
      rmSync(rootFile, { force: true });
      delete process.env.HENG_SANDBOX_TEST_SECRET;
    });

    it('cannot read the project .env, files under /root, ~/.ssh keys or the host environment', async () => {
      const targets = [envFile, rootFile, '/root/.ssh/id_rsa', '/root/.ssh/id_ed25519', path.join(process.cwd(), 'package.json'), '/proc/1/environ'];
      const program = [
        'import os',
        'print("ENV", dict(os.environ))',
        `for target in ${JSON.stringify(targets)}:`,
        '    try:',
        '        print("READ", target, open(target).read()[:200])',
        '    except OSError as err:',
        '        print("denied", target, err.errno)',
        'print("HOME", os.path.expanduser("~"), os.listdir(os.path.expanduser("~")))',
      ].join('\n');
      const r = await run('secrets', program);
      expect(r.status).toBe('passed');
      expect(r.stdout).not.toContain(marker);
      expect(r.stdout).not.toContain('HENG_SANDBOX_TEST_SECRET');
      // /proc/1 is the sandbox's own root-owned init: its environ is not readable either.
      expect(r.stdout).not.toContain('READ');
      expect(r.stdout).toContain('HOME /tmp');
    });
  });

  it('cannot write outside its working directory', async () => {
    const outside = [
      path.join(process.cwd(), `heng-escape-${process.pid}`),
      `/etc/heng-escape-${process.pid}`,
      `/var/tmp/heng-escape-${process.pid}`,
      `/dev/shm/heng-escape-${process.pid}`,
      `/heng-escape-${process.pid}`,
      '/usr/lib/heng-escape',
    ];
    const program = [
      'import os',
      `for target in ${JSON.stringify(outside)}:`,
      '    try:',
      '        open(target, "w").write("x")',
      '        print("WROTE", target)',
      '    except OSError as err:',
      '        print("denied", target, err.errno)',
      'open("inside.txt", "w").write("ok")',
      'print("inside", open("inside.txt").read())',
    ].join('\n');
    const r = await run('write-outside', program);
    expect(r.status).toBe('passed');
    expect(r.stdout).not.toContain('WROTE');
    expect(r.stdout).toContain('inside ok');
    for (const target of outside) expect(existsSync(target)).toBe(false);
  });

  it('cannot kill Heng: the parent, init, or every process it can signal', async () => {
    const program = [
      'import os, signal',
      'for pid in (os.getppid(), 1, -1):',
      '    try:',
      '        os.kill(pid, signal.SIGKILL)',
      '    except OSError as err:',
      '        print("denied", pid, err.errno, flush=True)',
    ].join('\n');
    const r = await run('kill-parent', program);
    expect(r.status).not.toBe('sandbox_error');
    expect(process.kill(process.pid, 0)).toBe(true); // this test process (Heng) is alive
    expect((await run('after-kill-parent', 'print("alive")')).status).toBe('passed');
  });

  it('kills processes that escape into their own session when time runs out', async () => {
    const program = ['import os, time', 'if os.fork() == 0:', '    os.setsid()', '    time.sleep(60)', 'time.sleep(60)'].join('\n');
    const r = await run('setsid-escape', program, { timeoutMs: 1_000 });
    expect(r.status).toBe('timeout');
    expect(sandboxPids()).toEqual([]);
  });

  it('cuts an endless stream of output and still stops it', async () => {
    const r = await run('output-flood', 'while True:\n    print("x" * 1000)\n', { timeoutMs: 1_000, maxOutputBytes: 10_000 });
    expect(r.status).toBe('timeout');
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBeLessThanOrEqual(10_000);
  });

  it('reports a segfault as crashed', async () => {
    const r = await run('segfault', 'import ctypes\nctypes.string_at(0)\n');
    expect(r).toMatchObject({ status: 'crashed', signal: 'SIGSEGV' });
  });

  it('reads EOF from stdin instead of waiting for input', async () => {
    const r = await run('stdin', 'input("number? ")\n');
    expect(r.status).toBe('failed');
    expect(r.stderr).toContain('EOFError');
  });
});

describe('sandbox: failing closed', () => {
  it('refuses to run when isolation cannot be set up', async () => {
    const r = await run('no-isolation', 'print("ran")', { hidePaths: ['/usr/bin'] });
    expect(r.status).toBe('sandbox_error');
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/isolation unavailable/);
  });

  it('runs unsandboxed only when allowUnsandboxed is set, in a temp dir removed afterwards', async () => {
    const r = await run('unsandboxed', 'import os\nprint(os.getcwd())\nprint(sorted(os.environ))', { hidePaths: ['/usr/bin'], allowUnsandboxed: true });
    expect(r).toMatchObject({ status: 'passed', sandboxed: false });
    const [cwd, env] = r.stdout.trim().split('\n');
    expect(path.basename(cwd)).toMatch(/^heng-sandbox-/);
    expect(existsSync(cwd)).toBe(false);
    expect(env).toBe("['HOME', 'LANG', 'PATH', 'TMPDIR']");
  });
});

// Sanity of the helper itself: /proc entries of this process are not sandbox-owned.
it('sees no sandbox-uid processes between tests', () => {
  expect(readFileSync('/proc/self/status', 'utf8')).toMatch(/Uid:\s+0/);
  expect(sandboxPids()).toEqual([]);
});
