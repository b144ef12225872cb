// Generates with the tiny real GGUF model in ../shared/models (CPU, node-llama-cpp).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createLocalProvider } from '../../src/providers/local.js';
import { withChatTemplate } from '../helpers/gguf-template.js';

const candidates = [path.resolve(process.cwd(), '../shared/models/llama-2-tiny-random.gguf'), '/work/shared/models/llama-2-tiny-random.gguf'];
const model = candidates.find((p) => existsSync(p))!;

it('generates from llama-2-tiny-random.gguf and reports tokens/s', async () => {
  expect(model, 'the shared tiny GGUF model').toBeDefined();
  const p = await createLocalProvider({ id: 'tiny', path: model }, '/');
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
  const p = await createLocalProvider({ id: 'tiny', path: model }, '/');
  try {
    const r = await p.complete({ messages: [{ role: 'user', content: 'Write a long story.' }], maxTokens: 2, temperature: 0 }, { runId: 'r', taskId: 't', itemId: '1', repeat: 0, timeoutMs: 120_000 });
    expect(r.status).toBe('ok');
    expect(r.usage!.outputTokens).toBeLessThanOrEqual(3);
    expect(r.finishReason).toBe('length');
  } finally {
    await p.close!();
  }
}, 180_000);

// A ChatML template written into a copy of the tiny model (it has none of its own).
const CHATML =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

it("formats prompts with the model's own chat template, and names it in the provider identity", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'heng-gguf-'));
  const templated = path.join(dir, 'tiny-chatml.gguf');
  withChatTemplate(model, templated, CHATML);
  const plain = await createLocalProvider({ id: 'tiny', path: model }, '/');
  const chatml = await createLocalProvider({ id: 'tiny', path: templated }, '/');
  try {
    // No template in the file: node-llama-cpp's general format, and the identity says so.
    expect(plain.chatTemplate).toEqual({ wrapper: 'General', templateSha256: null });
    expect(plain.identity).toBe('local:llama-2-tiny-random.gguf:chat=General');
    // The file's template: ChatML, its hash in the identity (another template is another provider for the cache).
    expect(chatml.chatTemplate.wrapper).toBe('ChatML');
    expect(chatml.chatTemplate.templateSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(chatml.identity).toBe(`local:tiny-chatml.gguf:chat=ChatML:${chatml.chatTemplate.templateSha256!.slice(0, 16)}`);
    // Generating loads the model and uses that same wrapper (a mismatch would fail the request, not mislabel it).
    const r = await chatml.complete(
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hello' },
        ],
        maxTokens: 3,
        temperature: 0,
      },
      { runId: 'r', taskId: 't', itemId: '1', repeat: 0, timeoutMs: 120_000 },
    );
    expect(r).toMatchObject({ status: 'ok', finishReason: 'length' });
  } finally {
    await plain.close!();
    await chatml.close!();
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
