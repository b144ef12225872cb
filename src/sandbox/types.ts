// Vocabulary of the code sandbox: what a caller asks for and what one run of
// an untrusted Python program ended as. See docs/sandbox.md.

/**
 * How a sandboxed program ended.
 * - passed: exit status 0; with `requireFinish`, only when the program wrote
 *   its finish mark (it ran to its last line), however it ended afterwards
 * - failed: non-zero exit (an exception, a failed assert, sys.exit(n)); with
 *   `requireFinish` also exit status 0 without the finish mark (sys.exit(0),
 *   os._exit(0), an atexit hook, a signal handler that exits)
 * - timeout: wall-clock limit (or CPU-time limit) reached; the sandbox was killed
 * - crashed: killed by a signal it did not survive (SIGSEGV, SIGABRT, …)
 * - oom: the memory limit was hit (Python's MemoryError)
 * - sandbox_error: the sandbox itself could not be set up; the program never ran
 */
export type SandboxStatus = 'passed' | 'failed' | 'timeout' | 'crashed' | 'oom' | 'sandbox_error';

export interface RunResult {
  status: SandboxStatus;
  /** Exit status of the program, when it exited on its own. */
  exitCode: number | null;
  /** Name of the signal that ended the program (e.g. "SIGSEGV"), when one did. */
  signal: string | null;
  /** Program output, cut to `maxOutputBytes` (see `truncated`). */
  stdout: string;
  stderr: string;
  /** True when stdout or stderr was cut. */
  truncated: boolean;
  /** Wall time from start to end, including the sandbox set-up (tens of ms). */
  durationMs: number;
  /** False only for runs made with `allowUnsandboxed` on a host without isolation. */
  sandboxed: boolean;
  /** With `requireFinish`: did the program write the run's finish mark? null when not asked. */
  finished: boolean | null;
  /** Why the run ended as it did, in words (stored with a code score). */
  reason: string;
}

export interface RunOptions {
  /** Wall-clock limit; the whole sandbox is killed when it passes. Default 10 000. */
  timeoutMs?: number;
  /** Address-space limit per process (RLIMIT_AS), MiB. Default 1024. */
  memoryMb?: number;
  /** Process limit for the sample's uid (RLIMIT_NPROC): stops fork bombs. Default 32. */
  maxProcesses?: number;
  /** Largest file the sample may write (RLIMIT_FSIZE), MiB. Default 16. */
  maxFileMb?: number;
  /** Size of the sample's private tmpfs working directory, MiB. Default 64. */
  workdirMb?: number;
  /** Bytes kept of stdout and of stderr each. Default 65 536. */
  maxOutputBytes?: number;
  /** Python interpreter for the sample; must lie outside hidden paths. Default: /usr/bin/python3, else python3 on PATH. */
  python?: string;
  /** Extra host paths to hide from the sample (besides /root, /home, the project, scratch dirs). */
  hidePaths?: string[];
  /** Samples run as the lowest uid ≥ uidBase that no other running sample of this process holds. Default 60100. */
  uidBase?: number;
  /**
   * Development only: when namespaces are unavailable, run the program
   * without isolation (own temp dir, clean env, rlimits) instead of failing
   * with `sandbox_error`. Never use it for untrusted model output.
   */
  allowUnsandboxed?: boolean;
  /**
   * The program proves it ran to its end by ending with `FINISH_LINE`
   * (src/sandbox/finish.ts); `passed` then means that mark arrived, never
   * exit status 0 alone. Default false.
   */
  requireFinish?: boolean;
}

export const RUN_DEFAULTS = {
  timeoutMs: 10_000,
  memoryMb: 1024,
  maxProcesses: 32,
  maxFileMb: 16,
  workdirMb: 64,
  maxOutputBytes: 65_536,
  uidBase: 60_100,
} as const;
