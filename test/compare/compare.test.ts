import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareProviders, providerPairs } from '../../src/compare/compare.js';
import { pairScores } from '../../src/compare/pairs.js';
import { compareRun } from '../../src/compare/run.js';
import { holm } from '../../src/stats/index.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { RUN_ID, standardPlan, writeRun } from './fixture.js';
import { testDb } from '../helpers/test-db.js';

let store: Store;
beforeEach(async () => (store = await openStore(await testDb())));
afterEach(() => store.close());

const run = async () => (await store.getRun(RUN_ID))!;

describe('pairing', () => {
  it('pairs on (task, item, repeat) and says why units were dropped', async () => {
    await writeRun(store, standardPlan());
    const rows = await store.results(RUN_ID);
    const ab = pairScores(rows, 'a', 'b');
    expect(ab.a.length).toBe(19);
    expect(ab.dropped).toEqual({ 'b: error': 1 });
    const bc = pairScores(rows, 'b', 'c');
    expect(bc.dropped).toEqual({ 'b: error': 1, 'c: no result': 1 });
  });
});

describe('compareRun', () => {
  it("gives McNemar's exact p for known discordant pairs", async () => {
    await writeRun(store, standardPlan());
    const r = await compareRun(store, await run(), { providers: ['a', 'b', 'c'] });
    const ab = r.comparisons.find((c) => c.a === 'a' && c.b === 'b')!;
    expect(ab.mcnemar).toMatchObject({ b: 8, c: 1 });
    // Binomial(9, ½): P(X ≤ 1) = (1 + 9)/512, two-sided doubles it.
    expect(ab.pValue).toBeCloseTo(20 / 512, 12);
    // 19 units compared: a passes 15 of them, b passes 8.
    expect(ab.difference).toBeCloseTo(15 / 19 - 8 / 19, 12);
    expect(ab.ci95![0]).toBeGreaterThan(0);
    expect(ab.method).toBe('paired-bootstrap');
    expect(r.seed).toBe(7);
  });

  it('flags identical providers as not significantly different', async () => {
    await writeRun(store, standardPlan());
    const r = await compareRun(store, await run(), { providers: ['a', 'c'] });
    const [ac] = r.comparisons;
    expect(ac.difference).toBe(0);
    expect(ac.mcnemar).toMatchObject({ b: 0, c: 0, pValue: 1 });
    expect(ac.pHolm).toBe(1);
    expect(ac.significant).toBe(false);
    expect(ac.dropped).toEqual({ total: 1, reasons: { 'c: no result': 1 } });
  });

  it('Holm-adjusts across pairs: step-down order, never below the raw p', async () => {
    await writeRun(store, standardPlan());
    const r = await compareRun(store, await run(), { providers: ['a', 'b', 'c'] });
    expect(r.comparisons.map((c) => [c.a, c.b])).toEqual(providerPairs(['a', 'b', 'c']));
    const raw = r.comparisons.map((c) => c.pValue!);
    expect(r.comparisons.map((c) => c.pHolm)).toEqual(holm(raw));
    // Two pairs at 20/512 and one at 1: the smallest is multiplied by 3 (m − 0), then the running max.
    const ab = r.comparisons[0];
    expect(ab.pHolm).toBeCloseTo(3 * (20 / 512), 12);
    expect(ab.significant).toBe(false);
    expect(r.comparisons[1].pHolm).toBe(1);
    for (const c of r.comparisons) expect(c.pHolm!).toBeGreaterThanOrEqual(c.pValue!);
  });

  it('with a single pair, Holm leaves p alone and the difference is significant', async () => {
    await writeRun(store, standardPlan());
    const r = await compareRun(store, await run(), { providers: ['a', 'b'] });
    expect(r.comparisons[0].pHolm).toBeCloseTo(20 / 512, 12);
    expect(r.comparisons[0].significant).toBe(true);
  });

  it('uses the clustered paired bootstrap when items share a cluster', async () => {
    await writeRun(store, standardPlan(), { clusters: (i) => `passage-${Math.floor(i / 4)}` });
    const r = await compareRun(store, await run(), { providers: ['a', 'b'] });
    const flat = compareProviders(await store.results(RUN_ID), ['a', 'b'], { seed: 7 });
    expect(r.comparisons[0].method).toBe('clustered-paired-bootstrap');
    expect(flat[0].method).toBe('paired-bootstrap');
    expect(r.comparisons[0].difference).toBeCloseTo(flat[0].difference!, 12);
    // Resampling 5 passages instead of 19 items gives a different (here wider) interval.
    const width = (c: [number, number]) => c[1] - c[0];
    expect(width(r.comparisons[0].ci95!)).toBeGreaterThan(width(flat[0].ci95!));
  });

  it('is reproducible from the run seed', async () => {
    await writeRun(store, { a: [true, false, true, true, false, true], b: [false, false, true, false, true, true] });
    const rows = await store.results(RUN_ID);
    const once = compareProviders(rows, ['a', 'b'], { seed: 7 });
    const twice = compareProviders([...rows].reverse(), ['a', 'b'], { seed: 7 });
    expect(twice).toEqual(once);
  });

  it('reports no test when nothing is comparable', async () => {
    await writeRun(store, { a: [true, 'error'], b: ['content_filtered', true] });
    const [c] = (await compareRun(store, await run(), { providers: ['a', 'b'] })).comparisons;
    expect(c).toMatchObject({ n: 0, difference: null, pValue: null, pHolm: null, significant: false });
    expect(c.dropped).toEqual({ total: 2, reasons: { 'b: content_filtered': 1, 'a: error': 1 } });
  });
});
