import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, resolveSecret } from '../../src/config/load.js';
import { InputError } from '../../src/errors.js';

const good = `
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

function errorOf(text: string): InputError {
  try {
    parseConfig(text, 'heng.yaml');
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('config', () => {
  it('parses a valid config and fills run defaults', () => {
    const c = parseConfig(good, 'heng.yaml');
    expect(c.config.run.repeats).toBe(1);
    expect(c.config.run.cache).toBe(true);
    expect(c.tasks[0].kind).toBe('task');
  });

  it('names the line of malformed YAML', () => {
    const e = errorOf('providers:\n  - id: a\n    type: [replay\ntasks: []\n');
    expect(e.message).toMatch(/heng\.yaml, line \d+: malformed YAML/);
  });

  it('names file, line and field of an unknown key and suggests the fix', () => {
    const e = errorOf(good.replace('    scorers:', '    scorerz:'));
    expect(e.place.line).toBe(10);
    expect(e.place.field).toBe('tasks.0.scorerz');
    expect(e.message).toContain('did you mean "scorers"?');
  });

  it('rejects a literal API key: secrets only by reference', () => {
    const e = errorOf(good.replace('    path: a.jsonl', '    path: a.jsonl\n    apiKey: sk-live-123'));
    expect(e.place.field).toBe('providers.0.apiKey');
    expect(e.place.line).toBe(6);
    expect(e.message).toContain('${env:');
    expect(e.message).not.toContain('sk-live-123');
  });

  it.each([
    ['baseUrl user info', '    baseUrl: https://user:sk-live-123@api.example.com/v1', 'providers.0.baseUrl', /user info/],
    ['baseUrl query', '    baseUrl: https://api.example.com/v1?api_key=sk-live-123', 'providers.0.baseUrl', /query \("api_key"\)/],
    ['params', '    params: { access_token: sk-live-123 }', 'providers.0.params.access_token', /in clear/],
  ])('rejects a key written into %s, like a literal apiKey', (_what, line, field, message) => {
    const e = errorOf(good.replace('    path: a.jsonl', `    path: a.jsonl\n${line}`));
    expect(e.place.field).toBe(field);
    expect(e.place.line).toBe(6);
    expect(e.message).toMatch(message);
    expect(e.message).toContain('${env:');
    expect(e.message).not.toContain('sk-live-123');
  });

  it('ordinary params and query parameters are fine', () => {
    expect(() =>
      parseConfig(good.replace('    path: a.jsonl', '    path: a.jsonl\n    baseUrl: https://x.example.com/v1?api-version=2024-10-21\n    params: { enable_thinking: true, top_k: 5 }'), 'heng.yaml'),
    ).not.toThrow();
  });

  it('reports duplicate provider ids', () => {
    const e = errorOf(good.replace('providers:\n', 'providers:\n  - { id: a, type: replay, path: b.jsonl }\n'));
    expect(e.message).toContain('duplicate id "a"');
  });

  it('resolves ${env:…} and names the missing variable', () => {
    process.env.HENG_TEST_KEY = 'secret-value';
    expect(resolveSecret('${env:HENG_TEST_KEY}', { file: 'f', field: 'apiKey' })).toBe('secret-value');
    expect(() => resolveSecret('${env:HENG_NOPE_KEY}', { file: 'f', line: 3, field: 'apiKey' })).toThrow(/f, line 3, field "apiKey": environment variable HENG_NOPE_KEY is not set/);
  });

  it('reads a config file from disk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-cfg-'));
    writeFileSync(path.join(dir, 'heng.yaml'), good);
    const { loadConfig } = await import('../../src/config/load.js');
    expect(loadConfig(path.join(dir, 'heng.yaml')).baseDir).toBe(dir);
  });
});
