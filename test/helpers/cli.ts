// Runs the real CLI (bin/heng.js) in a child process. Asynchronous on
// purpose: test servers in this process must keep answering while it runs.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Command } from 'commander';
import { vi } from 'vitest';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = path.resolve('bin/heng.js');

/** `stdin` is written and closed (empty by default); `env` is added to this process's environment. */
export function runHeng(args: string[], o: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...o.env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
    p.stdin.end(o.stdin ?? '');
  });
}

/** One command line of the real CLI in-process, with just the given commands registered; what it printed on stdout. */
export async function runHengInProcess(commands: Array<(program: Command) => void>, argv: string[]): Promise<string> {
  const program = new Command('heng').exitOverride();
  for (const register of commands) register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  try {
    await program.parseAsync(['node', 'heng', ...argv]);
  } finally {
    spy.mockRestore();
  }
  return out;
}
