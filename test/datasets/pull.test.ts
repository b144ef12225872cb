// heng datasets pull / import against a real HTTP server on 127.0.0.1: the
// pinned checksum admits the right bytes and refuses any others; import
// checks the format with the pack's own reader; packs then find the data
// without `data:`.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { packs } from '../../src/benchmarks/index.js';
import { CATALOG, type CatalogEntry } from '../../src/datasets/catalog.js';
import { datasetStatus, importDataset, pullDataset } from '../../src/datasets/pull.js';
import { InputError } from '../../src/errors.js';
import type { Task } from '../../src/tasks/task.js';

const fixtures = path.resolve('test/benchmarks/fixtures');
const gsm8kBytes = readFileSync(path.join(fixtures, 'gsm8k/test.jsonl'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// The real gsm8k entry, but pinned to the fixture written for these tests.
const catalog: CatalogEntry[] = CATALOG.map((e) => (e.name === 'gsm8k' ? { ...e, files: [{ ...e.files[0], sha256: sha(gsm8kBytes) }] } : e));

let server: http.Server;
let base: string;
const served = new Map<string, Buffer>();
const requests: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url!);
    const body = served.get(req.url!);
    if (!body) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function run(args: string[], env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/heng.js', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (status) => resolve({ status, stderr }));
  });
}

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'heng-data-'));
  process.env.HENG_DATA = dataDir;
  served.clear();
});

describe('pull', () => {
  it('downloads from the base URL, checks the pinned sha256 and records a manifest; the pack then needs no data:', async () => {
    served.set('/gsm8k/test.jsonl', gsm8kBytes);
    const m = await pullDataset('gsm8k', { baseUrl: base, catalog });
    expect(requests).toContain('/gsm8k/test.jsonl');
    expect(m).toMatchObject({ name: 'gsm8k', via: 'pull', from: base, files: [{ path: 'test.jsonl', sha256: sha(gsm8kBytes), bytes: gsm8kBytes.length }] });
    expect(readFileSync(path.join(dataDir, 'gsm8k/test.jsonl'))).toEqual(gsm8kBytes);
    expect(datasetStatus().find((d) => d.name === 'gsm8k')).toMatchObject({ present: true, pullable: true });
    const [t] = [await packs.gsm8k({ pack: 'gsm8k' } as never, { baseDir: '/nowhere', file: 'heng.yaml' })].flat() as Task[];
    expect(t.items.map((i) => i.target)).toEqual(['12', '1550', '-2']);
  });

  it('refuses bytes that do not match the checksum and keeps nothing', async () => {
    served.set('/gsm8k/test.jsonl', Buffer.concat([gsm8kBytes, Buffer.from('{"question":"x","answer":"#### 1"}\n')]));
    const err = await pullDataset('gsm8k', { baseUrl: base, catalog }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(new RegExp(`checksum mismatch for ${base}/gsm8k/test.jsonl: expected sha256 ${sha(gsm8kBytes)}, got [0-9a-f]{64}`));
    expect(existsSync(path.join(dataDir, 'gsm8k'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'gsm8k.partial'))).toBe(false);
  });

  it('fails clearly offline, on HTTP errors, and for data sets without a pinned checksum', async () => {
    // A port nobody listens on: what an air-gapped machine sees.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const offline = await pullDataset('gsm8k', { baseUrl: `http://127.0.0.1:${port}`, catalog }).catch((e) => e);
    expect(offline.message).toMatch(new RegExp(`cannot download http://127\\.0\\.0\\.1:${port}/gsm8k/test\\.jsonl: ECONNREFUSED[\\s\\S]*heng datasets import gsm8k`));
    const missing = await pullDataset('gsm8k', { baseUrl: base, catalog }).catch((e) => e);
    expect(missing.message).toMatch(/HTTP 404/);
    const archive = await pullDataset('mmlu').catch((e) => e);
    expect(archive.message).toMatch(/"mmlu" cannot be pulled: Heng has no pinned checksum[\s\S]*heng datasets import mmlu/);
  });

  it('the CLI reads the base URL from HENG_DATASETS_BASE_URL and exits 2 on a mismatch', async () => {
    // The built-in pin is the official file's; the fixture is not it, so the CLI must refuse.
    served.set('/gsm8k/test.jsonl', gsm8kBytes);
    // Asynchronous: the server lives in this process and must keep answering.
    const r = await run(['datasets', 'pull', 'gsm8k'], { HENG_DATA: dataDir, HENG_DATASETS_BASE_URL: base });
    expect(requests).toContain('/gsm8k/test.jsonl');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/checksum mismatch/);
  }, 120_000);
});

