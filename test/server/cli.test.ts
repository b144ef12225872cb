// `heng users`, `heng tokens` and `heng serve` as an operator runs them: the
// first admin with a password from the environment or stdin, a token printed
// once, and a server process that answers with that token and serves the
// built web app with SPA fallback. The account commands run in-process
// through commander (each spawn compiles the CLI, slow on a loaded machine);
// `heng serve` runs as a real process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkLogin } from '../../src/auth/accounts.js';
import { register } from '../../src/cli/commands/users.js';
import { InputError } from '../../src/errors.js';
import { openStore } from '../../src/store/open.js';
import { testDb } from '../helpers/test-db.js';

const bin = path.resolve('bin/heng.js');
const dir = mkdtempSync(path.join(tmpdir(), 'heng-serve-cli-'));
const db = await testDb(dir, 'h.db');
let server: ChildProcess | undefined;
let elsewhere: ChildProcess | undefined;
afterAll(() => {
  server?.kill('SIGTERM');
  elsewhere?.kill('SIGTERM');
});

/** Spawns `heng serve` on a free port; resolves with its URL once it listens. */
function startServe(args: string[], cwd: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { cwd });
  const url = new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(err)));
  });
  return { child, url };
}

/** Runs `heng <args>` for the users/tokens commands in this process, with stdin text; returns stdout. */
async function heng(args: string[], stdin = ''): Promise<string> {
  const program = new Command('heng').exitOverride();
  register(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const input = vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([Buffer.from(stdin)]) as never);
  try {
    await program.parseAsync(['node', 'heng', ...args]);
  } finally {
    write.mockRestore();
    err.mockRestore();
    input.mockRestore();
  }
  return out;
}

describe('heng users / tokens / serve', () => {
  it('adds accounts with the password from stdin or --password-env, never argv; audited as the CLI', async () => {
    expect(await heng(['users', 'add', 'root', '--role', 'admin', '--db', db], 'a long enough password\nignored second line\n')).toContain('added root (admin)');
    process.env.ANN_PW = 'another long password';
    await heng(['users', 'add', 'ann', '--role', 'viewer', '--password-env', 'ANN_PW', '--db', db]);
    await expect(heng(['users', 'add', 'bob', '--role', 'owner', '--db', db], 'a long enough password\n')).rejects.toThrow(InputError);
    await expect(heng(['users', 'add', 'bob', '--role', 'viewer', '--db', db], '')).rejects.toThrow(/no password on stdin/);
    const list = JSON.parse(await heng(['users', 'list', '--json', '--db', db])) as { users: Array<{ name: string; role: string }> };
    expect(list.users.map((u) => [u.name, u.role])).toEqual([
      ['ann', 'viewer'],
      ['root', 'admin'],
    ]);
    await heng(['users', 'set', 'ann', '--role', 'evaluator', '--db', db]);
    const store = await openStore(db);
    try {
      expect((await checkLogin(store.db, 'root', 'a long enough password'))?.role).toBe('admin');
      expect((await checkLogin(store.db, 'ann', 'another long password'))?.role).toBe('evaluator');
      const audit = await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
      expect(audit.map((r) => [r.user_name, r.action, r.target])).toEqual([
        ['cli', 'user.create', 'root'],
        ['cli', 'user.create', 'ann'],
        ['cli', 'user.update', 'ann'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('serves the API to a token from `heng tokens create`, and the web app with SPA fallback', async () => {
    const token = (await heng(['tokens', 'create', 'root', '--db', db])).trim();
    expect(token).toMatch(/^heng_/);
    const web = path.join(dir, 'web');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><div id="root">heng web</div>');
    writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
    const started = startServe(['--db', db, '--web-dir', web], dir);
    server = started.child;
    const url = await started.url;
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe('root');
    expect((await fetch(`${url}/api/openapi.json`)).status).toBe(200);
    expect(await (await fetch(`${url}/runs/abc`)).text()).toContain('heng web'); // SPA fallback
    const asset = await fetch(`${url}/assets/app.js`);
    expect(await asset.text()).toBe('console.log(1)');
    const unknownApi = await fetch(`${url}/api/nope`);
    expect(unknownApi.status).toBe(404);
    expect(((await unknownApi.json()) as { error: { code: string } }).error.code).toBe('not_found');
  }, 240_000);

  it('started from a folder outside the package, serves the package’s own built web app by default', async () => {
    // The package's dist/web, built by `npm ci` (prepare: npm run build:web).
    const index = path.resolve('dist/web/index.html');
    expect(existsSync(index), `${index} missing: run npm run build:web`).toBe(true);
    const away = mkdtempSync(path.join(tmpdir(), 'heng-serve-away-'));
    expect(existsSync(path.join(away, 'dist'))).toBe(false);
    const started = startServe(['--db', await testDb(away, 'h.db')], away);
    elsewhere = started.child;
    const url = await started.url;
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(readFileSync(index, 'utf8'));
  }, 240_000);
});
