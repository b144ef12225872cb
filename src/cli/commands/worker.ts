// heng worker --queue redis://… --db postgres://… : evaluate queued units
// on this machine until SIGTERM/SIGINT.
import { Command, Option } from 'commander';
import { InputError } from '../../errors.js';
import { serveHealth } from '../../queue/health.js';
import { startWorker } from '../../queue/worker.js';
import { dbOption, positiveInt, withStore } from '../common.js';

export function register(program: Command) {
  program
    .command('worker')
    .description('take queued units from Redis and evaluate them (any number of machines)')
    .addOption(new Option('--queue <url>', 'Redis URL of the queue').env('HENG_QUEUE').makeOptionMandatory())
    .addOption(dbOption())
    .option('--concurrency <n>', 'jobs worked on at once (per-provider concurrency from the config applies per worker)', positiveInt('--concurrency'), 2)
    .option('--health-port <port>', 'serve GET /healthz on this port (details only with "Authorization: Bearer $HENG_HEALTH_TOKEN")', nonNegativeInt('--health-port'))
    .option('--health-host <address>', 'address the health port listens on (0.0.0.0: all interfaces)', '127.0.0.1')
    .option('--lock-ms <ms>', "job lock duration: a dead worker's job moves on after about this long", positiveInt('--lock-ms'), 30_000)
    .option('--rate-window <ms>', "window the providers' rpm/tpm are enforced over, scaled (1000 = rpm/60 per second)", positiveInt('--rate-window'), 60_000)
    .option('--rate-guard <ms>', 'extra time a grant counts against the window, for network jitter (default 2% of the window, at least 100)', positiveInt('--rate-guard'))
    .option('--prefix <prefix>', 'Redis key prefix (default: $HENG_QUEUE_PREFIX or "heng")')
    .action(async (opts) => {
      await withStore(
        opts.db,
        async (store) => {
          const worker = await startWorker({
            queue: { url: opts.queue, prefix: opts.prefix },
            store,
            concurrency: opts.concurrency,
            lockMs: opts.lockMs,
            rateWindowMs: opts.rateWindow,
            rateGuardMs: opts.rateGuard,
          });
          const health = opts.healthPort !== undefined ? await serveHealth(worker, opts.healthPort, opts.healthHost, process.env.HENG_HEALTH_TOKEN || undefined) : undefined;
          if (health) process.stderr.write(`health: http://${opts.healthHost}:${health.port}/healthz\n`);
          await new Promise<void>((resolve) => {
            let signals = 0;
            const stop = (signal: string) => {
              if (++signals > 1) process.exit(130);
              process.stderr.write(`${signal}: finishing units in flight, handing the rest back (again to quit now)…\n`);
              worker
                .close()
                .catch((err) => process.stderr.write(`shutdown: ${(err as Error).message}\n`))
                .finally(resolve);
            };
            process.on('SIGTERM', () => stop('SIGTERM'));
            process.on('SIGINT', () => stop('SIGINT'));
          });
          await health?.close();
          const s = worker.stats();
          process.stderr.write(`worker stopped: ${s.jobsProcessed} job(s), ${s.unitsCommitted} unit(s) committed\n`);
        },
        { reportsOutages: true },
      );
    });
}

function nonNegativeInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InputError(`${name} must be a port number, got "${v}"`, { field: name });
    return n;
  };
}
