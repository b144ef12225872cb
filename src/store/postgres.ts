// The Postgres connection, made to survive the server restarting, failing
// over or a network blip (docs/queue.md, "When the store or Redis goes away"):
//
// - every pooled client and the pool itself have error handlers, so a
//   backend terminated while idle or between statements is dropped from the
//   pool instead of killing the process with an unhandled 'error' event;
// - getting a connection is retried with back-off;
// - a statement outside a transaction is sent again on a fresh connection
//   when it cannot have run (the client was already dead) or running it
//   twice changes nothing (./transient.ts isIdempotent);
// - a transaction is retried whole. Before COMMIT it notes its transaction
//   id; if the COMMIT's answer is lost, txid_status() on a new connection
//   says whether it went through, so a group commit of results and attempts
//   is never written twice.
import { CompiledQuery, Kysely, PostgresDialect, sql, type DatabaseConnection, type Driver, type KyselyConfig, type QueryResult, type TransactionBuilder, type TransactionSettings } from 'kysely';
import type pg from 'pg';
import { CommitUnknownError, retrying, type RetryPolicy, type StoreStatus } from './retry.js';
import { isIdempotent, isTransientDbError, wasNotSent } from './transient.js';

export interface Resilience {
  policy: RetryPolicy;
  status: StoreStatus;
}

/** A pg pool whose clients' errors are handled (reported once per outage through `status`, never thrown). */
export function guardedPool(pool: pg.Pool, status: StoreStatus): pg.Pool {
  // An idle client's error reaches the pool; a checked-out client's reaches the client.
  const onError = (error: Error) => status.failed({ error, sinceMs: 0, limitMs: Number.POSITIVE_INFINITY });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

export function resilientPostgresDialect(pool: pg.Pool, r: Resilience): PostgresDialect {
  return new (class extends PostgresDialect {
    override createDriver(): Driver {
      return new ResilientDriver(super.createDriver(), r);
    }
  })({ pool });
}

/** Kysely whose transactions are retried whole (see the file comment). */
export class ResilientKysely<DB> extends Kysely<DB> {
  readonly #r: Resilience;

  constructor(config: KyselyConfig, r: Resilience) {
    super(config);
    this.#r = r;
  }

  override transaction(): TransactionBuilder<DB> {
    return retryingBuilder(super.transaction(), this, this.#r);
  }
}

function retryingBuilder<DB>(builder: TransactionBuilder<DB>, db: Kysely<DB>, r: Resilience): TransactionBuilder<DB> {
  return new Proxy(builder, {
    get(target, prop) {
      if (prop === 'execute') return (fn: (trx: unknown) => Promise<unknown>) => executeRetrying(target, fn as never, db, r);
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      // setIsolationLevel / setAccessMode return a new builder: keep retrying it.
      return (...args: unknown[]) => {
        const out = value.apply(target, args);
        return out && typeof out === 'object' && 'execute' in out ? retryingBuilder(out as TransactionBuilder<DB>, db, r) : out;
      };
    },
  });
}

async function executeRetrying<DB, T>(builder: TransactionBuilder<DB>, fn: Parameters<TransactionBuilder<DB>['execute']>[0], db: Kysely<DB>, r: Resilience): Promise<T> {
  return retrying(
    async () => {
      // Null when the transaction wrote nothing (no id assigned): then its outcome does not matter.
      let xid: string | null | undefined;
      let result: T | undefined;
      try {
        return await builder.execute(async (trx) => {
          result = (await fn(trx)) as T;
          xid = (await sql<{ xid: string | null }>`select txid_current_if_assigned()::text as xid`.execute(trx)).rows[0].xid;
          return result;
        });
      } catch (err) {
        // Failed before COMMIT was sent (xid unknown), or nothing to commit: the retry redoes it all.
        if (!xid || !isTransientDbError(err)) throw err;
        const outcome = await commitOutcome(db, xid, r);
        if (outcome === 'committed') return result as T;
        throw err;
      }
    },
    isTransientDbError,
    r.policy,
    r.status,
  );
}

/** Whether transaction `xid` committed, asked on a fresh connection (retried while the store is away). */
async function commitOutcome(db: Kysely<any>, xid: string, r: Resilience): Promise<'committed' | 'aborted'> {
  for (let i = 0; i < 50; i++) {
    const { rows } = await retrying(() => sql<{ s: string | null }>`select txid_status(${xid}::bigint) as s`.execute(db), isTransientDbError, r.policy, r.status);
    const s = rows[0]?.s;
    if (s === 'committed') return 'committed';
    if (s === 'aborted') return 'aborted';
    // 'in progress': the old backend has not noticed its client is gone yet.
    if (s !== 'in progress') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new CommitUnknownError(new Error(`transaction ${xid} has no known outcome`));
}

/** Hands out ResilientConnections; everything else goes to Kysely's own Postgres driver. */
class ResilientDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly r: Resilience,
  ) {}

  init() {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ResilientConnection(await this.acquireInner(), this);
  }

  acquireInner(): Promise<DatabaseConnection> {
    return retrying(() => this.inner.acquireConnection(), isTransientDbError, this.r.policy, this.r.status);
  }

  releaseInner(c: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(c);
  }

  get resilience() {
    return this.r;
  }

  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings) {
    const rc = c as ResilientConnection;
    await this.inner.beginTransaction(rc.inner, settings);
    rc.inTransaction = true;
  }

  async commitTransaction(c: DatabaseConnection) {
    const rc = c as ResilientConnection;
    try {
      await this.inner.commitTransaction(rc.inner);
    } finally {
      rc.inTransaction = false;
    }
  }

  async rollbackTransaction(c: DatabaseConnection) {
    const rc = c as ResilientConnection;
    try {
      await this.inner.rollbackTransaction(rc.inner);
    } finally {
      rc.inTransaction = false;
    }
  }

  async savepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    await this.inner.savepoint!((c as ResilientConnection).inner, name, compile);
  }

  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    await this.inner.rollbackToSavepoint!((c as ResilientConnection).inner, name, compile);
  }

  async releaseSavepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    await this.inner.releaseSavepoint!((c as ResilientConnection).inner, name, compile);
  }

  async releaseConnection(c: DatabaseConnection): Promise<void> {
    const rc = c as ResilientConnection;
    // Already given back when replacing it failed: a second release would throw.
    if (!rc.released) await this.inner.releaseConnection(rc.inner);
  }

  destroy() {
    return this.inner.destroy();
  }
}

/**
 * One connection as Kysely sees it. Outside a transaction, a statement that
 * failed on a dead connection is sent again on a fresh one when that is safe.
 */
class ResilientConnection implements DatabaseConnection {
  inTransaction = false;
  released = false;

  constructor(
    public inner: DatabaseConnection,
    private readonly driver: ResilientDriver,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.inner.executeQuery<R>(query);
    const safe = isIdempotent(query);
    return retrying(
      async () => {
        try {
          return await this.inner.executeQuery<R>(query);
        } catch (err) {
          if (!isTransientDbError(err)) throw err;
          // A plain insert whose answer was lost may or may not have happened: say so rather than send it twice.
          if (!safe && !wasNotSent(err)) throw new CommitUnknownError(err);
          await this.replace();
          throw err;
        }
      },
      isTransientDbError,
      this.driver.resilience.policy,
      this.driver.resilience.status,
    );
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  /** Give the broken client back (the pool drops a client that is no longer queryable) and take a new one. */
  private async replace(): Promise<void> {
    this.released = true;
    await this.driver.releaseInner(this.inner).catch(() => undefined);
    this.inner = await this.driver.acquireInner();
    this.released = false;
  }
}
