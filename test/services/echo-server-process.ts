// The local OpenAI-compatible server in its own process, so the request
// timestamps it logs are taken on an idle event loop, not the busy test
// runner's. Prints "listening <url> log <url>"; GET <log url> returns the
// arrival times (ms since the epoch) of every request so far.
//   node --import tsx test/services/echo-server-process.ts [--no-log]
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOpenAIServer } from '../helpers/openai-server.js';

const noLog = process.argv.includes('--no-log');
const server = await startOpenAIServer({ noLog });
const log = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(server.requests.map((r) => r.at)));
});
await new Promise<void>((r) => log.listen(0, '127.0.0.1', r));
process.stdout.write(`listening ${server.url} log http://127.0.0.1:${(log.address() as AddressInfo).port}/\n`);
process.on('SIGTERM', () => process.exit(0));
