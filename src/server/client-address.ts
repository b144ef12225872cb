// The address a request comes from, for the sign-in throttle and the audit
// log. By default the TCP peer. Behind a reverse proxy every request comes
// from the proxy, so with --trust-proxy the address is the last entry of
// X-Forwarded-For: the one the proxy itself appended (entries before it are
// whatever the client sent and prove nothing).
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return normalise(forwarded);
  }
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined; // not served by @hono/node-server (app.request in a script)
  }
  return peer ? normalise(peer) : 'unknown';
}

/** An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; count it as a.b.c.d. */
const normalise = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();
