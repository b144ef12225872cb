// `heng judge` and `heng arena` as a user runs them: a real run against a
// local OpenAI-compatible server (candidates and judge), then the CLI spawned
// asynchronously with piped stdin for votes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBattles } from '../../src/cli/commands/stats.js';
import { loadConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runs/execute.js';
import { bradleyTerry } from '../../src/stats/bradley-terry.js';
import { openStore } from '../../src/store/open.js';
import { lastUser, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { testDb } from '../helpers/test-db.js';
import { runHeng } from '../helpers/cli.js';

let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer({
    answers: (body) => {
      const asked = lastUser(body);
      if (body.model === 'judge-model') {
        const a = /\[Assistant A's answer — begin\]\n([\s\S]*?)\n\[Assistant A's answer — end\]/.exec(asked)?.[1] ?? '';
        return a.includes('careful') ? 'A is better. [[A]]' : 'B is better. [[B]]';
      }
      return body.model === 'alpha-model' ? `careful answer to ${asked}` : `sloppy \x1b[31mred\x1b[0m answer to ${asked}`;
    },
  });
});
afterAll(() => server.close());

const heng = (args: string[], stdin?: string) => runHeng(args, { stdin });

describe('heng judge / heng arena', () => {
  it('judge in both orders, blind votes from stdin, stats with agreement, export for heng stats bt', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-arena-cli-'));
    const db = await testDb(dir, 'h.db');
    writeFileSync(path.join(dir, 'items.jsonl'), ['Q1', 'Q2', 'Q3'].map((q, i) => JSON.stringify({ id: `i${i}`, question: `${q}: what is tea?`, answer: 'tea' })).join('\n'));
    writeFileSync(
      path.join(dir, 'heng.yaml'),
      `providers:
  - { id: alpha, type: openai-compatible, baseUrl: ${server.url}/v1, model: alpha-model, stream: false }
  - { id: beta, type: openai-compatible, baseUrl: ${server.url}/v1, model: beta-model, stream: false }
  - { id: judge, type: openai-compatible, baseUrl: ${server.url}/v1, model: judge-model, stream: false, role: judge }
tasks:
  - id: open
    dataset: items.jsonl
    prompt: { user: "{{question}}" }
    scorers: [{ type: contains }]
run: { retries: 0 }
`,
    );
    // The run itself in-process (heng run is tested elsewhere); the commands under test are spawned.
    const runStore = await openStore(db);
    await executeRun({ store: runStore, loaded: loadConfig(path.join(dir, 'heng.yaml')) });
    await runStore.close();

    server.reset();
    const judged = await heng(['judge', 'latest', '--judge', 'judge', '--providers', 'alpha,beta', '--db', db]);
    expect(judged.code, judged.stderr).toBe(0);
    expect(judged.stdout).toMatch(/3 battle\(s\), 3 judged now, 0 judged before, 0 unreadable, 0 judge error/);
    expect(judged.stdout).toMatch(/position bias: 0 of 3 verdict\(s\) flipped/);
    expect(judged.stdout).toMatch(/1\s+alpha\s+\d+\.\d.*100\.0%\s+3\s+0\s+0/);
    expect(server.requests).toHaveLength(6);

    // Battles already exist (the judge created them); create reports them.
    const created = await heng(['arena', 'create', 'latest', '--providers', 'alpha,beta', '--db', db, '--json']);
    expect(JSON.parse(created.stdout)).toMatchObject({ battles: 3, created: 0 });

    // Alice votes for the careful answer each time, in one session; "zz" is rejected and asked again.
    const store = await openStore(db);
    const order = await store.db.selectFrom('arena_battles').select(['id', 'provider_a']).orderBy('id').execute();
    await store.close();
    const careful = order.map((b) => (b.provider_a === 'alpha' ? 'a' : 'b'));
    const alice = await heng(['arena', 'vote', '--reviewer', 'alice', '--db', db], `zz\n${careful.join('\n')}\n`);
    expect(alice.code, alice.stderr).toBe(0);
    expect(alice.stdout).toContain('Please type a, b, t, x or q.');
    expect(alice.stdout).toContain('3 vote(s) saved.');
    expect(alice.stdout).toContain('No battles left for you to vote on.');
    // Blind: no provider id or model in what the reviewer sees; model output escaped for the terminal.
    expect(alice.stdout).not.toMatch(/alpha|beta|judge/);
    expect(alice.stdout).toContain('sloppy \\u{1b}[31mred\\u{1b}[0m answer');
    expect(alice.stdout).not.toContain('\x1b');
    const votes = 3;
    // Bob agrees on two battles and calls the third a tie.
    const bob = await heng(['arena', 'vote', '--reviewer', 'bob', '--lang', 'zh', '--db', db], `${careful[0]}\n${careful[1]}\nt\n`);
    expect(bob.stdout).toContain('共记录 3 票。');
    expect(bob.stdout).toContain('没有待你投票的对战了');

    const stats = await heng(['arena', 'stats', 'latest', '--db', db, '--json', '--rounds', '200']);
    expect(stats.code, stats.stderr).toBe(0);
    const s = JSON.parse(stats.stdout);
    expect(s).toMatchObject({ battles: 3, humanVotes: votes + 3 });
    expect(s.ratings[0].model).toBe('alpha');
    expect(s.agreement.pairs).toHaveLength(1);
    expect(s.agreement.pairs[0]).toMatchObject({ a: 'alice', b: 'bob', battles: 3 });
    expect(s.agreement.pairs[0].agreement).toBeCloseTo(2 / 3);
    // Judge vs human majority: two battles have a majority (alice and bob agree), the judge matches both.
    expect(s.judges[0]).toMatchObject({ judge: 'judge:judge', flipRate: 0, humanAgreement: { battles: 2, agreement: 1 } });
    const text = await heng(['arena', 'stats', 'latest', '--db', db, '--rounds', '100']);
    expect(text.stdout).toMatch(/Bradley–Terry ratings/);
    expect(text.stdout).toMatch(/alice × bob: n=3/);

    const file = path.join(dir, 'battles.jsonl');
    const exported = await heng(['arena', 'export', 'latest', file, '--db', db]);
    expect(exported.stdout).toContain(`${votes + 3} battle(s) written`);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.every((l) => ['alpha', 'beta'].includes(l.model_a) && l.voter_kind === 'human')).toBe(true);
    // The file is what `heng stats bt` reads.
    const battlesRead = parseBattles(
      lines.map((value, i) => ({ line: i + 1, value })),
      file,
    );
    expect(bradleyTerry(battlesRead, { rounds: 50 })[0].model).toBe('alpha');
  }, 600_000);

  it('a reserved reviewer name is an input error (exit 2)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-arena-cli-'));
    const v = await heng(['arena', 'vote', '--reviewer', 'judge:me', '--db', await testDb(dir, 'h.db')]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/reserved for LLM judges/);
  }, 300_000);
});
