// Paired provider comparisons. See docs/compare.md.
export * from './compare.js';
export * from './pairs.js';
export * from './run.js';
