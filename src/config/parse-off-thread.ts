// Configs sent to the server are read on a worker thread with a time limit,
// so a hostile YAML (huge, deeply aliased, pathological) costs a thread, not
// the event loop every other request waits on.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, type Place } from '../errors.js';
import { configFromYaml, type LoadedConfig } from './load.js';
import type { YamlLimits, YamlRead } from './yaml-read.js';

export interface OffThreadOptions {
  limits?: YamlLimits;
  /** Wall time the read may take (default 10 s, worker start included). */
  timeoutMs?: number;
}

type Answer = { ok: true; read: YamlRead } | { ok: false; problem: string; place: Place; hint?: string; internal?: boolean };

// The worker is plain JavaScript. Run from the sources it registers tsx (how
// Heng runs its TypeScript) once; from the compiled build (dist/node) it
// imports the compiled modules. Then it answers one request per message.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = (async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  return { readYaml: (await import(workerData.module)).readYaml, InputError: (await import(workerData.errors)).InputError };
})();
parentPort.on('message', async ({ text, file, limits }) => {
  try {
    const { readYaml, InputError } = await ready;
    try {
      parentPort.postMessage({ ok: true, read: readYaml(text, file, limits) });
    } catch (err) {
      if (err instanceof InputError) parentPort.postMessage({ ok: false, problem: err.problem, place: err.place, hint: err.hint });
      else throw err;
    }
  } catch (err) {
    parentPort.postMessage({ ok: false, internal: true, problem: String((err && err.stack) || err), place: {} });
  }
});
`;

/** A sibling module as this one runs: `.ts` from src/ (tsx, vitest), `.js` from dist/node. */
const COMPILED = import.meta.url.endsWith('.js');
const here = (rel: string) => new URL(COMPILED ? rel.replace(/\.ts$/, '.js') : rel, import.meta.url).href;

/** One worker, started on first use and reused; one request at a time; replaced after a timeout. */
class OffThreadReader {
  private worker?: Worker;
  private queue: Promise<unknown> = Promise.resolve();

  read(text: string, file: string, o: OffThreadOptions): Promise<YamlRead> {
    const next = this.queue.then(() => this.readNow(text, file, o));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private start(): Worker {
    // The ESM entry of tsx's API (the CommonJS one registers its hooks by a path that does not exist).
    const tsx = COMPILED
      ? null
      : pathToFileURL(
          createRequire(import.meta.url)
            .resolve('tsx/esm/api')
            .replace(/\.cjs$/, '.mjs'),
        ).href;
    const w = new Worker(WORKER, { eval: true, workerData: { tsx, module: here('./yaml-read.ts'), errors: here('../errors.ts') }, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    w.unref();
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
    });
    return w;
  }

  private readNow(text: string, file: string, o: OffThreadOptions): Promise<YamlRead> {
    const w = (this.worker ??= this.start());
    // The first request also pays for starting the worker (about a second on a busy machine).
    const timeoutMs = o.timeoutMs ?? 10_000;
    return new Promise<YamlRead>((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        fn();
      };
      const kill = () => {
        if (this.worker === w) this.worker = undefined;
        void w.terminate();
      };
      const timer = setTimeout(
        () =>
          done(() => {
            kill();
            reject(new InputError(`the YAML took more than ${timeoutMs / 1000} s to read`, { file }, 'send a smaller config; move inline items into a dataset file'));
          }),
        timeoutMs,
      );
      const onMessage = (a: Answer) =>
        done(() => {
          if (a.ok) resolve(a.read);
          else if (a.internal) reject(new Error(`config reader failed: ${a.problem}`));
          else reject(new InputError(a.problem, a.place, a.hint));
        });
      const onError = (err: Error) =>
        done(() => {
          kill();
          reject((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? new InputError('the YAML needs too much memory to read', { file }) : err);
        });
      const onExit = (code: number) => done(() => reject(new Error(`config reader exited with ${code}`)));
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ text, file, limits: o.limits });
    });
  }
}

const reader = new OffThreadReader();

/** readYaml (./yaml-read.ts) on a worker thread within a time limit. */
export function readYamlOffThread(text: string, file: string, o: OffThreadOptions = {}): Promise<YamlRead> {
  return reader.read(text, file, o);
}

/** parseConfig, with the YAML read on a worker thread within a time limit. */
export async function parseConfigOffThread(text: string, file: string, o: OffThreadOptions = {}): Promise<LoadedConfig> {
  return configFromYaml(await reader.read(text, file, o), text, file);
}
