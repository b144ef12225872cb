// Who is calling: a Bearer API token, or the session cookie. Cookie-borne
// state changes must also prove they come from our own pages (CSRF): the
// cookie is SameSite=Strict, and the request carries an Origin equal to the
// server's own, or (no Origin) the X-Heng-CSRF header, which a cross-site
// form cannot send and a cross-site script cannot send without a CORS
// preflight this server never grants.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { User } from '../auth/accounts.js';
import type { ServerContext } from './context.js';
import { ApiError } from './errors.js';

export const SESSION_COOKIE = 'heng_session';
export const CSRF_HEADER = 'x-heng-csrf';

export interface Caller {
  user: User;
  via: 'token' | 'cookie';
}

export async function identify(c: Context, ctx: ServerContext): Promise<Caller | undefined> {
  const auth = c.req.header('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const user = m ? await ctx.accounts.tokenUser(m[1]) : undefined;
    // A bad token is an error even if a cookie is present: the caller meant the token.
    if (!user) throw new ApiError(401, 'invalid or revoked API token');
    return { user, via: 'token' };
  }
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return undefined;
  const user = await ctx.accounts.sessionUser(token);
  return user ? { user, via: 'cookie' } : undefined;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Throws 403 when a browser-borne state change does not come from our own origin. */
export function checkCsrf(c: Context, via: Caller['via'] | 'anonymous'): void {
  if (SAFE.has(c.req.method) || via === 'token') return;
  const origin = c.req.header('origin');
  const host = c.req.header('host');
  if (origin && origin !== 'null') {
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    if (originHost && originHost === host) return;
    throw new ApiError(403, 'cross-origin request refused', undefined, 'state changes must come from the Heng web app itself');
  }
  if (c.req.header(CSRF_HEADER)) return;
  if (via === 'anonymous') return; // no credentials ride on it; public routes check checkPublicChange
  throw new ApiError(403, 'missing Origin or X-Heng-CSRF header', undefined, `send "${CSRF_HEADER}: 1" with cookie-authenticated requests, or use an API token`);
}

/**
 * A state change on a public route (sign-in) without credentials: a JSON body is enough, as a
 * cross-site form can only send text/plain, urlencoded or multipart, and a cross-site script needs
 * a preflight for JSON. Without this a foreign page could sign the victim's browser into the
 * attacker's account (login CSRF). Called after checkCsrf, which already refused a foreign Origin.
 */
export function checkPublicChange(c: Context): void {
  if (SAFE.has(c.req.method) || c.req.header(CSRF_HEADER) || isJson(c.req.header('content-type'))) return;
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') return; // checkCsrf let it through: our own origin
  throw new ApiError(403, 'sign-in refused: not a JSON body, and neither our Origin nor X-Heng-CSRF', undefined, `send "content-type: application/json" (or "${CSRF_HEADER}: 1")`);
}

const isJson = (type: string | undefined) => /^application\/json\s*(;|$)/i.test(type ?? '');

export function setSessionCookie(c: Context, token: string, ctx: ServerContext): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: ctx.settings.secureCookie, maxAge: Math.floor(ctx.settings.sessionMs / 1000) });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

export const sessionToken = (c: Context) => getCookie(c, SESSION_COOKIE);
