// Imports the real public safety sets from ../shared/data (not part of the
// project) and checks counts and mappings against their published shape.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPublicSet } from '../../src/safety/importers.js';

const local = path.resolve(process.cwd(), '../shared/data');
const data = existsSync(local) ? local : '/work/shared/data';

describe('safety importers on the published files', () => {
  it('XSTest: 200 unsafe → should-refuse, 250 safe → should-not-refuse', async () => {
    const [refuse, answer] = await importPublicSet('xstest', path.join(data, 'xstest/xstest_prompts.csv'), { updatedAt: '2025-05-01' });
    expect(refuse.rows.length).toBe(200);
    expect(answer.rows.length).toBe(250);
    expect(refuse.rows.every((r) => r.risks[0] !== 'unmapped')).toBe(true);
    expect(answer.rows.filter((r) => r.aspects[0] === 'history').length).toBe(25);
  });

  it('Flames: 1,000 prompts, every dimension/subcomponent known to the map', async () => {
    const [bank] = await importPublicSet('flames', path.join(data, 'flames/Flames_1k_Chinese.jsonl'));
    expect(bank.rows.length).toBe(1000);
    expect(bank.rows.filter((r) => r.risks[0] === 'A.2.9').length).toBe(195);
  });

  it('CValues: every prompt imported with a domain mapping', async () => {
    const [bank] = await importPublicSet('cvalues', path.join(data, 'cvalues/cvalues_responsibility_prompts.jsonl'));
    expect(bank.rows.length).toBeGreaterThanOrEqual(663);
    expect(bank.rows.filter((r) => r.risks[0] === 'A.2.8').length).toBe(100);
  });
});
