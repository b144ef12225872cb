// Generates with the tiny real GGUF model in ../shared/models (CPU, node-llama-cpp).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createLocalProvider } from '../../src/providers/local.js';

const candidates = [path.resolve(process.cwd(), '../shared/models/llama-2-tiny-random.gguf'), '/work/shared/models/llama-2-tiny-random.gguf'];
const model = candidates.find((p) => existsSync(p))!;

it('generates from llama-2-tiny-random.gguf and reports tokens/s', async () => {
  expect(model, 'the shared tiny GGUF model').toBeDefined();
  const p = createLocalProvider({ id: 'tiny', path: model }, '/');
  try {
    const r = await p.complete({ messages: [{ role: 'user', content: 'Hello' }], maxTokens: 12, temperature: 0 }, { runId: 'r', taskId: 't', itemId: '1', repeat: 0, timeoutMs: 120_000 });
    expect(r.status).toBe('ok');
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.usage!.outputTokens).toBeGreaterThan(0);
    expect(r.timing.tokensPerSecond).toBeGreaterThan(0);
    expect(r.timing.ttftMs).toBeGreaterThan(0);
  } finally {
    await p.close!();
  }
}, 180_000);

it('reports finishReason length when maxTokens cuts the answer', async () => {
  const p = createLocalProvider({ id: 'tiny', path: model }, '/');
  try {
    const r = await p.complete({ messages: [{ role: 'user', content: 'Write a long story.' }], maxTokens: 2, temperature: 0 }, { runId: 'r', taskId: 't', itemId: '1', repeat: 0, timeoutMs: 120_000 });
    expect(r.status).toBe('ok');
    expect(r.usage!.outputTokens).toBeLessThanOrEqual(3);
    expect(r.finishReason).toBe('length');
  } finally {
    await p.close!();
  }
}, 180_000);
