// Shared set-up for queue tests and the distributed benchmark: a config with
// N echo items against a local OpenAI-compatible server, and unique Redis
// prefixes so runs never see each other's jobs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { redisClient } from '../../src/queue/connection.js';

export const PG_URL = process.env.HENG_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.HENG_TEST_REDIS ?? 'redis://127.0.0.1:6379';

export const uniquePrefix = (what: string) => `heng-test-${what}-${randomBytes(4).toString('hex')}`;

export interface EchoConfig {
  items: number;
  serverUrl: string;
  rpm?: number;
  concurrency?: number;
  providers?: number;
  /** Adds a price (CNY per million tokens, input and output). */
  pricePerMillion?: number;
}

/** Writes items.jsonl and heng.yaml to a fresh folder; returns the config path. */
export function writeEchoConfig(c: EchoConfig): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-queue-'));
  const lines: string[] = [];
  for (let i = 0; i < c.items; i++) lines.push(JSON.stringify({ id: `q${i}`, question: `${i}`, answer: String(i) }));
  writeFileSync(path.join(dir, 'items.jsonl'), `${lines.join('\n')}\n`);
  const providers = Array.from({ length: c.providers ?? 1 }, (_, i) =>
    [
      `  - id: echo${i}`,
      '    type: openai-compatible',
      `    baseUrl: ${c.serverUrl}/v1`,
      `    model: echo-${i}`,
      '    stream: false',
      `    concurrency: ${c.concurrency ?? 8}`,
      c.rpm ? `    rateLimit: { rpm: ${c.rpm} }` : '',
      c.pricePerMillion ? `    price: { inputPerMillion: ${c.pricePerMillion}, outputPerMillion: ${c.pricePerMillion} }` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  const yaml = [
    'name: queue-test',
    'providers:',
    ...providers,
    'tasks:',
    '  - id: echo-task',
    '    dataset: items.jsonl',
    '    prompt: { user: "{{question}}" }',
    '    scorers: [{ type: exact }]',
    // No response cache: every run must really send its requests (the cache table is shared across test runs).
    'run: { cache: false, retries: 2, timeoutMs: 10000 }',
    '',
  ].join('\n');
  const file = path.join(dir, 'heng.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** The largest number of timestamps inside any window of `windowMs` (inclusive ends). */
export function maxInWindow(timestamps: number[], windowMs: number): number {
  const t = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  for (let lo = 0, hi = 0; hi < t.length; hi++) {
    while (t[hi] - t[lo] > windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** A BullMQ handle on a test queue; its Redis connection is closed afterwards. */
export async function withQueue<T>(prefix: string, fn: (queue: Queue) => Promise<T>): Promise<T> {
  const connection = redisClient(REDIS_URL);
  const queue = new Queue('units', { connection, prefix });
  try {
    return await fn(queue);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export const dropQueue = (prefix: string) => withQueue(prefix, (q) => q.obliterate({ force: true }));
