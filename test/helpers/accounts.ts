// Test accounts without paying scrypt's full cost for each: the hash is made
// once per password at the old N=2^14 (as an installation from before the
// raise would hold it) and stored directly. Bearer tokens never hash; a
// password sign-in verifies at 2^14 and then upgrades the hash to 2^17, as
// the server does for any old hash (test/server/auth.test.ts checks that).
import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { User } from '../../src/api/contract.js';
import type { Role } from '../../src/auth/roles.js';
import type { Database } from '../../src/store/schema.js';

const OLD_N = 2 ** 14;
const made = new Map<string, string>();

/** `scrypt$16384$8$1$salt$hash`: the stored form of an N=2^14 hash (src/auth/password.ts). */
export function oldHash(password: string): string {
  let h = made.get(password);
  if (!h) {
    const salt = randomBytes(16);
    const key = scryptSync(password.normalize('NFC'), salt, 32, { N: OLD_N, r: 8, p: 1 });
    h = ['scrypt', OLD_N, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    made.set(password, h);
  }
  return h;
}

/** An enabled account whose password hash is an old N=2^14 one. */
export async function addTestUser(db: Kysely<Database>, name: string, role: Role, password: string): Promise<User> {
  const now = new Date().toISOString();
  const row = { id: randomUUID(), name, role, password_hash: oldHash(password), created_at: now, updated_at: now, disabled_at: null };
  await db.insertInto('users').values(row).execute();
  return { id: row.id, name, role, createdAt: now, disabled: false };
}
