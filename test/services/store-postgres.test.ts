import { describe } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { storeContract } from '../core/store-contract.js';

export const PG_URL = process.env.HENG_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('store (Postgres)', () => {
  storeContract(() => openStore(PG_URL));
});
