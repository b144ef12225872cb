// Password hashing with node:crypto scrypt and a random per-user salt. The
// stored form names its parameters so they can be raised later without
// invalidating old hashes.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// OWASP's minimum for scrypt: N=2^17, r=8, p=1 (128 MiB, a few hundred ms per hash).
// Fixed here, not read from the environment or a flag, so no setting can weaken
// it. Hashes made with older parameters still verify, and are replaced at the
// next sign-in (checkLogin in ./accounts.ts).
export const SCRYPT_N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** scrypt needs 128·N·r bytes; a stored hash asking for more than 1 GiB is refused as malformed. */
const MAX_MEM = 1024 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const N = SCRYPT_N;
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 2 * 128 * N * R });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time comparison of the derived key; false for any malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || !expected.length || 128 * n * r > MAX_MEM / 2) return false;
  const key = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: 2 * 128 * n * r });
  return timingSafeEqual(key, expected);
}

/** A stored hash made with weaker parameters than today's: rehash it once the password is known. */
export function needsRehash(stored: string): boolean {
  const [kind, n, r, p] = stored.split('$');
  return kind !== 'scrypt' || Number(n) < SCRYPT_N || Number(r) < R || Number(p) < P;
}

/** Checked when a password is set (CLI and API alike). */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 10) return 'a password needs at least 10 characters';
  if (password.length > 1024) return 'a password may have at most 1024 characters';
  return undefined;
}
