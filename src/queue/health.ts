// GET /healthz for a worker: 200 with JSON when Redis and the store answer,
// 503 otherwise (load balancers and systemd watchdogs read the status code).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HengWorker } from './worker.js';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function serveHealth(worker: HengWorker, port: number, host = '0.0.0.0'): Promise<HealthServer> {
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/healthz') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const health = await worker.health();
    res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(health));
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
