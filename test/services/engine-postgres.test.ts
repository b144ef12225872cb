import { describe } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { engineContract } from '../core/engine-contract.js';
import { PG_URL } from './fixtures.js';

describe('engine (Postgres)', () => engineContract(() => openStore(PG_URL)));
