// The finish mark: proof that a test program ran to its last line, so that a
// sample passes only when its test finished, never by exit status alone
// (sys.exit(0), os._exit(0), raise SystemExit, an atexit hook or a signal
// handler that exits 0 all leave the test unfinished).
//
// How it works. For each run Heng draws a fresh 128-bit nonce and hands the
// program two private descriptors: fd 4, from which the nonce can be read
// once, and fd 5, on which Heng listens. The program's last line
// (FINISH_LINE, appended after `check(...)` or the last assert) copies fd 4
// to fd 5; the run is `finished` only when exactly the nonce arrives on fd 5.
//
// What the candidate cannot do:
// - Find the nonce in the program: it is in no file (main.py holds only the
//   descriptor numbers), no argument, no environment variable, and not in
//   memory until the last line reads it; it changes every run, so nothing
//   learnt from the prompt, the test or an earlier run helps.
// - Pass by leaving early: every exit before the last line (sys.exit,
//   os._exit, SystemExit, atexit, a signal, a closed stdout) leaves fd 5
//   empty. Closing or writing to fd 4/5 spoils the mark: fail, never pass.
// - Reach Heng's report channel: fd 3 (the sandbox init's status report) is
//   not passed to the sample.
//
// What it cannot stop: code in the same interpreter can do whatever the last
// line does. A sample written to defeat Heng specifically (reading fd 4
// itself and writing it to fd 5 before exiting) would forge the mark; no
// in-process sentinel can prevent that, only running the test in a separate
// process from the candidate, which breaks HumanEval/MBPP semantics. The
// official harness has the same limit. docs/sandbox.md#the-finish-mark.
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { BoundedOutput } from './bounded-output.js';

/** Descriptor the program reads the nonce from (Heng writes it and closes its end). */
export const FINISH_NONCE_FD = 4;
/** Descriptor the program writes the nonce back to. */
export const FINISH_MARK_FD = 5;

/**
 * The Python statement a program ends with to prove it got there: a fresh
 * import (so a candidate's names cannot shadow it) that copies fd 4 to fd 5.
 */
export const FINISH_LINE = `import os as _heng_os; _heng_os.write(${FINISH_MARK_FD}, b"".join(iter(lambda: _heng_os.read(${FINISH_NONCE_FD}, 64), b"")))`;

/** One run's witness: hands the nonce out on fd 4 and checks what comes back on fd 5. */
export class FinishWitness {
  private readonly nonce = randomBytes(16).toString('hex');
  private readonly mark = new BoundedOutput(256);

  /** Wire the child's fd 4 (written, then closed) and fd 5 (read, bounded). */
  attach(nonceEnd: Writable, markEnd: Readable): void {
    nonceEnd.on('error', () => {}); // the sample may close its end first; the mark then says "not finished"
    nonceEnd.end(this.nonce);
    markEnd.on('error', () => {});
    markEnd.on('data', (chunk: Buffer) => this.mark.push(chunk));
  }

  /** True only when exactly this run's nonce arrived. */
  finished(): boolean {
    return !this.mark.truncated && this.mark.text() === this.nonce;
  }
}
