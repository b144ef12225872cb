// Core throughput benchmark: N items against a zero-latency local
// OpenAI-compatible server (a separate process), everything persisted to a
// fresh SQLite file. Prints items/s and peak RSS; `--items 200000` checks
// that memory stays flat when the item count grows 10×.
//   npm run bench                 # 20,000 items, then 200,000 items
//   npx tsx bench/engine.bench.ts --items 20000
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

if (args.includes('--child')) await child(Number(arg('--items')), arg('--url')!);
else await main();

async function main() {
  const sizes = arg('--items') ? [Number(arg('--items'))] : [20_000, 200_000];
  const server = await startServer();
  try {
    const rows: Array<{ items: number; perSecond: number; peakRssMb: number }> = [];
    for (const items of sizes) rows.push(await runChild(items, server.url));
    for (const r of rows) console.log(`items=${r.items}  ${r.perSecond.toFixed(0)} items/s  peak RSS ${r.peakRssMb.toFixed(0)} MB`);
    const first = rows[0];
    console.log(first.perSecond >= 2000 ? 'PASS throughput ≥ 2,000 items/s' : 'FAIL throughput < 2,000 items/s');
    if (rows.every((r) => r.peakRssMb < 300)) console.log('PASS peak RSS < 300 MB at every size');
    else console.log('FAIL peak RSS ≥ 300 MB');
  } finally {
    server.proc.kill();
  }
}

/** Each size runs in a fresh process so its peak RSS is its own. */
function runChild(items: number, url: string): Promise<{ items: number; perSecond: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=160', '--import', 'tsx', 'bench/engine.bench.ts', '--child', '--items', String(items), '--url', url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`bench child exited ${code}`))));
  });
}

async function startServer(): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/openai-server.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (d) => {
      buf += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m) resolve(m[1]);
    });
    proc.on('exit', () => reject(new Error('server exited')));
  });
  return { url, proc };
}

async function child(items: number, url: string) {
  const { parseConfig } = await import('../src/config/load.js');
  const { executeRun } = await import('../src/runs/execute.js');
  const { openStore } = await import('../src/store/open.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-bench-'));
  const lines: string[] = [];
  for (let i = 0; i < items; i++) lines.push(JSON.stringify({ id: `q${i}`, question: `What is ${i} + 1?`, answer: String(i + 1) }));
  writeFileSync(path.join(dir, 'items.jsonl'), lines.join('\n'));
  const yaml = `
providers:
  - { id: local, type: openai-compatible, baseUrl: ${url}/v1, model: bench, stream: false, concurrency: 48 }
tasks:
  - id: bench
    dataset: items.jsonl
    prompt: { user: "{{question}}" }
    scorers: [{ type: contains }]
run: { retries: 0, timeoutMs: 30000 }
`;
  writeFileSync(path.join(dir, 'heng.yaml'), yaml);
  const store = await openStore(path.join(dir, 'heng.db'));
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  const r = await executeRun({ store, loaded: parseConfig(yaml, path.join(dir, 'heng.yaml')) });
  const secs = (performance.now() - t0) / 1000;
  clearInterval(timer);
  await store.close();
  if (r.progress.done !== items) throw new Error(`expected ${items} results, got ${r.progress.done}`);
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  if (process.env.HENG_BENCH_MEM) {
    (globalThis as { gc?: () => void }).gc?.();
    console.error(JSON.stringify(process.memoryUsage()));
  }
  console.log(JSON.stringify({ items, perSecond: items / secs, peakRssMb: peak / 1024 / 1024 }));
}
