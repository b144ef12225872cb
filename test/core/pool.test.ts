// The one work loop (runPool) and the one group-commit writer (GroupWriter)
// that the engine, the queue worker, safety judging and pairwise judging share.
import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/engine/limits.js';
import { Budget, runPool } from '../../src/engine/pool.js';
import { GroupWriter } from '../../src/engine/writer.js';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function* counted(n: number, pulled: { n: number }) {
  for (let i = 0; i < n; i++) {
    pulled.n++;
    yield i;
  }
}

describe('runPool', () => {
  it('never runs more than its concurrency at once, and pulls items only as slots free up', async () => {
    let inside = 0;
    let peak = 0;
    const pulled = { n: 0 };
    let finished = 0;
    const r = await runPool({
      items: counted(40, pulled),
      concurrency: 4,
      work: async (i) => {
        inside++;
        peak = Math.max(peak, inside);
        // Lazy: never more pulled than finished plus the pieces in flight.
        expect(pulled.n).toBeLessThanOrEqual(finished + 4);
        await tick(1);
        inside--;
        return i;
      },
      done: () => void finished++,
    });
    expect(r).toEqual({ end: 'done', taken: 40 });
    expect(peak).toBe(4);
    expect(finished).toBe(40);
  });

  it('shares slots given as a semaphore between pools', async () => {
    const slots = new Semaphore(3);
    let inside = 0;
    let peak = 0;
    const work = async () => {
      inside++;
      peak = Math.max(peak, inside);
      await tick(1);
      inside--;
    };
    await Promise.all([runPool({ items: Array(15).fill(0), concurrency: slots, work }), runPool({ items: Array(15).fill(0), concurrency: slots, work })]);
    expect(peak).toBe(3);
  });

  it('on abort lets the pieces in flight finish and takes nothing new', async () => {
    const stop = new AbortController();
    const gates = Array.from({ length: 10 }, deferred);
    const started: number[] = [];
    const finished: number[] = [];
    const pool = runPool({
      items: gates.keys(),
      concurrency: 3,
      signal: stop.signal,
      work: async (i) => {
        started.push(i);
        await gates[i].promise;
        return i;
      },
      done: (i) => void finished.push(i),
    });
    await tick();
    expect(started).toEqual([0, 1, 2]);
    stop.abort();
    for (const g of gates) g.resolve();
    const r = await pool;
    expect(r).toEqual({ end: 'aborted', taken: 3 });
    expect(started).toEqual([0, 1, 2]);
    expect(finished.sort()).toEqual([0, 1, 2]);
  });

  it('stops at the budget, counting what finished pieces cost before they are committed', async () => {
    const budget = new Budget(2);
    const seen: number[] = [];
    const r = await runPool({
      items: Array.from({ length: 10 }, (_, i) => i),
      concurrency: 4,
      budget,
      work: async (i) => i,
      cost: () => 1,
      // The spend already holds this piece when it is handed on to be committed.
      done: () => void seen.push(budget.spentCny),
    });
    // All four in flight when the budget was still untouched finish; none after.
    expect(r).toEqual({ end: 'budget', taken: 4 });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(budget.spentCny).toBe(4);
  });

  it('counts spend across pools that share a budget, from what was spent before', async () => {
    const budget = new Budget(5, 3);
    const seenAtStart: number[] = [];
    const one = {
      items: Array(10).fill(0),
      concurrency: 1,
      budget,
      work: async () => {
        seenAtStart.push(budget.spentCny);
        await tick(1);
      },
      cost: () => 1,
    };
    const [a, b] = await Promise.all([runPool(one), runPool(one)]);
    expect([a.end, b.end]).toEqual(['budget', 'budget']);
    // Every piece began below the shared cap; together they reached it.
    expect(seenAtStart.every((s) => s < 5)).toBe(true);
    expect(budget.spentCny).toBeGreaterThanOrEqual(5);
    expect(a.taken + b.taken).toBe(seenAtStart.length);
    expect(seenAtStart.length).toBeLessThanOrEqual(3);
  });

  it("stops for the caller's own reason, asked before each piece", async () => {
    let n = 0;
    const r = await runPool({ items: Array(10).fill(0), concurrency: 2, stop: () => (n >= 3 ? 'cancelled' : undefined), work: async () => void n++ });
    expect(r.end).toBe('cancelled');
    expect(r.taken).toBeLessThanOrEqual(4);
  });

  it('after a failing piece takes nothing new, lets the rest finish, then throws the first error', async () => {
    const slow = deferred();
    const started: number[] = [];
    let slowFinished = false;
    const pool = runPool({
      items: Array.from({ length: 10 }, (_, i) => i),
      concurrency: 2,
      work: async (i) => {
        started.push(i);
        if (i === 0) {
          await slow.promise;
          slowFinished = true;
        }
        if (i === 1) throw new Error('boom');
      },
    });
    await tick();
    slow.resolve();
    await expect(pool).rejects.toThrow('boom');
    expect(slowFinished).toBe(true);
    expect(started).toEqual([0, 1]);
  });
});

describe('GroupWriter', () => {
  it('commits in groups, and a push that fills the buffer waits for the commit (back-pressure)', async () => {
    const commits: number[][] = [];
    const gate = deferred();
    const writer = new GroupWriter<number>(
      async (items) => {
        await gate.promise;
        commits.push(items);
      },
      { maxRows: 3, maxDelayMs: 10_000 },
    );
    await writer.push(1);
    await writer.push(2);
    let third = false;
    const full = writer.push(3).then(() => (third = true));
    await tick(5);
    expect(third).toBe(false);
    gate.resolve();
    await full;
    expect(commits).toEqual([[1, 2, 3]]);
    await writer.close();
  });

  it('commits a group that is not full after maxDelayMs, and tells of it only once committed', async () => {
    const told: number[][] = [];
    const writer = new GroupWriter<number>(async () => undefined, { maxDelayMs: 5, committed: (items) => told.push(items) });
    await writer.push(1);
    await writer.push(2);
    expect(told).toEqual([]);
    await tick(30);
    expect(told).toEqual([[1, 2]]);
    await writer.push(3);
    await writer.close();
    expect(told).toEqual([[1, 2], [3]]);
  });

  it('surfaces a failed commit on the next push and on close, and tells of nothing uncommitted', async () => {
    const told: number[] = [];
    const writer = new GroupWriter<number>(
      async () => {
        throw new Error('disk full');
      },
      { maxDelayMs: 1, committed: (items) => told.push(...items) },
    );
    await writer.push(1);
    await tick(20);
    await expect(writer.push(2)).rejects.toThrow('disk full');
    await expect(writer.close()).rejects.toThrow('disk full');
    expect(told).toEqual([]);
  });

  it('closeAfter commits what finished even when the work failed, and throws the work error', async () => {
    const committed: number[] = [];
    const writer = new GroupWriter<number>(async (items) => void committed.push(...items), { maxDelayMs: 10_000 });
    const work = (async () => {
      await writer.push(1);
      await writer.push(2);
      throw new Error('unit failed');
    })();
    await expect(writer.closeAfter(work)).rejects.toThrow('unit failed');
    expect(committed).toEqual([1, 2]);
  });
});
