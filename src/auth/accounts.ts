// Users, sessions and API tokens over the store's Kysely database. Every
// function takes the db so the CLI (`heng users`) and the server share them.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { InputError } from '../errors.js';
import type { ApiToken, User } from '../api/contract.js';
import type { Database, Role } from '../store/schema.js';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from './password.js';
import { isRole, ROLES } from './roles.js';
import { hashSecret, newSecret } from './secrets.js';

/** An account as the API shows it (src/api/contract.ts): never its password hash. */
export type { User };

type Db = Kysely<Database>;

/** Session lifetime unless the server is told otherwise (--session-hours). */
export const DEFAULT_SESSION_MS = 12 * 3600 * 1000;
export const TOKEN_PREFIX = 'heng_';

const NAME = /^[A-Za-z0-9_.@-]{1,64}$/;

function toUser(r: { id: string; name: string; role: Role; created_at: string; disabled_at: string | null }): User {
  return { id: r.id, name: r.name, role: r.role, createdAt: r.created_at, disabled: r.disabled_at !== null };
}

export function checkRole(role: string, field = 'role'): Role {
  if (!isRole(role)) throw new InputError(`unknown role "${role}"`, { field }, `use one of ${ROLES.join(', ')}`);
  return role;
}

export async function createUser(db: Db, name: string, role: string, password: string): Promise<User> {
  if (!NAME.test(name)) throw new InputError(`user name "${name}" is not allowed`, { field: 'name' }, 'use 1–64 letters, digits and . _ @ -');
  const r = checkRole(role);
  const problem = passwordProblem(password);
  if (problem) throw new InputError(problem, { field: 'password' });
  if (await db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst())
    throw new InputError(`user "${name}" already exists`, { field: 'name' }, 'pick another name, or change the existing user');
  const now = new Date().toISOString();
  const row = { id: randomUUID(), name, role: r, password_hash: await hashPassword(password), created_at: now, updated_at: now, disabled_at: null };
  await db.insertInto('users').values(row).execute();
  return toUser(row);
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.selectFrom('users').select(['id', 'name', 'role', 'created_at', 'disabled_at']).orderBy('name').execute();
  return rows.map(toUser);
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const r = await db.selectFrom('users').select(['id', 'name', 'role', 'created_at', 'disabled_at']).where('id', '=', id).executeTakeFirst();
  return r && toUser(r);
}

export async function getUserByName(db: Db, name: string): Promise<User | undefined> {
  const r = await db.selectFrom('users').select(['id', 'name', 'role', 'created_at', 'disabled_at']).where('name', '=', name).executeTakeFirst();
  return r && toUser(r);
}

export async function countAdmins(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Change role, password or disabled state. Disabling or changing a password ends the user's sessions; a new password also revokes their API tokens. */
export async function updateUser(db: Db, id: string, change: { role?: string; password?: string; disabled?: boolean }): Promise<User> {
  const user = await getUser(db, id);
  if (!user) throw new InputError(`no user "${id}"`, { field: 'id' });
  const set: Partial<{ role: Role; password_hash: string; disabled_at: string | null; updated_at: string }> = { updated_at: new Date().toISOString() };
  if (change.role !== undefined) set.role = checkRole(change.role);
  if (change.password !== undefined) {
    const problem = passwordProblem(change.password);
    if (problem) throw new InputError(problem, { field: 'password' });
    set.password_hash = await hashPassword(change.password);
  }
  if (change.disabled !== undefined) set.disabled_at = change.disabled ? new Date().toISOString() : null;
  const losesAdmin = user.role === 'admin' && !user.disabled && ((set.role && set.role !== 'admin') || change.disabled === true);
  if (losesAdmin && (await countAdmins(db)) <= 1) throw new InputError('this is the last admin', { field: change.disabled ? 'disabled' : 'role' }, 'make another user admin first');
  await db.updateTable('users').set(set).where('id', '=', id).execute();
  if (change.password !== undefined || change.disabled) await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  // A new password also revokes the user's API tokens: whoever knew the old one may have made one.
  if (change.password !== undefined) await db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
  return (await getUser(db, id))!;
}

/** The user if name and password match an enabled account. Always hashes, so timing does not reveal which names exist. */
export async function checkLogin(db: Db, name: string, password: string): Promise<User | undefined> {
  const r = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
  const ok = await verifyPassword(password, r?.password_hash ?? (await dummyHash()));
  if (!r || !ok || r.disabled_at !== null) return undefined;
  // Transparent upgrade: the password is known right now, so a hash from older parameters is replaced.
  if (needsRehash(r.password_hash))
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', r.id)
      .where('password_hash', '=', r.password_hash)
      .execute();
  return toUser(r);
}

// A valid hash of a random password: the unknown-user path does the same work.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(newSecret()));

// Sessions ---------------------------------------------------------------------

export async function createSession(db: Db, userId: string, lifetimeMs = DEFAULT_SESSION_MS): Promise<{ token: string; expiresAt: string }> {
  const token = newSecret();
  const now = Date.now();
  const expiresAt = new Date(now + lifetimeMs).toISOString();
  await db
    .insertInto('sessions')
    .values({ token_hash: hashSecret(token), user_id: userId, created_at: new Date(now).toISOString(), expires_at: expiresAt })
    .execute();
  // Expired sessions are swept as new ones are made.
  await db.deleteFrom('sessions').where('expires_at', '<', new Date(now).toISOString()).execute();
  return { token, expiresAt };
}

export async function sessionUser(db: Db, token: string): Promise<User | undefined> {
  const r = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.name', 'users.role', 'users.created_at', 'users.disabled_at', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!r || r.disabled_at !== null || r.expires_at <= new Date().toISOString()) return undefined;
  return toUser(r);
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashSecret(token)).execute();
}

