// GET /healthz for a worker: 200 with JSON when Redis and the store answer,
// 503 otherwise (load balancers and systemd watchdogs read the status code).
// On 127.0.0.1 unless told otherwise; anyone who reaches it sees only
// {ok, redis, db, stopping}: job ids, counts and host:pid need the health
// token (HENG_HEALTH_TOKEN) as "Authorization: Bearer …".
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HengWorker } from './worker.js';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function authorized(header: string | undefined, token: string | undefined): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return !!token && !!m && timingSafeEqual(digest(m[1]), digest(token));
}

export async function serveHealth(worker: HengWorker, port: number, host = '127.0.0.1', token?: string): Promise<HealthServer> {
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/healthz') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const health = await worker.health();
    const shown = authorized(req.headers.authorization, token) ? health : { ok: health.ok, redis: health.redis, db: health.db, stopping: health.stopping };
    res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(shown));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
