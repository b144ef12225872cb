// Each pack is a registry entry with the schema of its fields: a misspelt or
// wrongly typed field is an input error naming file, line and field, before
// any data is read.
import { describe, expect, it } from 'vitest';
import { packRegistry, packs } from '../../src/benchmarks/index.js';
import { InputError } from '../../src/errors.js';

const ctx = { baseDir: process.cwd(), file: 'heng.yaml', line: 7 };

describe('pack schemas', () => {
  it('every pack has an entry with a schema', () => {
    expect(packRegistry.names().sort()).toEqual(Object.keys(packs).sort());
    for (const name of packRegistry.names()) expect(packRegistry.get(name)?.schema).toBeDefined();
  });

  it('names a misspelt field and suggests the right one', async () => {
    const err = await packs.gsm8k({ pack: 'gsm8k', shot: 8 } as never, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/heng\.yaml, line 7, field "shot"/);
    expect(err.message).toMatch(/unknown field "shot"/);
    expect(err.message).toMatch(/did you mean "shots"\?/);
  });

  it('rejects a field of the wrong type', async () => {
    const err = await packs.cmmlu({ pack: 'cmmlu', shots: 'five' } as never, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/heng\.yaml, line 7, field "shots"/);
  });

  it('rejects a field another pack has but this one does not', async () => {
    const err = await packs.humaneval({ pack: 'humaneval', judge: 'j' } as never, ctx).catch((e) => e);
    expect(err.message).toMatch(/unknown field "judge"/);
  });
});
