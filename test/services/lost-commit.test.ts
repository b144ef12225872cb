// A group commit whose COMMIT reply is lost (the connection dies right after
// COMMIT was sent) is retried as a whole only if it did not commit: the store
// asks txid_status() on a new connection (src/store/postgres.ts). Results are
// unique on their key, attempts are not, so a blind retry would write the
// attempts twice. A TCP proxy on 127.0.0.1 in front of the shared Postgres
// cuts only this test's connection; the server itself is never touched.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import type { NewAttempt, Store } from '../../src/store/store.js';
import { newResult } from '../helpers/new-result.js';
import { runRecord } from '../helpers/run-record.js';
import { PG_URL } from './fixtures.js';

/** Forwards to Postgres; once armed, lets the next COMMIT through (or swallows it) and then kills the connection before any reply. */
function commitCutter(target: URL) {
  const state = { mode: 'off' as 'off' | 'deliver' | 'swallow', cuts: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    let cut = false;
    upstream.on('data', (d) => {
      if (!cut) client.write(d);
    });
    client.on('data', (d) => {
      // A simple-protocol Query message: 'Q', int32 length, "commit\0".
      const at = d.indexOf('commit\0');
      if (state.mode !== 'off' && at >= 5 && d[at - 5] === 0x51) {
        const mode = state.mode;
        state.mode = 'off';
        cut = true;
        state.cuts++;
        if (mode === 'deliver') upstream.write(d);
        // Long enough for the server to commit what it was sent, then both ends go.
        setTimeout(() => {
          client.destroy();
          upstream.destroy();
        }, 300);
        return;
      }
      upstream.write(d);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  });
  return { server, state };
}

const schema = `heng_lost_commit_${randomBytes(4).toString('hex')}`;
let cutter: ReturnType<typeof commitCutter>;
let store: Store;
let admin: Store;

beforeAll(async () => {
  admin = await openStore(PG_URL);
  await sql.raw(`create schema ${schema}`).execute(admin.db);
  cutter = commitCutter(new URL(PG_URL));
  await new Promise<void>((r) => cutter.server.listen(0, '127.0.0.1', r));
  const url = new URL(PG_URL);
  url.host = `127.0.0.1:${(cutter.server.address() as net.AddressInfo).port}`;
  url.searchParams.set('options', `-c search_path=${schema}`);
  store = await openStore(url.toString());
});

afterAll(async () => {
  await store?.close();
  cutter?.server.close();
  if (admin) await sql.raw(`drop schema if exists ${schema} cascade`).execute(admin.db);
  await admin?.close();
});

const runId = 'lost-commit';
const now = new Date().toISOString();
const result = (item: string) => newResult({ run_id: runId, task_id: 't', item_id: item, provider_id: 'p', raw_output: item, extracted: item, rule: 'exact', created_at: now });
const attempt = (item: string): NewAttempt => ({
  run_id: runId,
  task_id: 't',
  item_id: item,
  provider_id: 'p',
  repeat: 0,
  turn: 0,
  try: 0,
  status: 'ok',
  http_status: 200,
  error_code: null,
  error_message: null,
  latency_ms: 1,
  ttft_ms: null,
  input_tokens: 1,
  output_tokens: 1,
  cost_cny: null,
  cached: 0,
  created_at: now,
});

async function counts(items: string[]) {
  const n = async (table: 'results' | 'attempts') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('run_id', '=', runId)
          .where('item_id', 'in', items)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { results: await n('results'), attempts: await n('attempts') };
}

it('a commit that went through but whose reply was lost is not written again', async () => {
  await store.createRun(
    runRecord(runId, { planned: 4 }),
    [{ providerId: 'p', identity: 'id', model: 'm', label: null, entry: {}, price: null, requestMappings: [] }],
    [{ taskId: 't', tags: {}, taskHash: 'th', datasetHash: 'dh', itemCount: 4 }],
    ['a', 'b', 'c', 'd'].map((id, idx) => ({ taskId: 't', itemId: id, idx, fields: {}, target: undefined, cluster: null })),
  );
  cutter.state.mode = 'deliver';
  await store.write({ results: [result('a'), result('b')], attempts: [attempt('a'), attempt('b')], cache: [] });
  expect(cutter.state.cuts).toBe(1);
  expect(await counts(['a', 'b'])).toEqual({ results: 2, attempts: 2 });
});

it('a commit that never reached the server is retried whole', async () => {
  cutter.state.mode = 'swallow';
  await store.write({ results: [result('c'), result('d')], attempts: [attempt('c'), attempt('d')], cache: [] });
  expect(cutter.state.cuts).toBe(2);
  expect(await counts(['c', 'd'])).toEqual({ results: 2, attempts: 2 });
});
