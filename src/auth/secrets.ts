// Random bearer secrets (session cookies, API tokens). Only their sha256 is
// stored, so reading the database does not let anyone in.
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url, with a readable prefix ("heng_" for API tokens). */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
