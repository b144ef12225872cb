// Heng's statistics library: pure, deterministic functions. See docs/stats.md.
export * from './random.js';
export * from './describe.js';
export * from './normal.js';
export * from './binomial.js';
export * from './wilson.js';
export * from './bootstrap.js';
export * from './paired.js';
export * from './battle.js';
export * from './bradley-terry.js';
export * from './elo.js';
export * from './agreement.js';
export * from './winrate.js';
export * from './pass-at-k.js';
export * from './sample-size.js';
