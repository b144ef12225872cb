// RunOptions with every default filled in, the interpreter resolved to an
// absolute path, and the list of host paths the sample must not see.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { RUN_DEFAULTS, type RunOptions } from './types.js';
import { PACKAGE_ROOT } from '../package-root.js';

export interface Settings {
  timeoutMs: number;
  memoryMb: number;
  maxProcesses: number;
  maxFileMb: number;
  workdirMb: number;
  maxOutputBytes: number;
  python: string;
  hidePaths: string[];
  uidBase: number;
  allowUnsandboxed: boolean;
}

/** Where the sample works inside the sandbox: a private tmpfs that also hides the host's /tmp. */
export const SANDBOX_WORKDIR = '/tmp';

// Home directories, Heng's own checkout, and the world-writable scratch dirs
// (a sample could otherwise leave files there or read other users' files).
const ALWAYS_HIDDEN = ['/root', '/home', '/var/tmp', '/dev/shm', '/run/lock', '/run/secrets'];

export function resolveSettings(opts: RunOptions = {}): Settings {
  const positive = (name: keyof typeof RUN_DEFAULTS, value: number | undefined): number => {
    const v = value ?? RUN_DEFAULTS[name];
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`sandbox option ${name} must be a positive number, got ${v}`);
    return v;
  };
  return {
    timeoutMs: positive('timeoutMs', opts.timeoutMs),
    memoryMb: positive('memoryMb', opts.memoryMb),
    maxProcesses: Math.round(positive('maxProcesses', opts.maxProcesses)),
    maxFileMb: positive('maxFileMb', opts.maxFileMb),
    workdirMb: positive('workdirMb', opts.workdirMb),
    maxOutputBytes: Math.round(positive('maxOutputBytes', opts.maxOutputBytes)),
    uidBase: Math.round(positive('uidBase', opts.uidBase)),
    python: resolvePython(opts.python),
    hidePaths: hiddenPaths(opts.hidePaths ?? []),
    allowUnsandboxed: opts.allowUnsandboxed ?? false,
  };
}

/**
 * The system interpreter first: interpreters under /root (pyenv) or /home
 * would be hidden from the sample. Then python3 on PATH.
 */
export function resolvePython(requested?: string): string {
  if (requested && path.isAbsolute(requested)) return requested;
  const name = requested ?? 'python3';
  if (!requested) for (const candidate of ['/usr/bin/python3', '/usr/local/bin/python3']) if (existsSync(candidate)) return candidate;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return realpathSync(candidate);
  }
  return name;
}

export function hiddenPaths(extra: string[]): string[] {
  const wanted = [...ALWAYS_HIDDEN, PACKAGE_ROOT, process.cwd(), ...extra];
  const out = new Set<string>();
  for (const p of wanted) {
    for (const form of [path.resolve(p), safeRealpath(p)]) {
      // Never hide the root or the sample's own workdir; those would leave nothing to run.
      if (form && form !== '/' && form !== SANDBOX_WORKDIR && !form.startsWith(`${SANDBOX_WORKDIR}/`) && existsSync(form)) out.add(form);
    }
  }
  return [...out];
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
