export * from './bootstrap.js';
export * from './describe.js';
export * from './pass-at-k.js';
export * from './random.js';
export * from './wilson.js';
