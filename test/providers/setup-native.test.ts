// A native preset set up from a heng.yaml entry: secrets come by ${env:…}
// reference only, and a missing credential is an InputError naming the
// file, the line and the field.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderEntry } from '../../src/config/schema.js';
import { InputError } from '../../src/errors.js';
import { setupProvider } from '../../src/providers/index.js';

const ctx = { baseDir: '/tmp', file: 'heng.yaml', lineOf: (path: Array<string | number>) => (path.length === 3 ? 12 : 10), defaultConcurrency: 4 };

afterEach(() => {
  delete process.env.HENG_TEST_QF_AK;
  delete process.env.HENG_TEST_QF_SK;
});

describe('native presets from a config entry', () => {
  it('qianfan-legacy resolves apiKey and secretKey from the environment and prices as qianfan', async () => {
    process.env.HENG_TEST_QF_AK = 'ak';
    process.env.HENG_TEST_QF_SK = 'sk';
    const entry = { id: 'ernie', preset: 'qianfan-legacy', model: 'ernie-4.0-8k', apiKey: '${env:HENG_TEST_QF_AK}', secretKey: '${env:HENG_TEST_QF_SK}' } as ProviderEntry;
    const setup = await setupProvider(entry, 0, ctx);
    expect(setup.provider.model).toBe('ernie-4.0-8k');
    expect(setup.price).toMatchObject({ inputPerMillion: 30, outputPerMillion: 90 });
    expect(setup.provider.identity).not.toContain('sk');
    await setup.provider.close?.();
  });

  it('a missing secretKey names heng.yaml, the line and the field', async () => {
    process.env.HENG_TEST_QF_AK = 'ak';
    const entry = { id: 'ernie', preset: 'qianfan-legacy', model: 'ernie-4.0-8k', apiKey: '${env:HENG_TEST_QF_AK}' } as ProviderEntry;
    const err = await setupProvider(entry, 0, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/^heng\.yaml, line 12, field "providers\.0\.secretKey": /);
  });

  it('spark-ws without appId names the field too', async () => {
    process.env.HENG_TEST_QF_AK = 'ak';
    process.env.HENG_TEST_QF_SK = 'sk';
    const entry = { id: 'spark', preset: 'spark-ws', model: 'lite', apiKey: '${env:HENG_TEST_QF_AK}', secretKey: '${env:HENG_TEST_QF_SK}' } as ProviderEntry;
    const err = await setupProvider(entry, 0, ctx).catch((e) => e);
    expect(err.message).toMatch(/field "providers\.0\.appId".*needs "appId"/);
  });
});
