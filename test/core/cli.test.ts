// The CLI as a user runs it: exit statuses, messages that name the place,
// --json on stdout, nothing lost on bad input.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer, type OpenAIServer, echoAnswer } from '../helpers/openai-server.js';
import { storedText, testDb } from '../helpers/test-db.js';
import { runHeng } from '../helpers/cli.js';

let server: OpenAIServer;
beforeAll(async () => (server = await startOpenAIServer()));
afterAll(() => server.close());

const heng = (args: string[], env: Record<string, string> = {}) => runHeng(args, { env });

async function project(yaml: string, files: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-cli-'));
  writeFileSync(path.join(dir, 'heng.yaml'), yaml);
  for (const [n, t] of Object.entries(files)) writeFileSync(path.join(dir, n), t);
  return { dir, cfg: path.join(dir, 'heng.yaml'), db: await testDb(dir, 'h.db') };
}

const items = Array.from({ length: 60 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `${i}`, answer: `${i}` })).join('\n');
const good = () => `providers:
  - { id: echo, type: openai-compatible, baseUrl: ${server.url}/v1, model: m, apiKey: "\${env:HENG_CLI_KEY}" }
tasks:
  - id: t
    dataset: items.jsonl
    prompt: { user: "{{question}}" }
    scorers: [{ type: exact }]
run: { retries: 0 }
`;

describe('heng CLI', () => {
  it('run --json prints the report object on stdout and exits 0; runs lists it', async () => {
    server.setScript((r) => ({ kind: 'answer', text: echoAnswer(r.body) }));
    const p = await project(good(), { 'items.jsonl': items });
    const r = await heng(['run', p.cfg, '--db', p.db, '--json'], { HENG_CLI_KEY: 'sk-cli-secret' });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.runId).toMatch(/^\d{8}-\d{6}-/);
    expect(report.summary[0]).toMatchObject({ provider: 'echo', task: 't', n: 60, score: 1, outcomes: { correct: 60, error: 0 } });
    expect(report.summary[0].ci95).toHaveLength(2);
    const runs = await heng(['runs', '--db', p.db, '--json']);
    expect(JSON.parse(runs.stdout).runs[0]).toMatchObject({ id: report.runId, status: 'done', completed: 60 });
    const csv = await heng(['report', 'latest', '--db', p.db, '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toContain('raw_output');
    expect(csv.stdout.trim().split('\n')).toHaveLength(61);
    // The secret never reaches the database or the reports.
    const json = await heng(['report', 'latest', '--db', p.db, '--format', 'json']);
    expect(json.stdout).not.toContain('sk-cli-secret');
    const stored = await storedText(p.db);
    expect(stored).toContain('echo'); // the store was read
    expect(stored).not.toContain('sk-cli-secret');
  });

  it('exits 1 when provider errors exceed run.maxErrorRate', async () => {
    server.setScript((r) => (Number(echoAnswer(r.body)) % 5 === 0 ? { kind: 'status', status: 503 } : { kind: 'answer', text: echoAnswer(r.body) }));
    const p = await project(good(), { 'items.jsonl': items });
    const r = await heng(['run', p.cfg, '--db', p.db], { HENG_CLI_KEY: 'k' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/provider errors 20\.0% > allowed 5\.0%/);
  });

  it('exits 2 naming file, line and field for bad input, and keeps earlier runs', async () => {
    server.setScript((r) => ({ kind: 'answer', text: echoAnswer(r.body) }));
    const p = await project(good(), { 'items.jsonl': items });
    expect((await heng(['run', p.cfg, '--db', p.db], { HENG_CLI_KEY: 'k' })).code).toBe(0);

    const broken = items.split('\n');
    broken[56] = '{"id": "q56", "question": ';
    writeFileSync(path.join(p.dir, 'items.jsonl'), broken.join('\n'));
    let r = await heng(['run', p.cfg, '--db', p.db], { HENG_CLI_KEY: 'k' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/items\.jsonl, line 57: broken JSON/);

    writeFileSync(path.join(p.dir, 'items.jsonl'), items);
    writeFileSync(p.cfg, good().replace('type: openai-compatible', 'type: openai-compatable'));
    r = await heng(['run', p.cfg, '--db', p.db], { HENG_CLI_KEY: 'k' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/heng\.yaml, line 2, field "providers\.0\.type": unknown provider type "openai-compatable"/);
    expect(r.stderr).toMatch(/did you mean "openai-compatible"/);

    writeFileSync(p.cfg, 'providers: [\n  - id: x\n');
    r = await heng(['run', p.cfg, '--db', p.db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/heng\.yaml, line \d+: malformed YAML/);

    writeFileSync(p.cfg, good().replace('dataset: items.jsonl', 'dataset: items.csv'));
    writeFileSync(path.join(p.dir, 'items.csv'), 'id,prompt,answer\n1,a,b\n');
    r = await heng(['run', p.cfg, '--db', p.db], { HENG_CLI_KEY: 'k' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/items\.csv, line 2, field "question"/);

    r = await heng(['run', path.join(p.dir, 'nope.yaml'), '--db', p.db]);
    expect(r.code).toBe(2);

    // A config with only a safety section is for `heng safety run`, not an empty run.
    writeFileSync(p.cfg, `${good().replace(/tasks:[\s\S]*?(?=run:)/, '')}safety:\n  banks: { shouldRefuse: refuse.jsonl }\n`);
    r = await heng(['run', p.cfg, '--db', p.db], { HENG_CLI_KEY: 'k' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/heng\.yaml, line \d+, field "tasks": the config lists no tasks to run/);
    expect(r.stderr).toContain('heng safety run');

    // The first run is still there, whole.
    const runs = JSON.parse((await heng(['runs', '--db', p.db, '--json'])).stdout).runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'done', completed: 60 });
    // Eight CLI processes one after another: on a loaded 2-core machine each start-up alone can take seconds.
  }, 300_000);

  it('providers test sends one request and explains a bad key', async () => {
    const p = await project(good(), { 'items.jsonl': items });
    server.setScript(() => ({ kind: 'answer', text: 'pong' }));
    let r = await heng(['providers', 'test', 'echo', '-c', p.cfg], { HENG_CLI_KEY: 'k' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/echo: ok in \d+ ms/);
    server.setScript(() => ({ kind: 'status', status: 401, body: { error: { message: 'invalid api key', code: 'invalid_api_key' } } }));
    r = await heng(['providers', 'test', 'echo', '-c', p.cfg], { HENG_CLI_KEY: 'k' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/auth/);
  });

  it('providers check reports key, endpoint, model id and streaming in plain words, zh and en', async () => {
    const p = await project(good(), { 'items.jsonl': items });
    server.setScript(() => ({ kind: 'answer', text: 'pong' }));
    let r = await heng(['providers', 'check', p.cfg], { HENG_CLI_KEY: 'k' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('✓ 密钥 / key: 密钥被接受 / the key is accepted');
    expect(r.stdout).toContain('✓ 流式输出 / streaming');
    expect(r.stdout).toContain('vendor said: pong');
    server.setScript(() => ({ kind: 'status', status: 401, body: { error: { message: 'invalid api key', code: 'invalid_api_key' } } }));
    r = await heng(['providers', 'check', p.cfg, '--json'], { HENG_CLI_KEY: 'k' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0].lines[0]).toMatchObject({ what: 'key', state: 'failed' });
  });
});
