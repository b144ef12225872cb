// Starting one sample: inside fresh namespaces (the normal path) or, for
// development on hosts without namespaces, as a plain limited child process.
// Both share `supervise`: wall-clock kill of the whole process group, bounded
// output, and the mapping of the ending to a SandboxStatus.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { writeOutputFile } from '../report/write-file.js';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { BoundedOutput } from './bounded-output.js';
import { classifyEnding, endingReason, signalName } from './classify.js';
import { FINISH_MARK_FD, FINISH_NONCE_FD, FinishWitness } from './finish.js';
import { awaitNoProcesses } from './leftovers.js';
import { leaseUid, releaseUid } from './uid-lease.js';
import { SANDBOX_WORKDIR, type Settings } from './settings.js';
import type { RunResult } from './types.js';

const INIT_SCRIPT = fileURLToPath(new URL('./init.py', import.meta.url));
/** Only system directories: the host's PATH may point into hidden or untrusted places. */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const MIB = 1024 * 1024;
/** After the kill, how long to wait for the pipes to close before giving up on them. */
const KILL_GRACE_MS = 5_000;

interface InitReport {
  event: 'setup_error' | 'exit' | 'signal';
  message?: string;
  code?: number;
  signal?: number;
}

export async function runIsolated(program: string, settings: Settings): Promise<RunResult> {
  const uid = leaseUid(settings.uidBase);
  try {
    return await runAs(uid, program, settings);
  } finally {
    releaseUid(uid);
  }
}

async function runAs(uid: number, program: string, settings: Settings): Promise<RunResult> {
  const job = {
    program,
    python: settings.python,
    hide: settings.hidePaths,
    workdir: SANDBOX_WORKDIR,
    workdirKb: Math.ceil(settings.workdirMb * 1024),
    uid,
    gid: uid,
    // Descriptors the sample keeps besides 0–2: the finish mark's (never fd 3, the init's report).
    passFds: settings.requireFinish ? [FINISH_NONCE_FD, FINISH_MARK_FD] : [],
    limits: {
      asBytes: Math.floor(settings.memoryMb * MIB),
      nproc: settings.maxProcesses,
      cpuSeconds: Math.ceil(settings.timeoutMs / 1000) + 1,
      fsizeBytes: Math.floor(settings.maxFileMb * MIB),
      nofile: 256,
    },
  };
  const child = spawn('unshare', ['--net', '--mount', '--pid', '--ipc', '--uts', '--fork', '--kill-child', '--mount-proc', '--', settings.python, '-I', '-S', INIT_SCRIPT], {
    cwd: '/',
    env: { PATH: SYSTEM_PATH },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe', ...finishStdio(settings)],
  });
  child.stdin!.on('error', () => {}); // unshare may die before reading the job; the ending says why
  child.stdin!.end(JSON.stringify(job));
  const reportText = new BoundedOutput(4096);
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => reportText.push(chunk));
  const result = await supervise(child, settings, true, (ending) => {
    const report = parseReport(reportText.text());
    if (!report) return { ...ending, setupFailed: !ending.timedOut, setupMessage: 'the sandbox did not start (unshare failed)' };
    if (report.event === 'setup_error') return { ...ending, setupFailed: true, setupMessage: `sandbox set-up failed: ${report.message}` };
    if (report.event === 'signal') return { ...ending, exitCode: null, signal: signalName(report.signal ?? 0) };
    return { ...ending, exitCode: report.code ?? null, signal: null };
  });
  // The uid goes back to the lease only when nothing of this sample is left.
  await awaitNoProcesses(uid, KILL_GRACE_MS);
  return result;
}

