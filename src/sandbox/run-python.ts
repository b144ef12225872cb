// runPython: run one untrusted Python program in the sandbox and say how it
// ended. The only entry point other modules need; see docs/sandbox.md.
import { checkIsolation } from './isolation.js';
import { runIsolated, runUnsandboxed } from './launch.js';
import { resolveSettings } from './settings.js';
import { SlotPool } from './slot-pool.js';
import type { RunOptions, RunResult } from './types.js';

let sharedPool: SlotPool | undefined;

/** The process-wide pool: one slot per CPU. */
export function defaultPool(): SlotPool {
  sharedPool ??= new SlotPool();
  return sharedPool;
}

export async function runPython(program: string, opts: RunOptions & { pool?: SlotPool } = {}): Promise<RunResult> {
  const settings = resolveSettings(opts);
  const pool = opts.pool ?? defaultPool();
  const isolation = await checkIsolation(settings, pool);
  if (isolation.ok) return pool.use(() => runIsolated(program, settings));
  if (settings.allowUnsandboxed) return pool.use(() => runUnsandboxed(program, settings));
  return {
    status: 'sandbox_error',
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: `heng sandbox: isolation unavailable, refusing to run untrusted code: ${isolation.reason}\n  (for development only: allowUnsandboxed)`,
    truncated: false,
    durationMs: 0,
    sandboxed: false,
    finished: settings.requireFinish ? false : null,
    reason: 'the sandbox could not be set up; the program did not run',
  };
}

/** Why samples cannot be isolated here, or undefined when they can (for `heng doctor`-style checks). */
export async function isolationProblem(opts: RunOptions & { pool?: SlotPool } = {}): Promise<string | undefined> {
  const check = await checkIsolation(resolveSettings(opts), opts.pool ?? defaultPool());
  return check.ok ? undefined : check.reason;
}
