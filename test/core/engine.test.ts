import { describe } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { engineContract } from './engine-contract.js';

describe('engine (SQLite)', () => engineContract(() => openStore(':memory:')));
