// The compiled CLI: `heng --help` is served from the command list in
// src/cli/commands/index.ts without loading a module, so that list must say
// what each module registers; and the build (scripts/build-cli.mjs) must give
// a CLI that finds its data files (demo config, suites, judge prompts) from
// dist/node as it does from src/.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Command, Help } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, loadAllCommands } from '../../src/cli/commands/index.js';
import { VERSION } from '../../src/version.js';

const run = promisify(execFile);

describe('the command list behind heng --help', () => {
  it('gives each command the term and description its module registers, and misses none', async () => {
    const program = new Command('heng');
    for (const module of await loadAllCommands()) module.register(program);
    const help = new Help();
    const registered = Object.fromEntries(program.commands.map((c) => [c.name(), { term: help.subcommandTerm(c), description: c.description() }]));
    const listed = Object.fromEntries(Object.entries(commands).map(([name, c]) => [name, { term: c.term, description: c.description }]));
    expect(listed).toEqual(registered);
  });
});

describe('the compiled CLI', () => {
  // Built inside the package (dist/), where it finds package.json, dist/web and its own copied data files.
  const out = path.resolve('dist', `test-build-${process.pid}`);
  const work = mkdtempSync(path.join(os.tmpdir(), 'heng-compiled-'));
  beforeAll(async () => {
    await run(process.execPath, ['scripts/build-cli.mjs', '--out', out]);
  }, 120_000);
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });
  const heng = (args: string[]) => run(process.execPath, [path.join(out, 'cli', 'main.js'), ...args], { cwd: work, maxBuffer: 64 * 1024 * 1024 });

  it('answers --version and lists every command in --help', async () => {
    expect((await heng(['--version'])).stdout.trim()).toBe(VERSION);
    const { stdout } = await heng(['--help']);
    for (const c of Object.values(commands)) expect(stdout).toContain(c.term);
  });

  it('reads a config on its worker thread from the build (the compiled modules, no tsx)', async () => {
    const { parseConfigOffThread } = (await import(pathToFileURL(path.join(out, 'config', 'parse-off-thread.js')).href)) as typeof import('../../src/config/parse-off-thread.js');
    const loaded = await parseConfigOffThread(
      'providers: [{ id: a, type: replay, path: a.jsonl }]\ntasks: [{ id: t, items: [{ q: "1", answer: "1" }], prompt: { user: "{{q}}" }, scorers: [{ type: exact }] }]\n',
      path.join(work, 'heng.yaml'),
    );
    expect(loaded.config.providers.map((p: { id: string }) => p.id)).toEqual(['a']);
  });

  it('runs the offline demo end to end from the build', async () => {
    const { stdout } = await heng(['demo', '--json', '--db', path.join(work, 'demo.db'), '--out', path.join(work, 'demo.html')]);
    const report = JSON.parse(stdout) as { status: string; overall: Array<{ provider: string; score: number }> };
    expect(report.status).toBe('done');
    // The demo's three sample vendors are built to rank a > b > c.
    const score = Object.fromEntries(report.overall.map((r) => [r.provider, r.score]));
    expect(Object.keys(score).sort()).toEqual(['sample-a', 'sample-b', 'sample-c']);
    expect(score['sample-a']).toBeGreaterThan(score['sample-b']);
    expect(score['sample-b']).toBeGreaterThan(score['sample-c']);
    expect(score['sample-c']).toBeGreaterThan(0);
  }, 120_000);
});
