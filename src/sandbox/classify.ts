// Maps how a sandboxed process ended to a SandboxStatus. Pure, so the mapping is
// tested without running anything.
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
}

// RLIMIT_CPU sends SIGXCPU at the soft limit: the CPU-time backstop of the wall clock.
const TIME_SIGNALS = new Set(['SIGXCPU']);

export function classifyEnding(end: Ending): SandboxStatus {
  if (end.setupFailed) return 'sandbox_error';
  if (end.timedOut) return 'timeout';
  if (end.signal) return TIME_SIGNALS.has(end.signal) ? 'timeout' : 'crashed';
  if (end.exitCode === 0) return 'passed';
  return lastLine(end.stderr).startsWith('MemoryError') ? 'oom' : 'failed';
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
