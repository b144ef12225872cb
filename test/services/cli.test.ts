// The commands as the CLI runs them: heng migrate and heng cancel.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as cancel } from '../../src/cli/commands/cancel.js';
import { register as migrate } from '../../src/cli/commands/migrate.js';
import { register as worker } from '../../src/cli/commands/worker.js';
import { loadConfig } from '../../src/config/load.js';
import { InputError } from '../../src/errors.js';
import { enqueueRun } from '../../src/queue/enqueue.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { runHengInProcess } from '../helpers/cli.js';
import { dropQueue, PG_URL, REDIS_URL, uniquePrefix, writeEchoConfig } from './fixtures.js';

let store: Store;
beforeAll(async () => (store = await openStore(PG_URL)));
afterAll(() => store.close());

const heng = (...argv: string[]) => runHengInProcess([migrate, cancel, worker], argv);

describe('heng migrate', () => {
  it('applies the schema to a new SQLite store, then reports it up to date', async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'heng-migrate-')), 'heng.db');
    const first = JSON.parse(await heng('migrate', '--db', db, '--json'));
    expect(first).toMatchObject({ dialect: 'sqlite', applied: Object.keys(MIGRATIONS).sort() });
    expect(first.applied[0]).toBe('0001_initial');
    expect(first.migrations[0].executedAt).toMatch(/^\d{4}-/);
    expect(JSON.parse(await heng('migrate', '--db', db, '--json')).applied).toEqual([]);
    expect(await heng('migrate', '--db', db)).toMatch(/schema is up to date\n {2}0001_initial {2}\d{4}-/);
  });

  it('lists the applied migrations on Postgres', async () => {
    const r = JSON.parse(await heng('migrate', '--db', PG_URL, '--json'));
    expect(r.dialect).toBe('postgres');
    expect(r.applied).toEqual([]);
    expect(r.migrations.map((m: { name: string }) => m.name)).toContain('0001_initial');
  });
});

describe('heng cancel', () => {
  it('marks a running run cancelled once, and names an unknown run', async () => {
    const prefix = uniquePrefix('cli');
    try {
      const e = await enqueueRun({ store, loaded: loadConfig(writeEchoConfig({ items: 3, serverUrl: 'http://127.0.0.1:9' })), queue: { url: REDIS_URL, prefix } });
      expect(JSON.parse(await heng('cancel', e.runId, '--db', PG_URL, '--json'))).toEqual({ runId: e.runId, status: 'cancelled', changed: true });
      expect(await store.getRunStatus(e.runId)).toBe('cancelled');
      expect(await heng('cancel', e.runId, '--db', PG_URL)).toMatch(/is cancelled: nothing to cancel/);
      await expect(heng('cancel', 'no-such-run', '--db', PG_URL)).rejects.toThrow(InputError);
    } finally {
      await dropQueue(prefix);
    }
  });
});

describe('heng worker', () => {
  it('rejects a queue URL that is not Redis, naming the option', async () => {
    await expect(heng('worker', '--queue', 'http://127.0.0.1:6379', '--db', PG_URL)).rejects.toThrow(/--queue must be a redis:\/\/ URL/);
  });
});
