// Compiles src/ to JavaScript in dist/node/ (one file per module, same
// layout, data files copied beside them) so that `heng` starts without
// transpiling. Plain JavaScript: it runs at install (`prepare`) before
// anything else is built. bin/heng.js uses the build only while no file in
// src/ is newer than the stamp written last, so an edited checkout never
// runs stale code.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
// `--out <dir>` builds elsewhere (the tests build a copy inside the package, so its data files and dist/web resolve).
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(root, 'dist', 'node');

const sources = [];
const assets = [];
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = path.join(entry.parentPath, entry.name);
  if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) sources.push(file);
  else assets.push(file);
}

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: sources,
  outdir: out,
  outbase: src,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const file of assets) {
  const target = path.join(out, path.relative(src, file));
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(file, target);
}
// The stamp is written last: a build that failed half-way leaves none, and bin/heng.js falls back to the sources.
writeFileSync(path.join(out, '.stamp'), `${new Date().toISOString()}\n`);
process.stdout.write(`heng: compiled ${sources.length} modules and ${assets.length} data files to dist/node\n`);
