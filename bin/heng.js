#!/usr/bin/env node
// Runs the compiled CLI (dist/node, built at install by `npm run build:cli`)
// when it is at least as new as every file in src/; otherwise, as in a
// checkout being edited, runs the TypeScript sources through tsx, so that an
// edit is never hidden by a stale build.
import { readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const srcDir = new URL('src/', root);

function builtAt() {
  try {
    return statSync(new URL('dist/node/.stamp', root)).mtimeMs;
  } catch {
    return null;
  }
}

function newestSource() {
  let newest = 0;
  for (const entry of readdirSync(srcDir, { recursive: true, withFileTypes: true })) {
    const t = statSync(`${entry.parentPath}/${entry.name}`).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

const stamp = process.env.HENG_FROM_SOURCE ? null : builtAt();
if (stamp !== null && newestSource() <= stamp) {
  await import('../dist/node/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
