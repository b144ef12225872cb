// The arena on a real store: battles, the blind view, the secret order
// shown, votes with timestamps, agreement against hand-computed kappas,
// Bradley–Terry from votes.
import { afterEach, describe, expect, it } from 'vitest';
import { castVote, createBattles, exportBattles, nextBattle, runArenaStats } from '../../src/arena/arena.js';
import { shownOrder } from '../../src/arena/order.js';
import { InputError } from '../../src/errors.js';
import type { Store } from '../../src/store/store.js';
import { runFixture } from './fixture.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const items = Array.from({ length: 6 }, (_, i) => ({
  id: `q${i}`,
  fields: { question: `Question ${i}?` },
  answers: { p1: `p1 answer ${i}`, p2: `p2 answer ${i}`, p3: i === 5 ? null : `p3 answer ${i}` },
}));

describe('arena battles', () => {
  it('pairs providers on items both answered; the shown order is stored; re-creating adds nothing and keeps it', async () => {
    const f = await runFixture(items);
    store = f.store;
    const { battles, created } = await createBattles(store, f.runId, { providers: ['p1', 'p2', 'p3'], seed: 7 });
    // p1-p2: 6 items; p1-p3 and p2-p3: 5 (p3 failed q5).
    expect(created).toBe(16);
    expect(battles).toHaveLength(16);
    const stored = await store.db.selectFrom('arena_battles').select(['id', 'provider_a', 'provider_b']).orderBy('id').execute();
    expect(stored).toEqual(battles.map((b) => ({ id: b.id, provider_a: b.provider_a, provider_b: b.provider_b })));
    const again = await createBattles(store, f.runId, { providers: ['p3', 'p2', 'p1'], seed: 7 });
    expect(again.created).toBe(0);
    expect(again.battles.map((b) => [b.id, b.provider_a, b.provider_b])).toEqual(battles.map((b) => [b.id, b.provider_a, b.provider_b]));
    // A different seed changes the sample, never an existing battle's order.
    const reseeded = await createBattles(store, f.runId, { providers: ['p1', 'p2', 'p3'], seed: 8 });
    expect(reseeded.battles.map((b) => [b.id, b.provider_a])).toEqual(battles.map((b) => [b.id, b.provider_a]));
    expect(await store.db.selectFrom('arena_battles').select('id').execute()).toHaveLength(16);
    // A battle from before migration 0007 (no salt, its own order) is kept exactly as it is.
    const legacy = battles[0];
    await store.db.updateTable('arena_battles').set({ salt: null, provider_a: legacy.provider_b, provider_b: legacy.provider_a }).where('id', '=', legacy.id).execute();
    const kept = (await createBattles(store, f.runId, { providers: ['p1', 'p2', 'p3'], seed: 7 })).battles.find((b) => b.id === legacy.id)!;
    expect([kept.provider_a, kept.provider_b]).toEqual([legacy.provider_b, legacy.provider_a]);
    const sample = await createBattles(store, f.runId, { providers: ['p1', 'p2'], perPair: 2, seed: 7 });
    expect(sample.battles).toHaveLength(2);
  });

  it('the order shown is a coin of a secret per-battle salt: about half swapped, reproducible from the database, not from public names', async () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ id: `m${i}`, fields: { question: `Q${i}?` }, answers: { p1: `x${i}`, p2: `y${i}` } }));
    const f = await runFixture(many, ['p1', 'p2']);
    store = f.store;
    const { battles } = await createBattles(store, f.runId, { providers: ['p1', 'p2'], seed: 7 });
    expect(battles).toHaveLength(200);
    // Binomial(200, 1/2): mean 100, sd 7.1; 60–140 is beyond 5.6 sd either way.
    const swapped = battles.filter((b) => b.provider_a === 'p2').length;
    expect(swapped).toBeGreaterThan(60);
    expect(swapped).toBeLessThan(140);
    // An auditor with the database re-derives every stored order from salt and battle id.
    const rows = await store.db.selectFrom('arena_battles').select(['id', 'salt', 'provider_a', 'provider_b']).execute();
    expect(new Set(rows.map((r) => r.salt)).size).toBe(200);
    for (const r of rows) {
      expect(r.salt).toMatch(/^[0-9a-f]{32}$/);
      expect(shownOrder(r.salt!, r.id, ['p1', 'p2'])).toEqual([r.provider_a, r.provider_b]);
    }
    // The same run, items, providers and seed in another store: same battle ids, independent orders.
    // (A coin of public names alone would give the identical order; 200 equal coins by chance: 2^-200.)
    const twin = await runFixture(many, ['p1', 'p2']);
    try {
      const other = await createBattles(twin.store, twin.runId, { providers: ['p1', 'p2'], seed: 7 });
      expect(other.battles.map((b) => b.id)).toEqual(battles.map((b) => b.id));
      const same = other.battles.filter((b, i) => b.provider_a === battles[i].provider_a).length;
      expect(same).toBeGreaterThan(60);
      expect(same).toBeLessThan(140);
    } finally {
      await twin.store.close();
    }
  });

  it('rejects unknown providers with a hint', async () => {
    const f = await runFixture(items);
    store = f.store;
    const err = await createBattles(store, f.runId, { providers: ['p1', 'px'] }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/provider "px" is not in run run-1[\s\S]*p1, p2, p3/);
  });

  it('the blind view shows the prompt and two answers, never a provider id or model', async () => {
    const f = await runFixture(items);
    store = f.store;
    await createBattles(store, f.runId, { providers: ['p1', 'p2'] });
    const view = await nextBattle(store, 'alice', f.runId);
    expect(view).toBeDefined();
    expect(view!.turns[0]).toMatch(/^Question \d\?$/);
    expect([view!.a[0], view!.b[0]].sort()).toEqual([expect.stringMatching(/^p1 answer/), expect.stringMatching(/^p2 answer/)]);
    const shown = JSON.stringify({ ...view, a: undefined, b: undefined });
    expect(shown).not.toMatch(/p1|p2|model-/);
    expect(Object.keys(view!).sort()).toEqual(['a', 'b', 'battleId', 'taskId', 'turns']);
    // The salt that chose the order is in no view, nor in the rows the arena API hands out.
    const { salt } = await store.db.selectFrom('arena_battles').select('salt').where('id', '=', view!.battleId).executeTakeFirstOrThrow();
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(view)).not.toContain(salt);
    const again = await createBattles(store, f.runId, { providers: ['p1', 'p2'] });
    expect(JSON.stringify(again)).not.toContain(salt);
    expect(again.battles.every((b) => !('salt' in b))).toBe(true);
  });

  it('votes are stored once with timestamps; next battle skips what the reviewer voted', async () => {
    const f = await runFixture(items.slice(0, 2));
    store = f.store;
    await createBattles(store, f.runId, { providers: ['p1', 'p2'] });
    const first = (await nextBattle(store, 'alice'))!;
    expect(await castVote(store, { battleId: first.battleId, reviewer: 'alice', verdict: 'a' }, new Date('2026-11-29T01:02:03Z'))).toBe(true);
    expect(await castVote(store, { battleId: first.battleId, reviewer: 'alice', verdict: 'b' })).toBe(false);
    const second = (await nextBattle(store, 'alice'))!;
    expect(second.battleId).not.toBe(first.battleId);
    await castVote(store, { battleId: second.battleId, reviewer: 'alice', verdict: 'both_bad' });
    expect(await nextBattle(store, 'alice')).toBeUndefined();
    expect((await nextBattle(store, 'bob'))!.battleId).toBe(first.battleId);
    const rows = await store.db.selectFrom('arena_votes').selectAll().orderBy('created_at').execute();
    expect(rows[0]).toMatchObject({ battle_id: first.battleId, voter: 'alice', voter_kind: 'human', verdict: 'a', created_at: '2026-11-29T01:02:03.000Z' });
    expect(rows[1].created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(castVote(store, { battleId: first.battleId, reviewer: 'judge:x', verdict: 'a' })).rejects.toThrow(/reserved/);
    await expect(castVote(store, { battleId: first.battleId, reviewer: 'bob', verdict: 'maybe' as never })).rejects.toThrow(/unknown verdict/);
  });
});

