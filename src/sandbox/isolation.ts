// Can this host isolate samples? Checked once per configuration by running a
// probe program through the full sandbox and verifying, from inside, that
// each layer is really there. Fail closed: any doubt is a reason.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runIsolated, SYSTEM_PATH } from './launch.js';
import type { Settings } from './settings.js';
import type { SlotPool } from './slot-pool.js';

export type IsolationCheck = { ok: true } | { ok: false; reason: string };

const REQUIRED_TOOLS = ['unshare', 'prlimit', 'setpriv', 'mount'];

const PROBE = `
import json, os, socket
hidden = json.loads(HIDDEN)
print(json.dumps({
    "uid": os.getuid(),
    "euid": os.geteuid(),
    "interfaces": [name for _, name in socket.if_nameindex()],
    "visible": [p for p in hidden if os.path.isdir(p) and os.listdir(p)],
    "pids": len([p for p in os.listdir("/proc") if p.isdigit()]),
}))
`;

const checks = new Map<string, Promise<IsolationCheck>>();

export function checkIsolation(settings: Settings, pool: SlotPool): Promise<IsolationCheck> {
  const key = JSON.stringify([settings.python, settings.uidBase, settings.hidePaths]);
  let check = checks.get(key);
  if (!check) {
    check = probe(settings, pool);
    checks.set(key, check);
  }
  return check;
}

async function probe(settings: Settings, pool: SlotPool): Promise<IsolationCheck> {
  if (process.platform !== 'linux') return { ok: false, reason: `namespaces need Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'the sandbox needs root to create namespaces and drop to an unprivileged uid (run Heng as root or in a container)' };
  const missing = REQUIRED_TOOLS.filter((tool) => !SYSTEM_PATH.split(':').some((dir) => existsSync(path.join(dir, tool))));
  if (missing.length) return { ok: false, reason: `missing tools: ${missing.join(', ')} (install util-linux and mount)` };
  const program = `HIDDEN = ${JSON.stringify(JSON.stringify(settings.hidePaths))}\n${PROBE}`;
  const result = await pool.use(() => runIsolated(program, { ...settings, requireFinish: false, timeoutMs: Math.max(settings.timeoutMs, 10_000) }));
  if (result.status !== 'passed') return { ok: false, reason: `probe ${result.status}: ${result.stderr.trim().slice(-500)}` };
  let seen: { uid: number; euid: number; interfaces: string[]; visible: string[]; pids: number };
  try {
    seen = JSON.parse(result.stdout);
  } catch {
    return { ok: false, reason: `probe printed no report: ${result.stdout.slice(0, 200)}` };
  }
  if (seen.uid === 0 || seen.euid === 0) return { ok: false, reason: 'the sample still runs as root' };
  if (seen.interfaces.some((name) => name !== 'lo')) return { ok: false, reason: `network interfaces visible: ${seen.interfaces.join(', ')}` };
  if (seen.visible.length) return { ok: false, reason: `hidden paths still visible: ${seen.visible.join(', ')}` };
  if (seen.pids > 2) return { ok: false, reason: `host processes visible (${seen.pids} pids in /proc)` };
  return { ok: true };
}
