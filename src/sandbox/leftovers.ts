// After a sandbox ends, the kernel tears its pid namespace down
// asynchronously. A sample's uid is only handed to the next sample once no
// process of that uid is left, so leftovers never count against the next
// sample's process limit.
import { readdirSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 10;

export function processesOf(uid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (statSync(`/proc/${entry}`).uid === uid) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/** Waits up to `graceMs` for the uid's processes to vanish, then kills what is left. */
export async function awaitNoProcesses(uid: number, graceMs: number): Promise<void> {
  const deadline = performance.now() + graceMs;
  while (performance.now() < deadline) {
    if (processesOf(uid).length === 0) return;
    await sleep(POLL_MS);
  }
  for (const pid of processesOf(uid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
