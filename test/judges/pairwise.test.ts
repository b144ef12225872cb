// The pairwise judge on a real store and a real local judge server: asked in
// both orders (two requests per battle, answers swapped), the swapped verdict
// mapped back, an order-dependent verdict stored as a tie and counted as a flip.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runArenaStats } from '../../src/arena/arena.js';
import { judgePairs } from '../../src/judges/pairwise.js';
import { createOpenAICompatible } from '../../src/providers/openai-compatible.js';
import type { Store } from '../../src/store/store.js';
import { runFixture } from '../arena/fixture.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let server: OpenAIServer;
let judgment: (prompt: string) => string;
beforeAll(async () => (server = await startOpenAIServer({ answers: (body) => judgment(lastUser(body)) })));
afterAll(() => server.close());
beforeEach(() => server.reset());
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const judge = () => createOpenAICompatible({ id: 'gpt-judge', model: 'judge-model', baseUrl: `${server.url}/v1`, stream: false });
/** The answer shown as A / B in a pairwise prompt. */
const shownA = (prompt: string) => /\[Assistant A's answer — begin\]\n([\s\S]*?)\n\[Assistant A's answer — end\]/.exec(prompt)![1];
const shownB = (prompt: string) => /\[Assistant B's answer — begin\]\n([\s\S]*?)\n\[Assistant B's answer — end\]/.exec(prompt)![1];

const items = [
  // q-consistent: the judge always prefers the answer that says "good", wherever it is shown.
  { id: 'q-consistent', fields: { question: 'Explain tides.' }, answers: { strong: 'a good answer', weak: 'a weak answer' } },
  // q-biased: the judge always answers [[A]]: a verdict that flips with the order.
  { id: 'q-biased', fields: { question: 'Name a colour.' }, answers: { strong: 'blue', weak: 'red' } },
];