// API tokens -------------------------------------------------------------------

export type { ApiToken };

/** The token itself is returned here once and never again. */
export async function createApiToken(db: Db, userId: string, name: string): Promise<{ token: string; info: ApiToken }> {
  if (!name.trim() || name.length > 100) throw new InputError('a token needs a name of 1–100 characters', { field: 'name' });
  const token = newSecret(TOKEN_PREFIX);
  const row = {
    id: randomUUID(),
    user_id: userId,
    name,
    token_hash: hashSecret(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    created_at: new Date().toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, info: toToken(row) };
}

function toToken(r: { id: string; name: string; prefix: string; created_at: string; last_used_at: string | null; revoked_at: string | null }): ApiToken {
  return { id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revoked: r.revoked_at !== null };
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  return rows.map(toToken);
}

/** Revokes one of the user's tokens; false when it is not theirs or does not exist. */
export async function revokeApiToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', tokenId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function tokenUser(db: Db, token: string): Promise<User | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const hash = hashSecret(token);
  const r = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.name', 'users.role', 'users.created_at', 'users.disabled_at', 'api_tokens.revoked_at', 'api_tokens.id as token_id'])
    .where('api_tokens.token_hash', '=', hash)
    .executeTakeFirst();
  if (!r || r.revoked_at !== null || r.disabled_at !== null) return undefined;
  await db.updateTable('api_tokens').set({ last_used_at: new Date().toISOString() }).where('id', '=', r.token_id).execute();
  return toUser(r);
}

/**
 * The accounts repository of one store: users, sessions and API tokens as
 * typed records (never a password or token hash). The server context and
 * `heng users` make one and go through it instead of the database.
 */
export class Accounts {
  private readonly db: Db;
  constructor(store: { readonly db: Db }) {
    this.db = store.db;
  }
  create = (name: string, role: string, password: string) => createUser(this.db, name, role, password);
  list = () => listUsers(this.db);
  get = (id: string) => getUser(this.db, id);
  byName = (name: string) => getUserByName(this.db, name);
  update = (id: string, change: { role?: string; password?: string; disabled?: boolean }) => updateUser(this.db, id, change);
  checkLogin = (name: string, password: string) => checkLogin(this.db, name, password);
  createSession = (userId: string, lifetimeMs?: number) => createSession(this.db, userId, lifetimeMs);
  sessionUser = (token: string) => sessionUser(this.db, token);
  deleteSession = (token: string) => deleteSession(this.db, token);
  createToken = (userId: string, name: string) => createApiToken(this.db, userId, name);
  listTokens = (userId: string) => listApiTokens(this.db, userId);
  revokeToken = (userId: string, tokenId: string) => revokeApiToken(this.db, userId, tokenId);
  tokenUser = (token: string) => tokenUser(this.db, token);
}