/** allowUnsandboxed: a temp dir, a clean environment and rlimits; no namespaces, same user as Heng. */
export async function runUnsandboxed(program: string, settings: Settings): Promise<RunResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'heng-sandbox-'));
  try {
    writeOutputFile(path.join(dir, 'main.py'), program, { field: 'program' });
    const python = [settings.python, '-u', '-B', 'main.py'];
    const limited = existsSync('/usr/bin/prlimit')
      ? [
          '/usr/bin/prlimit',
          `--as=${Math.floor(settings.memoryMb * MIB)}`,
          `--cpu=${Math.ceil(settings.timeoutMs / 1000) + 1}`,
          `--fsize=${Math.floor(settings.maxFileMb * MIB)}`,
          '--core=0',
          '--',
          ...python,
        ]
      : python;
    const child = spawn(limited[0], limited.slice(1), {
      cwd: dir,
      env: { PATH: SYSTEM_PATH, HOME: dir, TMPDIR: dir, LANG: 'C.UTF-8' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ignore', ...finishStdio(settings)],
    });
    return await supervise(child, settings, false, (ending) => ending);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Ending = Parameters<typeof classifyEnding>[0] & { setupMessage?: string };

/** fd 4 and 5 of the child when the run must prove it finished (src/sandbox/finish.ts). */
function finishStdio(settings: Settings): Array<'pipe'> {
  return settings.requireFinish ? ['pipe', 'pipe'] : [];
}

function supervise(child: ChildProcess, settings: Settings, sandboxed: boolean, interpret: (raw: Ending) => Ending): Promise<RunResult> {
  const started = performance.now();
  let witness: FinishWitness | undefined;
  const stdio: ReadonlyArray<unknown> = child.stdio;
  if (settings.requireFinish && stdio[FINISH_NONCE_FD] && stdio[FINISH_MARK_FD]) {
    witness = new FinishWitness();
    witness.attach(stdio[FINISH_NONCE_FD] as Writable, stdio[FINISH_MARK_FD] as Readable);
  }
  const stdout = new BoundedOutput(settings.maxOutputBytes);
  const stderr = new BoundedOutput(settings.maxOutputBytes);
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  let timedOut = false;
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL'); // the whole group: unshare and the namespace's init
    } catch {
      // already gone
    }
  };
  return new Promise((resolve) => {
    let graceTimer: NodeJS.Timeout | undefined;
    const wallTimer = setTimeout(() => {
      timedOut = true;
      killGroup();
      // Pipes close when the namespace dies; do not wait on them forever.
      graceTimer = setTimeout(() => child.stdio.forEach((s) => s?.destroy()), KILL_GRACE_MS);
    }, settings.timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      clearTimeout(wallTimer);
      clearTimeout(graceTimer);
      // Unsandboxed samples may leave children behind; in the sandbox the namespace's end kills them.
      if (!sandboxed) killGroup();
      const finished = settings.requireFinish ? (witness?.finished() ?? false) : null;
      const ending = { ...interpret({ timedOut, setupFailed: !!spawnError, exitCode: code, signal, stderr: stderr.text() }), finished };
      const setupNote = ending.setupFailed ? `heng sandbox: ${spawnError ? `cannot start: ${spawnError.message}` : ending.setupMessage}\n` : '';
      resolve({
        status: classifyEnding(ending),
        exitCode: ending.exitCode,
        signal: ending.signal,
        stdout: stdout.text(),
        stderr: setupNote + stderr.text(),
        truncated: stdout.truncated || stderr.truncated,
        durationMs: Math.round(performance.now() - started),
        sandboxed,
        finished,
        reason: endingReason(ending, settings.timeoutMs),
      });
    };
    let settled = false;
    child.on('error', (err) => {
      if (!settled) (settled = true), finish(null, null, err);
    });
    child.on('close', (code, signal) => {
      if (!settled) (settled = true), finish(code, signal);
    });
  });
}

function parseReport(text: string): InitReport | undefined {
  const line = text.trim().split('\n').pop();
  if (!line) return undefined;
  try {
    return JSON.parse(line) as InitReport;
  } catch {
    return undefined;
  }
}