describe('pairwise judge', () => {
  it('asks twice per battle with the answers swapped, and an order-dependent verdict becomes a tie', async () => {
    judgment = (p) => (p.includes('Name a colour') ? 'Both fine. [[A]]' : shownA(p).includes('good') ? 'A is better. [[A]]' : 'B is better. [[B]]');
    const f = await runFixture(items, ['strong', 'weak']);
    store = f.store;
    const summary = await judgePairs(store, { runId: f.runId, judge: judge(), providers: ['strong', 'weak'], seed: 3 });
    expect(summary).toMatchObject({ battles: 2, judged: 2, skipped: 0, flips: 1, unparseable: 0, errors: [] });

    // Two requests per battle, the second with A and B swapped.
    expect(server.requests).toHaveLength(4);
    for (const q of ['Explain tides', 'Name a colour']) {
      const reqs = server.requests.filter((r) => lastUser(r.body).includes(q)).map((r) => lastUser(r.body));
      expect(reqs).toHaveLength(2);
      expect(shownA(reqs[0])).toBe(shownB(reqs[1]));
      expect(shownB(reqs[0])).toBe(shownA(reqs[1]));
      expect(shownA(reqs[0])).not.toBe(shownB(reqs[0]));
    }
    expect(server.requests.every((r) => r.body.temperature === 0)).toBe(true);

    const votes = await store.db.selectFrom('arena_votes').innerJoin('arena_battles', 'arena_battles.id', 'arena_votes.battle_id').selectAll().execute();
    const consistent = votes.find((v) => v.item_id === 'q-consistent')!;
    const biased = votes.find((v) => v.item_id === 'q-biased')!;
    // The consistent verdict names the strong provider, whichever side it was shown on.
    expect(consistent.verdict).toBe(consistent.provider_a === 'strong' ? 'a' : 'b');
    expect(biased.verdict).toBe('tie');
    expect(biased.voter).toBe('judge:gpt-judge');
    expect(biased.voter_kind).toBe('judge');
    const detail = JSON.parse(biased.detail_json!);
    expect(detail.flipped).toBe(true);
    expect(detail.prompt).toMatchObject({ id: 'pairwise-en', version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(detail.orders.map((o: { raw: string; verdict: string }) => [o.raw, o.verdict])).toEqual([
      ['Both fine. [[A]]', 'a'],
      ['Both fine. [[A]]', 'b'],
    ]);
    expect(detail.orders[1].shown).toEqual([biased.provider_b, biased.provider_a]);

    const stats = await runArenaStats(store, f.runId, { rounds: 100 });
    expect(stats.judges).toHaveLength(1);
    expect(stats.judges[0]).toMatchObject({ judge: 'judge:gpt-judge', battles: 2, flips: 1, flipRate: 0.5 });
    const strong = stats.judges[0].winRates.find((w) => w.provider === 'strong')!;
    expect(strong).toMatchObject({ wins: 1, ties: 1, losses: 0, winRate: 0.75 });

    // Judging again skips what this judge already judged (and the cache is not even needed).
    server.reset();
    const again = await judgePairs(store, { runId: f.runId, judge: judge(), providers: ['strong', 'weak'], seed: 3 });
    expect(again).toMatchObject({ judged: 0, skipped: 2 });
    expect(server.requests).toHaveLength(0);
  });

  it('unreadable judgments are stored as unparseable; judge failures are not stored and are retried next time', async () => {
    const f = await runFixture(items, ['strong', 'weak']);
    store = f.store;
    judgment = (p) => (p.includes('Name a colour') ? 'I cannot decide.' : '[[C]]');
    server.script((r) => (lastUser(r.body).includes('Explain tides') ? { kind: 'filter' } : undefined));
    const s = await judgePairs(store, { runId: f.runId, judge: judge(), providers: ['strong', 'weak'], cache: false });
    expect(s.unparseable).toBe(1);
    expect(s.errors).toEqual([{ battleId: expect.any(String), error: expect.stringMatching(/judge "gpt-judge" failed: content_filtered/) }]);
    const votes = await store.db.selectFrom('arena_votes').selectAll().execute();
    expect(votes.map((v) => v.verdict)).toEqual(['unparseable']);
    expect(JSON.parse(votes[0].detail_json!).orders[0].raw).toBe('I cannot decide.');
    server.script(undefined);
    const retry = await judgePairs(store, { runId: f.runId, judge: judge(), providers: ['strong', 'weak'], cache: false });
    expect(retry).toMatchObject({ judged: 1, skipped: 1, errors: [] });
    const stats = await runArenaStats(store, f.runId, { rounds: 50 });
    expect(stats.judges[0]).toMatchObject({ battles: 1, unparseable: 1, flips: 0 });
  });

  it('on a stop finishes and stores the battle in flight, takes no other, and the next call judges the rest', async () => {
    const stop = new AbortController();
    judgment = () => {
      stop.abort();
      return '[[A]]';
    };
    const f = await runFixture(items, ['strong', 'weak']);
    store = f.store;
    const first = await judgePairs(store, { runId: f.runId, judge: judge(), providers: ['strong', 'weak'], concurrency: 1, signal: stop.signal });
    expect(first).toMatchObject({ battles: 2, judged: 1, complete: false, errors: [] });
    // Both orders of the battle in flight were asked; nothing of the other one.
    expect(server.requests).toHaveLength(2);
    expect(await store.db.selectFrom('arena_votes').selectAll().execute()).toHaveLength(1);
    const rest = await judgePairs(store, { runId: f.runId, judge: judge(), providers: ['strong', 'weak'] });
    expect(rest).toMatchObject({ judged: 1, skipped: 1, complete: true });
  });

  it('uses the reference-guided prompt when the item has a reference, in the question language', async () => {
    judgment = () => '[[B]]';
    const f = await runFixture([{ id: 'z', fields: { question: '十二的平方是多少？' }, target: '144', answers: { x: '144', y: '124' } }], ['x', 'y']);
    store = f.store;
    await judgePairs(store, { runId: f.runId, judge: judge(), providers: ['x', 'y'] });
    expect(lastUser(server.requests[0].body)).toMatch(/【参考答案·开始】\n144/);
    const v = await store.db.selectFrom('arena_votes').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(v.detail_json!).prompt.id).toBe('pairwise-reference-zh');
  });
});
