import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register as registerPlan } from '../../src/cli/commands/plan.js';
import { register as registerStats } from '../../src/cli/commands/stats.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'heng-stats-'));

function file(name: string, lines: unknown[]): string {
  const target = path.join(dir, name);
  writeFileSync(target, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return target;
}

/** Runs `heng <args>` on a fresh program and returns what it printed. */
async function run(...args: string[]): Promise<string> {
  const program = new Command('heng').exitOverride();
  registerStats(program);
  registerPlan(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'heng', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

async function inputError(...args: string[]): Promise<InputError> {
  const error = await run(...args).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

afterEach(() => vi.restoreAllMocks());

const battles = [
  ...Array(12).fill({ model_a: 'qwen-max', model_b: 'glm-4', winner: 'model_a' }),
  ...Array(6).fill({ model_a: 'glm-4', model_b: 'qwen-max', winner: 'model_a' }),
  ...Array(3).fill({ model_a: 'qwen-max', model_b: 'glm-4', winner: 'tie (bothbad)' }),
  ...Array(8).fill({ model_a: 'deepseek', model_b: 'glm-4', winner: 'model_a' }),
  ...Array(4).fill({ model_a: 'deepseek', model_b: 'glm-4', winner: 'model_b' }),
  ...Array(5).fill({ model_a: 'deepseek', model_b: 'qwen-max', winner: 'tie' }),
];

describe('heng stats bt', () => {
  it('prints ratings as JSON, sorted, reproducible for a seed', async () => {
    const input = file('battles.jsonl', battles);
    const first = JSON.parse(await run('stats', 'bt', input, '--json', '--seed', '3', '--rounds', '100'));
    const second = JSON.parse(await run('stats', 'bt', input, '--json', '--seed', '3', '--rounds', '100'));
    expect(second).toEqual(first);
    expect(first.ratings).toHaveLength(3);
    const ratings = first.ratings.map((r: { rating: number }) => r.rating);
    expect([...ratings].sort((a, b) => b - a)).toEqual(ratings);
    expect(ratings.reduce((a: number, r: number) => a + r, 0) / 3).toBeCloseTo(1000, 4);
    for (const r of first.ratings) {
      expect(Object.keys(r).sort()).toEqual(['ci95', 'model', 'rank', 'rating']);
      expect(r.ci95[0]).toBeLessThanOrEqual(r.rating);
    }
  });

  it('prints a readable table without --json', async () => {
    const out = await run('stats', 'bt', file('battles.jsonl', battles), '--rounds', '50');
    expect(out).toMatch(/rank\s+model\s+rating\s+95% CI/);
    expect(out).toContain('qwen-max');
  });

  it('names file, line and field of a malformed line', async () => {
    const input = file('bad-winner.jsonl', [battles[0], '', { model_a: 'a', model_b: 'b', winner: 'draw' }]);
    const error = await inputError('stats', 'bt', input, '--json');
    expect(error.place).toEqual({ file: input, line: 3, field: 'winner' });
    const notJson = file('bad-json.jsonl', [battles[0], '{"model_a": "a",']);
    expect((await inputError('stats', 'bt', notJson)).place).toEqual({ file: notJson, line: 2 });
    const noModel = file('no-model.jsonl', [{ model_b: 'b', winner: 'tie' }]);
    expect((await inputError('stats', 'bt', noModel)).place.field).toBe('model_a');
    expect((await inputError('stats', 'bt', file('ok.jsonl', battles), '--rounds', '0')).place.field).toBe('--rounds');
    expect((await inputError('stats', 'bt', path.join(dir, 'missing.jsonl'))).message).toContain('cannot read');
  });
});

describe('heng stats winrate', () => {
  it('prints win rates in percent, sorted, dropping null scores', async () => {
    const input = file('prefs.jsonl', [{ model: 'a', score: 1 }, { model: 'a', score: 0.5 }, { model: 'b', score: 0 }, { model: 'b', score: null }, { model: 'b', score: 0.7 }, { model: 'b' }]);
    const { results } = JSON.parse(await run('stats', 'winrate', input, '--json'));
    expect(results).toEqual([
      { model: 'a', n: 2, winRate: 75, standardError: 25, wins: 1, losses: 0, ties: 1 },
      { model: 'b', n: 2, winRate: 35, standardError: 35, wins: 1, losses: 1, ties: 0 },
    ]);
    expect(await run('stats', 'winrate', input)).toMatch(/a\s+75\.0\s+25\.0\s+2\s+1\/0\/1/);
  });

  it('rejects a score outside [0, 1] naming the line', async () => {
    const input = file('bad-prefs.jsonl', [
      { model: 'a', score: 1 },
      { model: 'a', score: 'win' },
    ]);
    expect((await inputError('stats', 'winrate', input)).place).toEqual({ file: input, line: 2, field: 'score' });
  });
});

describe('heng plan', () => {
  it('prints items needed for unpaired and paired designs', async () => {
    expect(JSON.parse(await run('plan', '--p1', '0.80', '--p2', '0.85', '--json'))).toMatchObject({ design: 'unpaired', items: 906 });
    expect(JSON.parse(await run('plan', '--p1', '0.80', '--p2', '0.85', '--paired', '--discordance', '0.2', '--json'))).toEqual({
      design: 'paired',
      p1: 0.8,
      p2: 0.85,
      discordance: 0.2,
      alpha: 0.05,
      power: 0.8,
      items: 626,
    });
    expect(await run('plan', '--p1', '0.8', '--p2', '0.85')).toContain('Items needed: 906');
  });

  it('rejects incomplete or impossible plans', async () => {
    expect((await inputError('plan', '--p1', '0.8', '--p2', '0.85', '--paired')).place.field).toBe('--discordance');
    expect((await inputError('plan', '--p1', '0.8', '--p2', '0.85', '--paired', '--discordance', '0.01')).place.field).toBe('--discordance');
    expect((await inputError('plan', '--p1', '80', '--p2', '0.85')).place.field).toBe('--p1');
    expect((await inputError('plan', '--p2', '0.85')).place.field).toBe('--p1');
    expect((await inputError('plan', '--p1', '0.8', '--p2', '0.8')).place.field).toBe('--p2');
  });
});
