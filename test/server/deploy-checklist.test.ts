// docs/deploy.md's hardening checklist names the things issue 19 asks an
// operator to set up (TLS proxy, secure cookie, body limits, file modes,
// backups, what to monitor), and what it says matches the code: every flag
// it names is an option of `heng serve`, `heng worker` or `heng report`, and the body
// limits it quotes are the server's defaults.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { register as registerReport } from '../../src/cli/commands/report.js';
import { register as registerServe } from '../../src/cli/commands/serve.js';
import { register as registerWorker } from '../../src/cli/commands/worker.js';
import { DEFAULT_BODY_LIMITS } from '../../src/server/request-input.js';

const doc = readFileSync('docs/deploy.md', 'utf8');
const checklist = /## Hardening checklist\n([\s\S]*?)\n## /.exec(doc)?.[1] ?? '';
const items = [...checklist.matchAll(/^- \*\*([^*]+)\*\*([\s\S]*?)(?=^- \*\*|$(?![\s\S]))/gm)].map((m) => ({ title: m[1].replace(/\.$/, ''), text: m[2] }));

describe('docs/deploy.md hardening checklist', () => {
  it('has an item for each of TLS proxy, secure cookie, body limits, file modes, backups and monitoring', () => {
    const titles = items.map((i) => i.title);
    for (const want of ['TLS in front', 'Secure cookie', 'Body limits', 'File modes', 'Backups', 'What to monitor']) expect(titles).toContain(want);
  });

  it('names only flags heng serve, heng worker and heng report have', () => {
    const program = new Command('heng');
    registerServe(program);
    registerWorker(program);
    // The file-modes item also names the reports' `--out`.
    registerReport(program);
    const flags = new Set(program.commands.flatMap((c) => c.options.map((o) => o.long)));
    const named = [...checklist.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(5);
    for (const f of named) expect(flags, f).toContain(f);
  });

  it('quotes the server’s default body limits', () => {
    const limits = items.find((i) => i.title === 'Body limits')!.text.replace(/\s+/g, ' ');
    const kib = (n: number) => (n >= 1024 * 1024 ? `${n / 1024 / 1024} MiB` : `${n / 1024} KiB`);
    expect(limits).toContain(`Sign-in accepts ${kib(DEFAULT_BODY_LIMITS.anonymous)}`);
    expect(limits).toContain(`signed-in requests ${kib(DEFAULT_BODY_LIMITS.signedIn)}`);
    expect(limits).toContain(`configs ${kib(DEFAULT_BODY_LIMITS.config)}`);
  });
});
