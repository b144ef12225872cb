import { describe } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { storeContract } from '../core/store-contract.js';
import { PG_URL } from './fixtures.js';

describe('store (Postgres)', () => {
  storeContract(() => openStore(PG_URL));
});
