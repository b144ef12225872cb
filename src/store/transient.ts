// Which database failures are worth waiting out (a restart, a failover, a
// network blip) and which statements may be sent again after one. See the
// failure model in docs/queue.md.
import type { CompiledQuery } from 'kysely';

/** SQLSTATEs of a server going away or not yet back: admin/crash shutdown, cannot connect now, class 08 (connection exception). */
const TRANSIENT_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const TRANSIENT_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
// node-postgres says these in words, without a code.
const TRANSIENT_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection ended|the database system is (starting up|shutting down|in recovery mode)/i;
// Said before the statement was written to a socket: it cannot have run.
const NOT_SENT_MESSAGES = /not queryable|timeout exceeded when trying to connect/i;

export function isTransientDbError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  // Retrying already gave up (its message quotes the cause): never wait again on top.
  if ((err as Error).name === 'StoreUnavailableError' || (err as Error).name === 'CommitUnknownError') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08') || TRANSIENT_ERRNOS.has(code))) return true;
  return typeof message === 'string' && TRANSIENT_MESSAGES.test(message);
}

/** The statement never left this process (a dead pooled client, no connection): sending it again is always safe. */
export function wasNotSent(err: unknown): boolean {
  const message = (err as { message?: unknown })?.message;
  return typeof message === 'string' && NOT_SENT_MESSAGES.test(message);
}

/**
 * Whether running the statement twice leaves the same rows as running it
 * once: reads, updates and deletes (Heng's updates set values, never
 * increment them), and inserts that skip or overwrite a row on conflict.
 * A plain insert (an audit row, an attempt) is not: its outcome is unknown
 * after a lost reply, so it is not sent again.
 */
export function isIdempotent(query: CompiledQuery): boolean {
  const node = query.query as { kind: string; onConflict?: unknown };
  switch (node.kind) {
    case 'SelectQueryNode':
    case 'UpdateQueryNode':
    case 'DeleteQueryNode':
      return true;
    case 'InsertQueryNode':
      return node.onConflict !== undefined;
    case 'RawNode':
      return /^\s*(select|show)\b/i.test(query.sql);
    default:
      return false;
  }
}
