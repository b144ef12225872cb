// heng serve: the REST API (/api, OpenAPI at /api/openapi.json) and the web app.
import path from 'node:path';
import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { Accounts } from '../../auth/accounts.js';
import { DEFAULT_THROTTLE } from '../../auth/throttle.js';
import { InputError } from '../../errors.js';
import { openStore } from '../../store/open.js';
import { DEFAULT_BODY_LIMITS } from '../../server/request-input.js';
import { reportOutages } from '../../store/outage-log.js';
import { dbOption, positiveInt, positiveNumber } from '../common.js';

export function register(program: Command) {
  program
    .command('serve')
    .description('serve the REST API and the web app')
    .option('--port <n>', 'port (0: any free port)', (v) => (v === '0' ? 0 : positiveInt('--port')(v)), 8080)
    .option('--host <address>', 'address to listen on (0.0.0.0 for all; put HTTPS in front)', '127.0.0.1')
    .option('--work-dir <dir>', 'folder where configs sent over the API find their datasets; banks/ in it lists safety banks', '.')
    .option('--web-dir <dir>', "the built web app (default: this package's dist/web, wherever heng is started from)")
    .option('--secrets <file>', 'where provider keys set over the API are kept (mode 0600)', '.heng/secrets.env')
    .option('--queue <url>', 'run on `heng worker`s via this Redis queue instead of in the server')
    .option('--session-hours <h>', 'how long a sign-in lasts', positiveNumber('--session-hours'), 12)
    .option('--secure-cookie', 'mark the session cookie Secure (when served over HTTPS)')
    .option('--login-failures <n>', 'failed sign-ins for one user name within the window before it answers 429', positiveInt('--login-failures'), DEFAULT_THROTTLE.perAccount)
    .option(
      '--login-failures-per-client <n>',
      'failed sign-ins from one client address within the window before it answers 429',
      positiveInt('--login-failures-per-client'),
      DEFAULT_THROTTLE.perClient,
    )
    .option('--login-window-minutes <m>', 'the window failed sign-ins are counted in', positiveNumber('--login-window-minutes'), DEFAULT_THROTTLE.windowMs / 60_000)
    .option('--max-body-kib <n>', 'largest request body of a signed-in request (sign-in itself: 16 KiB)', positiveInt('--max-body-kib'), DEFAULT_BODY_LIMITS.signedIn / 1024)
    .option('--max-config-kib <n>', 'largest request body that carries a config (POST /api/runs)', positiveInt('--max-config-kib'), DEFAULT_BODY_LIMITS.config / 1024)
    .option('--trust-proxy', 'take the client address from the last X-Forwarded-For entry (only behind a reverse proxy that sets it)')
    .addOption(dbOption())
    .action(async (opts) => {
      if (opts.port > 65535) throw new InputError(`--port must be at most 65535, got ${opts.port}`, { field: '--port' });
      // Loaded here, not at CLI start: the server pulls in Hono, every route and Chromium's driver.
      const { createApp } = await import('../../server/app.js');
      const store = await openStore(opts.db);
      // A database restart is waited out; the log says so (requests meanwhile answer 503 after 10 s).
      reportOutages(store.status, (line) => process.stderr.write(`${line}\n`));
      const heng = createApp({
        store,
        workDir: opts.workDir,
        queue: opts.queue,
        secretsFile: opts.secrets,
        settings: {
          ...(opts.webDir ? { webDir: path.resolve(opts.webDir) } : {}),
          sessionMs: opts.sessionHours * 3600 * 1000,
          secureCookie: !!opts.secureCookie,
          banksDir: path.resolve(opts.workDir, 'banks'),
          loginThrottle: { perAccount: opts.loginFailures, perClient: opts.loginFailuresPerClient, windowMs: opts.loginWindowMinutes * 60_000 },
          trustProxy: !!opts.trustProxy,
          bodyLimits: { ...DEFAULT_BODY_LIMITS, signedIn: opts.maxBodyKib * 1024, config: opts.maxConfigKib * 1024 },
        },
      });
      if (!(await new Accounts(store).list()).length) process.stderr.write('no accounts yet: create the first admin with\n  heng users add admin --role admin   (password on stdin)\n');
      const server = serve({ fetch: heng.app.fetch, port: opts.port, hostname: opts.host }, (info) => {
        process.stderr.write(`heng serve: http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}/  (API: /api/openapi.json)\n`);
      });
      let stopping = false;
      const stop = async () => {
        if (stopping) process.exit(130);
        stopping = true;
        process.stderr.write('stopping: runs in progress are stored and can be resumed…\n');
        server.close();
        await heng.close();
        await store.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
