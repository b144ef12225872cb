// `heng users`, `heng tokens` and `heng serve` as an operator runs them: the
// first admin from stdin, a token printed once, and a server that answers
// with that token and serves the built web app with SPA fallback.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = path.resolve('bin/heng.js');
const dir = mkdtempSync(path.join(tmpdir(), 'heng-serve-cli-'));
const db = path.join(dir, 'h.db');
let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill('SIGTERM');
});

function heng(args: string[], stdin?: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, cwd: dir });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
    p.stdin.end(stdin ?? '');
  });
}

describe('heng users / tokens / serve', () => {
  // Each spawn compiles the CLI with tsx (slow on a loaded machine): few spawns, generous timeouts.
  it('adds the first admin with the password from --password-env, audited as the CLI', async () => {
    const add = await heng(['users', 'add', 'root', '--role', 'admin', '--password-env', 'ROOT_PW', '--db', db], undefined, { ROOT_PW: 'a long enough password' });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('added root (admin)');
    const { openStore } = await import('../../src/store/open.js');
    const { checkLogin } = await import('../../src/auth/accounts.js');
    const store = await openStore(db);
    try {
      expect((await checkLogin(store.db, 'root', 'a long enough password'))?.role).toBe('admin');
      const audit = await store.db.selectFrom('audit_log').selectAll().execute();
      expect(audit.map((r) => [r.user_name, r.action, r.target])).toEqual([['cli', 'user.create', 'root']]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('serves the API to a token from `heng tokens create`, and the web app with SPA fallback', async () => {
    const tok = await heng(['tokens', 'create', 'root', '--db', db]);
    expect(tok.code, tok.stderr).toBe(0);
    const token = tok.stdout.trim();
    expect(token).toMatch(/^heng_/);
    const web = path.join(dir, 'web');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><div id="root">heng web</div>');
    writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
    server = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', db, '--web-dir', web], { cwd: dir });
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      server!.stderr!.on('data', (d) => {
        err += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
        if (m) resolve(m[1]);
      });
      server!.on('exit', () => reject(new Error(err)));
    });
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe('root');
    expect((await fetch(`${url}/api/openapi.json`)).status).toBe(200);
    expect(await (await fetch(`${url}/runs/abc`)).text()).toContain('heng web'); // SPA fallback
    const asset = await fetch(`${url}/assets/app.js`);
    expect(await asset.text()).toBe('console.log(1)');
    const unknownApi = await fetch(`${url}/api/nope`);
    expect(unknownApi.status).toBe(404);
    expect(((await unknownApi.json()) as { error: { code: string } }).error.code).toBe('not_found');
  }, 180_000);
});