describe('arena stats', () => {
  it("Cohen's and Fleiss' kappa match hand-computed values; BT and Elo from human votes", async () => {
    const f = await runFixture(items.slice(0, 5), ['p1', 'p2']);
    store = f.store;
    const { battles } = await createBattles(store, f.runId, { providers: ['p1', 'p2'] });
    expect(battles).toHaveLength(5);
    // Votes relative to the shown order. Alice: a a b b tie ; Bob: a b b b tie ; Carol: a a b tie tie
    const alice = ['a', 'a', 'b', 'b', 'tie'] as const;
    const bob = ['a', 'b', 'b', 'b', 'tie'] as const;
    const carol = ['a', 'a', 'b', 'tie', 'tie'] as const;
    for (const [name, vs] of [
      ['alice', alice],
      ['bob', bob],
      ['carol', carol],
    ] as const)
      for (const [i, verdict] of vs.entries()) await castVote(store, { battleId: battles[i].id, reviewer: name, verdict });
    const s = await runArenaStats(store, f.runId, { rounds: 200 });
    // Alice vs Bob: p_o = 4/5; Alice a:2 b:2 tie:1, Bob a:1 b:3 tie:1 → p_e = (2·1 + 2·3 + 1·1)/25 = 9/25; κ = (0.8 − 0.36)/0.64 = 0.6875.
    const ab = s.agreement.pairs.find((p) => p.a === 'alice' && p.b === 'bob')!;
    expect(ab).toMatchObject({ battles: 5, agreement: 0.8 });
    expect(ab.kappa).toBeCloseTo(0.6875, 10);
    // Fleiss: item agreement P_i = 1, 1/3, 1, 1/3, 1 → P̄ = 11/15; category shares a 5/15, b 6/15, tie 4/15 → P̄_e = 77/225;
    // κ = (165/225 − 77/225)/(148/225) = 88/148.
    expect(s.agreement.fleiss.battles).toBe(5);
    expect(s.agreement.fleiss.kappa).toBeCloseTo(88 / 148, 10);
    expect(s.humanVotes).toBe(15);
    expect(s.reviewers).toEqual([
      { reviewer: 'alice', votes: 5 },
      { reviewer: 'bob', votes: 5 },
      { reviewer: 'carol', votes: 5 },
    ]);
    // Wins per provider follow from which provider each battle showed as A.
    const winsOf = (p: string) => {
      let w = 0;
      for (const [i, b] of battles.entries()) for (const vs of [alice, bob, carol]) if ((vs[i] === 'a' && b.provider_a === p) || (vs[i] === 'b' && b.provider_b === p)) w++;
      return w;
    };
    const p1 = s.winRates.find((w) => w.provider === 'p1')!;
    expect(p1).toMatchObject({ battles: 15, wins: winsOf('p1'), ties: 4 });
    expect(s.ratings).toHaveLength(2);
    const better = winsOf('p1') > winsOf('p2') ? 'p1' : 'p2';
    expect(s.ratings[0].model).toBe(better);
    expect(s.ratings[0].ci95[0]).toBeLessThanOrEqual(s.ratings[0].rating);
    expect(s.elo.map((e) => e.battles)).toEqual([15, 15]);
    const lines = await exportBattles(store, f.runId);
    expect(lines).toHaveLength(15);
    expect(lines[0]).toMatchObject({ model_a: expect.stringMatching(/^p[12]$/), winner: expect.stringMatching(/^(model_a|model_b|tie)$/) });
  });
});
