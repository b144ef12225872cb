// `heng compare` in-process on a temporary SQLite file: the JSON a script reads.
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/compare.js';
import { InputError } from '../../src/errors.js';
import { openStore } from '../../src/store/open.js';
import { RUN_ID, standardPlan, writeRun } from './fixture.js';
import { testDb } from '../helpers/test-db.js';

let db: string;
beforeAll(async () => {
  db = await testDb(undefined, 'h.db');
  const store = await openStore(db);
  await writeRun(store, standardPlan());
  await store.close();
});
afterEach(() => vi.restoreAllMocks());

async function heng(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const program = new Command('heng').exitOverride();
  register(program);
  await program.parseAsync(['node', 'heng', ...args]);
  return out;
}

describe('heng compare', () => {
  it('prints every pair with p, Holm p and the verdict as JSON', async () => {
    const out = JSON.parse(await heng(['compare', RUN_ID, '--providers', 'a,b,c', '--json', '--db', db]));
    expect(out).toMatchObject({ runId: RUN_ID, seed: 7, task: null, providers: ['a', 'b', 'c'], alpha: 0.05 });
    expect(out.comparisons).toHaveLength(3);
    const [ab, ac] = out.comparisons;
    expect(ab).toMatchObject({ a: 'a', b: 'b', n: 19, mcnemar: { b: 8, c: 1 }, significant: false, dropped: { total: 1, reasons: { 'b: error': 1 } } });
    expect(ab.pValue).toBeCloseTo(20 / 512, 12);
    expect(ab.pHolm).toBeCloseTo(60 / 512, 12);
    expect(ac).toMatchObject({ a: 'a', b: 'c', difference: 0, pHolm: 1, significant: false });
  });

  it('restricts to one task and writes a readable verdict without --json', async () => {
    const text = await heng(['compare', 'latest', '--providers', 'a,b', '--task', 't', '--db', db]);
    expect(text).toContain('a vs b: a better');
    expect(text).toContain('dropped 1: b: error ×1');
  });

  it('rejects unknown providers and tasks, and a single provider, as input errors', async () => {
    await expect(heng(['compare', RUN_ID, '--providers', 'a,zz', '--db', db])).rejects.toThrow(/no provider "zz"/);
    await expect(heng(['compare', RUN_ID, '--providers', 'a,b', '--task', 'nope', '--db', db])).rejects.toThrow(InputError);
    await expect(heng(['compare', RUN_ID, '--providers', 'a,a', '--db', db])).rejects.toThrow(/at least two distinct/);
    await expect(heng(['compare', 'no-such-run', '--providers', 'a,b', '--db', db])).rejects.toThrow(/no run/);
  });
});
