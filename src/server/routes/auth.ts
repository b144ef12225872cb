// Sign in and out, who am I, my API tokens.
import { z } from 'zod';
import { checkLogin, createApiToken, createSession, deleteSession, listApiTokens, revokeApiToken } from '../../auth/accounts.js';
import { audit } from '../../auth/audit.js';
import { PERMISSIONS, permissionsOf } from '../../auth/roles.js';
import { acceptSignIn, reserveSignIn } from '../../auth/throttle.js';
import { clientAddress } from '../client-address.js';
import { ApiError, notFound } from '../errors.js';
import { route } from '../route.js';
import { idParams, okSchema, userSchema } from '../schemas.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../session.js';

const tokenSchema = z.object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revoked: z.boolean() });
const permissionEnum = z.enum(Object.keys(PERMISSIONS) as [keyof typeof PERMISSIONS, ...Array<keyof typeof PERMISSIONS>]);

export const authRoutes = [
  route({
    id: 'login',
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in with name and password; sets the httpOnly session cookie. 429 after too many failed sign-ins for the name or from the address',
    tag: 'auth',
    access: 'public',
    body: z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
    response: z.object({ user: userSchema, expiresAt: z.string() }),
    errors: [401, 429],
    async handler({ body, ctx, c }) {
      const client = clientAddress(c, ctx.settings.trustProxy);
      const attempt = await reserveSignIn(ctx.store.db, { account: body.name, client }, ctx.settings.loginThrottle, ctx.now());
      if (!attempt.allowed) {
        // Refused before the password is looked at: guessing costs nothing but time.
        const seconds = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
        await audit(ctx.store.db, null, 'auth.login_throttled', body.name, { client, limit: attempt.limit, retryAfterSeconds: seconds });
        throw new ApiError(
          429,
          `too many failed sign-ins ${attempt.limit === 'account' ? 'for this name' : 'from this address'}; try again in ${Math.ceil(seconds / 60)} min`,
          undefined,
          'the Retry-After header gives the seconds to wait; API tokens keep working',
          { 'retry-after': String(seconds) },
        );
      }
      const user = await checkLogin(ctx.store.db, body.name, body.password);
      if (!user) {
        await audit(ctx.store.db, null, 'auth.login_failed', body.name, { client });
        throw new ApiError(401, 'wrong name or password');
      }
      await acceptSignIn(ctx.store.db, body.name);
      const session = await createSession(ctx.store.db, user.id, ctx.settings.sessionMs);
      setSessionCookie(c, session.token, ctx);
      await audit(ctx.store.db, user, 'auth.login', user.name);
      return { user, expiresAt: session.expiresAt };
    },
  }),
  route({
    id: 'logout',
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End the current session',
    tag: 'auth',
    access: 'user',
    response: okSchema,
    async handler({ ctx, c, user }) {
      const token = sessionToken(c);
      if (token) await deleteSession(ctx.store.db, token);
      clearSessionCookie(c);
      await audit(ctx.store.db, user, 'auth.logout', user.name);
      return { ok: true as const };
    },
  }),
  route({
    id: 'me',
    method: 'get',
    path: '/api/auth/me',
    summary: 'The signed-in user and what their role permits',
    tag: 'auth',
    access: 'user',
    response: z.object({ user: userSchema, permissions: z.array(permissionEnum) }),
    async handler({ user }) {
      return { user, permissions: permissionsOf(user.role) };
    },
  }),
  route({
    id: 'listTokens',
    method: 'get',
    path: '/api/auth/tokens',
    summary: 'My API tokens (never the tokens themselves)',
    tag: 'auth',
    access: 'user',
    response: z.object({ tokens: z.array(tokenSchema) }),
    async handler({ ctx, user }) {
      return { tokens: await listApiTokens(ctx.store.db, user.id) };
    },
  }),
  route({
    id: 'createToken',
    method: 'post',
    path: '/api/auth/tokens',
    summary: 'Create an API token for me; the token is in this answer only',
    tag: 'auth',
    access: 'user',
    status: 201,
    body: z.object({ name: z.string().min(1).max(100) }),
    response: z.object({ token: z.string(), info: tokenSchema }),
    async handler({ ctx, user, body }) {
      const created = await createApiToken(ctx.store.db, user.id, body.name);
      await audit(ctx.store.db, user, 'token.create', created.info.id, { name: body.name });
      return created;
    },
  }),
  route({
    id: 'revokeToken',
    method: 'delete',
    path: '/api/auth/tokens/{id}',
    summary: 'Revoke one of my API tokens',
    tag: 'auth',
    access: 'user',
    params: idParams,
    response: okSchema,
    errors: [404],
    async handler({ ctx, user, params }) {
      if (!(await revokeApiToken(ctx.store.db, user.id, params.id))) throw notFound(`token "${params.id}"`);
      await audit(ctx.store.db, user, 'token.revoke', params.id);
      return { ok: true as const };
    },
  }),
];
