// Sign-in throttle: after too many failed sign-ins for one account name, or
// from one client address, within a sliding window, further attempts are
// refused before the password is checked. The failures live in the store
// (table login_failures), so the limit holds across restarts and across
// server processes on one Postgres.
//
// An attempt first records itself and then counts, so parallel requests
// cannot all pass a check made before any of them was recorded: of any
// number of simultaneous attempts at most `limit` reach the password check.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

type Db = Kysely<Database>;

export interface ThrottleLimits {
  /** Failed sign-ins per account name within the window before it is throttled. */
  perAccount: number;
  /** Failed sign-ins from one client address within the window (any names). */
  perClient: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 5, perClient: 20, windowMs: 15 * 60 * 1000 };

export interface SignInAttempt {
  account: string;
  client: string;
}

export type Reservation =
  /** Go ahead and check the password; `accept` or leave the row as a failure. */
  | { allowed: true; id: number }
  /** Refused: which limit was reached and when the next attempt may pass. */
  | { allowed: false; limit: 'account' | 'client'; retryAfterMs: number };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Records the attempt as a failure (until it is accepted) and decides whether
 * its password may be checked. A refused attempt removes its own row again:
 * attempts that were never checked do not extend the lock.
 */
export async function reserveSignIn(db: Db, a: SignInAttempt, limits: ThrottleLimits, now: number): Promise<Reservation> {
  const since = iso(now - limits.windowMs);
  // Failures older than the window count for nothing any more.
  await db.deleteFrom('login_failures').where('at', '<=', since).execute();
  const row = await db
    .insertInto('login_failures')
    .values({ account: a.account, client: a.client, at: iso(now) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  for (const [limit, column, max] of [
    ['account', 'account', limits.perAccount],
    ['client', 'client', limits.perClient],
  ] as const) {
    // Everyone else's recorded attempts in the window, newest first.
    const earlier = await db.selectFrom('login_failures').select('at').where(column, '=', a[column]).where('at', '>', since).where('id', '!=', id).orderBy('at', 'desc').limit(max).execute();
    if (earlier.length >= max) {
      await db.deleteFrom('login_failures').where('id', '=', id).execute();
      // Allowed again once the max-th newest failure has left the window.
      const retryAfterMs = Math.max(0, Date.parse(earlier[max - 1].at) + limits.windowMs - now);
      return { allowed: false, limit, retryAfterMs };
    }
  }
  return { allowed: true, id };
}

/** The password was right: the account's failures are forgiven (its counter starts again). */
export async function acceptSignIn(db: Db, account: string): Promise<void> {
  await db.deleteFrom('login_failures').where('account', '=', account).execute();
}

/** The sign-in throttle of one store (the server context holds one). */
export class SignInThrottle {
  private readonly db: Db;
  constructor(store: { readonly db: Db }) {
    this.db = store.db;
  }
  reserve = (a: SignInAttempt, limits: ThrottleLimits, now: number) => reserveSignIn(this.db, a, limits, now);
  accept = (account: string) => acceptSignIn(this.db, account);
}
