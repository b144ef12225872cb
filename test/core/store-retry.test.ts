// What the store waits out and what it sends again (src/store/transient.ts,
// src/store/retry.ts). The real thing — a Postgres restarted under running
// workers — is test/services/chaos.test.ts; these pin the rules.
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { reportOutages } from '../../src/store/outage-log.js';
import { retrying, StoreStatus, StoreUnavailableError, withoutRetryBudget, withRetryBudget } from '../../src/store/retry.js';
import { isIdempotent, isTransientDbError, wasNotSent } from '../../src/store/transient.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('transient database failures', () => {
  it('are the server going away, connection exceptions and socket errors; not constraint or syntax errors', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300', 'ECONNREFUSED', 'ECONNRESET']) expect(isTransientDbError(pgError(code)), code).toBe(true);
    expect(isTransientDbError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDbError(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    for (const code of ['23505', '42601', '22P02', '40001']) expect(isTransientDbError(pgError(code)), code).toBe(false);
    expect(isTransientDbError(new Error('boom'))).toBe(false);
    // Giving up is final, even though its message quotes a transient cause.
    expect(isTransientDbError(new StoreUnavailableError(1000, new Error('Connection terminated unexpectedly')))).toBe(false);
  });

  it('a dead pooled client never sent the statement; a lost reply may have run it', () => {
    expect(wasNotSent(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(wasNotSent(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(wasNotSent(pgError('57P01', 'terminating connection due to administrator command'))).toBe(false);
  });
});

describe('statements sent again after a lost reply', () => {
  const db = new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (d) => new PostgresIntrospector(d),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });

  it('are reads, updates, deletes and inserts that skip or overwrite on conflict; never a plain insert', () => {
    expect(isIdempotent(db.selectFrom('runs').selectAll().compile())).toBe(true);
    expect(isIdempotent(db.updateTable('runs').set({ status: 'done' }).where('id', '=', 'r').compile())).toBe(true);
    expect(isIdempotent(db.deleteFrom('sessions').where('id', '=', 's').compile())).toBe(true);
    expect(
      isIdempotent(
        db
          .insertInto('results')
          .values({ run_id: 'r' })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      ),
    ).toBe(true);
    expect(isIdempotent(db.insertInto('audit').values({ what: 'sign-in' }).compile())).toBe(false);
    expect(isIdempotent(sql`select 1`.compile(db))).toBe(true);
    expect(isIdempotent(sql`insert into audit values (1)`.compile(db))).toBe(false);
  });
});

describe('retrying', () => {
  it('waits out transient failures, then reports the store available again', async () => {
    const status = new StoreStatus();
    const lines: string[] = [];
    reportOutages(status, (l) => lines.push(l));
    let calls = 0;
    const out = await retrying(
      async () => {
        if (++calls < 3) throw pgError('57P01', 'terminating connection due to administrator command');
        return 'ok';
      },
      isTransientDbError,
      { maxMs: 60_000, firstDelayMs: 1 },
      status,
    );
    expect({ out, calls }).toEqual({ out: 'ok', calls: 3 });
    expect(lines[0]).toMatch(/^store unavailable, retrying for up to 60 s: terminating connection due to administrator command \/ 存储不可用，正在重试（最长 60 秒）$/);
    expect(lines.at(-1)).toMatch(/^store available again after \d+\.\d s \/ 存储已恢复/);
    expect(status.down).toBe(false);
  });

  it('fails at once on anything else', async () => {
    let calls = 0;
    const failing = retrying(
      async () => {
        calls++;
        throw pgError('23505', 'duplicate key');
      },
      isTransientDbError,
      { maxMs: 60_000, firstDelayMs: 1 },
    );
    await expect(failing).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
  });

  it('gives up after the bound with a clear error; a request scope shortens the bound, background work escapes it', async () => {
    const down = () => Promise.reject(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'));
    const bounded = retrying(down, isTransientDbError, { maxMs: 50, firstDelayMs: 5 });
    await expect(bounded).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(bounded).rejects.toThrow(/store unavailable for 0 s, giving up: connect ECONNREFUSED 127\.0\.0\.1:5432 \(HENG_STORE_RETRY_SECONDS/);

    // Inside a 50 ms request budget a 60 s policy gives up too…
    await expect(withRetryBudget(50, () => retrying(down, isTransientDbError, { maxMs: 60_000, firstDelayMs: 5 }))).rejects.toBeInstanceOf(StoreUnavailableError);
    // …but work the request started in the background keeps the policy's bound: here it outlasts the outage.
    let calls = 0;
    const recovering = () => (++calls < 4 ? down() : Promise.resolve('back'));
    await expect(withRetryBudget(1, () => withoutRetryBudget(() => retrying(recovering, isTransientDbError, { maxMs: 60_000, firstDelayMs: 5 })))).resolves.toBe('back');
  });
});
