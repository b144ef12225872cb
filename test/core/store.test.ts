import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { storeContract } from './store-contract.js';
import { testDb } from '../helpers/test-db.js';

describe('store (SQLite)', () => {
  storeContract(async () => openStore(await testDb()));
  it('creates the database file and its folder', async () => {
    const { mkdtempSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/heng-store-`);
    const store = await openStore(`${dir}/nested/heng.db`);
    await store.close();
    expect(existsSync(`${dir}/nested/heng.db`)).toBe(true);
  });
});
