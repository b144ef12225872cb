// The pinned checksums of `heng datasets pull` are those of the official
// files: the copies in ../shared/data (byte-for-byte as published) are served
// from 127.0.0.1 and pulled with the built-in catalog. CMMLU's published data
// is also imported and found by the pack without `data:`.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packs } from '../../src/benchmarks/index.js';
import { importDataset, pullDataset } from '../../src/datasets/pull.js';
import type { Task } from '../../src/tasks/task.js';

const local = path.resolve(process.cwd(), '../shared/data');
const DATA = existsSync(local) ? local : '/work/shared/data';
const OFFICIAL: Record<string, string> = {
  '/gsm8k/test.jsonl': 'gsm8k/test.jsonl',
  '/humaneval/HumanEval.jsonl.gz': 'humaneval/HumanEval.jsonl.gz',
  '/mtbench/question.jsonl': 'mt_bench/question.jsonl',
};

let server: http.Server;
let base: string;
beforeAll(async () => {
  process.env.HENG_DATA = mkdtempSync(path.join(tmpdir(), 'heng-data-'));
  server = http.createServer((req, res) => {
    const rel = OFFICIAL[req.url!];
    if (!rel) return void res.writeHead(404).end();
    res.writeHead(200).end(readFileSync(path.join(DATA, rel)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it.each(['gsm8k', 'humaneval', 'mtbench'])('the official %s file matches its pinned sha256', async (name) => {
  const m = await pullDataset(name, { baseUrl: base });
  expect(m.files).toHaveLength(1);
});

it('imports the published CMMLU folder and the pack finds it', async () => {
  const m = await importDataset('cmmlu', path.join(DATA, 'cmmlu'));
  expect(m.files.length).toBeGreaterThan(67);
  const tasks = [await packs.cmmlu({ pack: 'cmmlu', split: 'dev' } as never, { baseDir: '/nowhere', file: 'heng.yaml' })].flat() as Task[];
  expect(tasks).toHaveLength(67);
});
