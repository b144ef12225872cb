// A real `heng serve` app on 127.0.0.1 (port 0) over a temporary SQLite file,
// with one account per role and a Bearer token for each.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApiToken } from '../../src/auth/accounts.js';
import { addTestUser } from '../helpers/accounts.js';
import type { Role } from '../../src/auth/roles.js';
import { createApp, type AppOptions, type HengApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { testDb } from '../helpers/test-db.js';

export const PASSWORD = 'correct horse battery staple';

export interface TestServer {
  url: string;
  dir: string;
  dbFile: string;
  store: Store;
  heng: HengApp;
  tokens: Record<Role, string>;
  userIds: Record<Role, string>;
  /** fetch as a role (Bearer) or anonymously; JSON bodies are encoded. */
  call(as: Role | null, method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** `db`: a store URL to use instead of the test's own (a SQLite file, or a Postgres schema under the `postgres` project). */
export async function startTestServer(o: Partial<AppOptions> = {}, where: { db?: string } = {}): Promise<TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-serve-'));
  const dbFile = where.db ?? (await testDb(dir));
  const store = await openStore(dbFile);
  const heng = createApp({ store, workDir: dir, secretsFile: path.join(dir, 'secrets.env'), log: () => {}, ...o, settings: { webDir: path.join(dir, 'no-web'), ...o.settings } });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: heng.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;
  for (const role of ['admin', 'evaluator', 'reviewer', 'viewer'] as const) {
    const user = await addTestUser(store.db, role, role, PASSWORD);
    userIds[role] = user.id;
    tokens[role] = (await createApiToken(store.db, user.id, 'test')).token;
  }
  return {
    url,
    dir,
    dbFile,
    store,
    heng,
    tokens,
    userIds,
    call(as, method, p, body, headers = {}) {
      return fetch(url + p, {
        method,
        headers: { ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    async close() {
      await heng.close();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}

/** Poll a run's status until it leaves `running` and this server stops executing it. */
export async function waitForRun(t: TestServer, runId: string, timeoutMs = 20_000): Promise<{ status: string; done: number; planned: number }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await t.call('viewer', 'GET', `/api/runs/${runId}/status`);
    const p = (await r.json()) as { status: string; done: number; planned: number; active: boolean };
    if (p.status !== 'running' && !p.active) return p;
    if (Date.now() > until) throw new Error(`run ${runId} still ${p.status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** A config over the scripted OpenAI-compatible server, with inline items. */
export function configYaml(baseUrl: string, opts: { items?: number; providers?: string[]; keyVar?: string } = {}): string {
  const n = opts.items ?? 3;
  const providers = (opts.providers ?? ['alpha', 'beta'])
    .map((id) => `  - { id: ${id}, type: openai-compatible, baseUrl: ${baseUrl}/v1, model: ${id}-model, apiKey: "\${env:${opts.keyVar ?? 'HENG_TEST_API_KEY'}}" }`)
    .join('\n');
  const items = Array.from({ length: n }, (_, i) => `      - { id: q${i}, question: "q${i}", answer: "a${i}" }`).join('\n');
  return `name: api test
providers:
${providers}
tasks:
  - id: t1
    items:
${items}
    prompt: { user: "{{question}}" }
    scorers: [{ type: exact }]
run: { retries: 0, concurrency: 2 }
`;
}