describe('import', () => {
  it('copies a folder after loading it with the pack, records sha256 per file, and packs find it', async () => {
    const m = await importDataset('mmlu', path.join(fixtures, 'mmlu'));
    expect(m.via).toBe('import');
    expect(m.files.map((f) => f.path)).toContain(path.join('test', 'philosophy_test.csv'));
    const f = m.files.find((x) => x.path === path.join('dev', 'marketing_dev.csv'))!;
    expect(f.sha256).toBe(sha(readFileSync(path.join(fixtures, 'mmlu/dev/marketing_dev.csv'))));
    const tasks = [await packs.mmlu({ pack: 'mmlu' } as never, { baseDir: '/nowhere', file: 'heng.yaml' })].flat() as Task[];
    expect(tasks.map((t) => t.id)).toEqual(['mmlu-abstract_algebra', 'mmlu-marketing', 'mmlu-philosophy']);
    expect(datasetStatus().find((d) => d.name === 'mmlu')).toMatchObject({ present: true, pullable: false, path: path.join(dataDir, 'mmlu') });
  });

  it('refuses a folder in the wrong format, naming the file and line, and keeps nothing', async () => {
    const err = await importDataset('mmlu', path.join(fixtures, 'mmlu-bad')).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/anatomy_test\.csv, line 1: expected 6 columns/);
    expect(existsSync(path.join(dataDir, 'mmlu'))).toBe(false);
    const sb = await importDataset('safetybench', path.join(fixtures, 'safetybench'));
    expect(sb.files.map((x) => x.path).sort()).toEqual(['dev_en.json', 'dev_zh.json', 'test_zh.json']);
    const notJson = path.join(mkdtempSync(path.join(tmpdir(), 'heng-bad-')), 'q.jsonl');
    writeFileSync(notJson, '{"question": "no answer field"}\n');
    const gsm = await importDataset('gsm8k', notJson).catch((e) => e);
    expect(gsm).toBeInstanceOf(InputError);
    const unknown = await importDataset('nope', notJson).catch((e) => e);
    expect(unknown.message).toMatch(/unknown data set "nope"[\s\S]*known: gsm8k/);
  });

  it('imports a single file under its own name, and the pack reads that file', async () => {
    const own = path.join(mkdtempSync(path.join(tmpdir(), 'heng-own-')), 'gsm8k-test-copy.jsonl');
    writeFileSync(own, gsm8kBytes);
    const m = await importDataset('gsm8k', own);
    expect(m).toMatchObject({ main: 'gsm8k-test-copy.jsonl', files: [{ path: 'gsm8k-test-copy.jsonl', sha256: sha(gsm8kBytes) }] });
    expect(datasetStatus().find((d) => d.name === 'gsm8k')!.path).toBe(path.join(dataDir, 'gsm8k', 'gsm8k-test-copy.jsonl'));
    const [t] = [await packs.gsm8k({ pack: 'gsm8k' } as never, { baseDir: '/nowhere', file: 'heng.yaml' })].flat() as Task[];
    expect(t.items).toHaveLength(3);
  });

  it('without data: and nothing imported, the pack error says how to get the data', async () => {
    const err = await Promise.resolve(packs.ceval({ pack: 'ceval' } as never, { baseDir: '/nowhere', file: 'heng.yaml', line: 5 })).catch((e) => e);
    expect(err.message).toMatch(/heng\.yaml, line 5, field "data": pack "ceval" needs "data"[\s\S]*heng datasets pull ceval/);
  });
});
