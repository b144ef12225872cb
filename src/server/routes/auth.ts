// Sign in and out, who am I, my API tokens.
import { createdTokenSchema, createTokenBody, idParams, loginBody, loginResponse, meResponse, okSchema, tokensResponse } from '../../api/contract.js';
import { permissionsOf } from '../../auth/roles.js';
import { clientAddress } from '../client-address.js';
import { ApiError, notFound } from '../errors.js';
import { route } from '../route.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../session.js';

export const authRoutes = [
  route({
    id: 'login',
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in with name and password; sets the httpOnly session cookie. 429 after too many failed sign-ins for the name or from the address',
    tag: 'auth',
    access: 'public',
    body: loginBody,
    response: loginResponse,
    errors: [401, 429],
    async handler({ body, ctx, c }) {
      const client = clientAddress(c, ctx.settings.trustProxy);
      const attempt = await ctx.throttle.reserve({ account: body.name, client }, ctx.settings.loginThrottle, ctx.now());
      if (!attempt.allowed) {
        // Refused before the password is looked at: guessing costs nothing but time.
        const seconds = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
        // Aggregated: a flood of refused attempts adds one row per client and window, counting them.
        const key = attempt.limit === 'account' ? `account:${body.name}` : `client:${client}`;
        await ctx.audit.recordAggregated(null, 'auth.login_throttled', body.name, {
          key,
          windowMs: ctx.settings.loginThrottle.windowMs,
          now: ctx.now(),
          details: { client, limit: attempt.limit, retryAfterSeconds: seconds },
        });
        throw new ApiError(
          429,
          `too many failed sign-ins ${attempt.limit === 'account' ? 'for this name' : 'from this address'}; try again in ${Math.ceil(seconds / 60)} min`,
          undefined,
          'the Retry-After header gives the seconds to wait; API tokens keep working',
          { 'retry-after': String(seconds) },
        );
      }
      const user = await ctx.accounts.checkLogin(body.name, body.password);
      if (!user) {
        await ctx.audit.record(null, 'auth.login_failed', body.name, { client });
        throw new ApiError(401, 'wrong name or password');
      }
      await ctx.throttle.accept(body.name);
      const session = await ctx.accounts.createSession(user.id, ctx.settings.sessionMs);
      setSessionCookie(c, session.token, ctx);
      await ctx.audit.record(user, 'auth.login', user.name);
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
      if (token) await ctx.accounts.deleteSession(token);
      clearSessionCookie(c);
      await ctx.audit.record(user, 'auth.logout', user.name);
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
    response: meResponse,
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
    response: tokensResponse,
    async handler({ ctx, user }) {
      return { tokens: await ctx.accounts.listTokens(user.id) };
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
    body: createTokenBody,
    response: createdTokenSchema,
    async handler({ ctx, user, body }) {
      const created = await ctx.accounts.createToken(user.id, body.name);
      await ctx.audit.record(user, 'token.create', created.info.id, { name: body.name });
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
      if (!(await ctx.accounts.revokeToken(user.id, params.id))) throw notFound(`token "${params.id}"`);
      await ctx.audit.record(user, 'token.revoke', params.id);
      return { ok: true as const };
    },
  }),
];
