// Hostile YAML: many keys, aliases that expand into each other, duplicate
// keys; read with bounds, and (for the server) off the main thread.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { parseConfigOffThread } from '../../src/config/parse-off-thread.js';
import { readYaml } from '../../src/config/yaml-read.js';
import { InputError } from '../../src/errors.js';

const good = `name: x
providers:
  - id: a
    type: replay
    path: a.jsonl
tasks:
  - id: t
    items: [{ q: "1+1?", answer: "2" }]
    prompt: { user: "{{q}}" }
    scorers: [{ type: exact }]
`;

const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');

function manyKeys(n: number): string {
  const lines = ['extra:'];
  for (let i = 0; i < n; i++) lines.push(`  k${i}: ${i}`);
  return `${good}${lines.join('\n')}\n`;
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('bounded YAML', () => {
  it('finds a duplicate key among 20,000 with its line, by counting (a Set), not by comparing every pair', () => {
    // The library's check compares each key with all before it: 20,000 keys → 2·10^8 comparisons.
    const text = `${manyKeys(20_000)}  k17: again\n`;
    const e = inputError(() => readYaml(text, 'big.yaml', { maxBytes: 10_000_000, maxKeys: 1_000_000, maxAliases: 100 }));
    expect(e.problem).toBe('duplicate key "k17"');
    expect(e.place.line).toBe(text.split('\n').length - 1);
  });

  it('refuses more keys than the limit, naming the limit', () => {
    const e = inputError(() => readYaml(manyKeys(50), 'k.yaml', { maxBytes: 1e6, maxKeys: 40, maxAliases: 10 }));
    expect(e.message).toMatch(/k\.yaml, line \d+: more than 40 keys/);
  });

  it('refuses a billion-laughs document as bad input (not an internal error)', () => {
    const e = inputError(() => parseConfig(laughs, 'laughs.yaml'));
    expect(e.message).toMatch(/laughs\.yaml.*(alias|cannot be read)/);
  });

  it('refuses a text above the byte limit and a NUL character', () => {
    expect(inputError(() => readYaml('a: 1\n'.repeat(100), 'f.yaml', { maxBytes: 100, maxKeys: 1000, maxAliases: 10 })).problem).toMatch(/500 bytes; at most 100/);
    expect(inputError(() => readYaml('a: "x\0"\n', 'f.yaml')).problem).toMatch(/NUL/);
  });

  it('keeps the lines of fields for error messages', () => {
    const e = inputError(() => parseConfig(good.replace('    scorers:', '    scorerz:'), 'heng.yaml'));
    expect(e.place.line).toBe(10);
  });

  it('reads off the main thread with the same result and the same errors', async () => {
    const c = await parseConfigOffThread(good, 'api.yaml');
    expect(c.config.name).toBe('x');
    expect(c.lineOf(['tasks', 0, 'scorers'])).toBe(10);
    await expect(parseConfigOffThread(laughs, 'api.yaml')).rejects.toBeInstanceOf(InputError);
    await expect(parseConfigOffThread(manyKeys(50), 'api.yaml', { limits: { maxBytes: 1e6, maxKeys: 40, maxAliases: 10 } })).rejects.toThrow(/more than 40 keys/);
  });

  it('gives up on a reader that overruns its time limit and stays usable', async () => {
    // Reading 20,000 keys takes far more than 1 ms on any machine (a loaded one only slower): the limit answers.
    await expect(parseConfigOffThread(manyKeys(20_000), 'api.yaml', { timeoutMs: 1 })).rejects.toThrow(/took more than 0.001 s/);
    expect((await parseConfigOffThread(good, 'api.yaml')).config.name).toBe('x');
  });
});

describe('prototype-like names', () => {
  it('a task tagged dimension: __proto__ is a config error naming the tag and its line', () => {
    const e = inputError(() => parseConfig(good.replace('    scorers: [{ type: exact }]', '    scorers: [{ type: exact }]\n    tags: { dimension: __proto__ }'), 'heng.yaml'));
    expect(e.place.field).toBe('tasks.0.tags.dimension');
    expect(e.place.line).toBe(11);
    expect(e.problem).toMatch(/"__proto__" is reserved/);
  });

  it('as a tag key, a task id or a provider id too', () => {
    expect(inputError(() => parseConfig(good.replace('    scorers: [{ type: exact }]', '    scorers: [{ type: exact }]\n    tags: { constructor: x }'), 'heng.yaml')).problem).toMatch(
      /"constructor" is reserved/,
    );
    expect(inputError(() => parseConfig(good.replace('  - id: t\n', '  - id: __proto__\n'), 'heng.yaml')).place.field).toBe('tasks.0.id');
    expect(inputError(() => parseConfig(good.replace('  - id: a\n', '  - id: prototype\n'), 'heng.yaml')).place.field).toBe('providers.0.id');
  });
});

describe('plan size', () => {
  it('a run of more units than MAX_PLAN_UNITS is refused before it starts, naming the product', async () => {
    const { prepare } = await import('../../src/engine/prepare.js');
    const items = Array.from({ length: 6000 }, (_, i) => `{ id: q${i}, q: "x", answer: "y" }`).join(', ');
    process.env.HENG_TEST_API_KEY ??= 'test-key';
    const text = good
      .replace('items: [{ q: "1+1?", answer: "2" }]', `items: [${items}]`)
      .replace('name: x\n', 'name: x\nrun: { repeats: 1000 }\n')
      .replace('    type: replay\n    path: a.jsonl\n', '    type: openai-compatible\n    baseUrl: http://127.0.0.1:9/v1\n    model: m\n    apiKey: "${env:HENG_TEST_API_KEY}"\n');
    const loaded = parseConfig(text, '/tmp/heng.yaml');
    await expect(prepare(loaded)).rejects.toThrow(/plans 6,000,000 units \(6000 items × 1000 repeats × 1 providers\); at most 5,000,000/);
  });
});
