import { describe } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { engineContract } from './engine-contract.js';
import { testDb } from '../helpers/test-db.js';

describe('engine (SQLite)', () => engineContract(async () => openStore(await testDb())));
