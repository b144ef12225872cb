// Checks every import, export-from and import() in src/ and web/src/ against
// the layer rules in ./layers.ts; prints each violation as
// file:line → target (rule) and exits 1. Run by `npm run lint`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES, type Rules } from './layers.js';

export interface Violation {
  file: string;
  line: number;
  target: string;
  rule: string;
}

const IMPORT = /\b(?:from|import)\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Import specifiers with their line; comments are blanked first so prose never counts. */
export function importsOf(text: string): Array<{ spec: string; line: number; dynamic: boolean }> {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, '');
  const out: Array<{ spec: string; line: number; dynamic: boolean }> = [];
  for (const m of code.matchAll(IMPORT)) {
    const line = code.slice(0, m.index).split('\n').length;
    out.push({ spec: m[1] ?? m[2], line, dynamic: m[2] !== undefined });
  }
  return out;
}

/** tsconfig `paths` of web/ (e.g. "@shared/*": ["../src/scorecard/*"]), so aliases resolve like relative paths. */
function aliases(root: string): Array<{ prefix: string; target: string }> {
  const file = path.join(root, 'web/tsconfig.json');
  if (!existsSync(file)) return [];
  const json = JSON.parse(readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } };
  const base = path.join(root, 'web', json.compilerOptions?.baseUrl ?? '.');
  return Object.entries(json.compilerOptions?.paths ?? {}).map(([k, v]) => ({ prefix: k.replace(/\*$/, ''), target: path.join(base, v[0].replace(/\*$/, '')) }));
}

/** Repository-relative path of the imported file, or undefined for a package. */
function resolve(root: string, from: string, spec: string, alias: Array<{ prefix: string; target: string }>): string | undefined {
  let abs: string | undefined;
  if (spec.startsWith('.')) abs = path.resolve(path.dirname(from), spec);
  else {
    const a = alias.find((x) => spec.startsWith(x.prefix));
    if (a) abs = path.join(a.target, spec.slice(a.prefix.length));
  }
  if (!abs) return undefined;
  const rel = path.relative(root, abs).split(path.sep).join('/');
  if (/\.(ts|tsx)$/.test(rel)) return rel;
  if (/\.js$/.test(rel)) return rel.replace(/\.js$/, existsSync(path.join(root, rel.replace(/\.js$/, '.tsx'))) ? '.tsx' : '.ts');
  if (existsSync(path.join(root, `${rel}.tsx`))) return `${rel}.tsx`;
  return existsSync(path.join(root, rel, 'index.ts')) ? `${rel}/index.ts` : `${rel}.ts`;
}

const matches = (file: string, p: string) => (p.endsWith('/') ? file.startsWith(p) : file === p);

/** Index of the file's layer: the most specific matching path wins. */
function layerOf(rules: Rules, file: string): number | undefined {
  let best: { layer: number; len: number } | undefined;
  rules.layers.forEach((l, layer) => {
    for (const p of l.paths) if (matches(file, p) && (!best || p.length > best.len)) best = { layer, len: p.length };
  });
  return best?.layer;
}

export function checkLayers(root: string, rules: Rules = RULES): Violation[] {
  const out: Violation[] = [];
  const alias = aliases(root);
  const files = [...sources(path.join(root, 'src')), ...sources(path.join(root, 'web/src'))];
  for (const abs of files) {
    const file = path.relative(root, abs).split(path.sep).join('/');
    const web = file.startsWith('web/');
    const from = web ? undefined : layerOf(rules, file);
    if (!web && from === undefined) {
      out.push({ file, line: 1, target: file, rule: 'not in any layer: add its folder to scripts/layers.ts' });
      continue;
    }
    for (const imp of importsOf(readFileSync(abs, 'utf8'))) {
      const target = resolve(root, abs, imp.spec, alias);
      if (!target) continue;
      const v = (rule: string) => out.push({ file, line: imp.line, target, rule });
      if (rules.allow.some((a) => a.from === file && a.to === target)) continue;
      if (web) {
        if (!target.startsWith('web/') && !rules.web.includes(target)) v(`web/src may import from src/ only ${rules.web.join(', ')}`);
        else if (target.startsWith('src/') && imp.spec.startsWith('.')) v('web/src names src/ through its path alias (@heng/…, web/tsconfig.json), not a relative path');
        continue;
      }
      if (!target.startsWith('src/')) continue;
      const ban = rules.forbidden.find((f) => matches(file, f.from) && matches(target, f.to));
      if (ban) {
        v(ban.why);
        continue;
      }
      const to = layerOf(rules, target);
      if (to === undefined || from === undefined || to <= from) continue;
      if (imp.dynamic && rules.lazyUp.some((p) => matches(file, p))) continue;
      v(`${rules.layers[from].name} may not import ${rules.layers[to].name} (higher in the layer order)`);
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const found = checkLayers(root);
  for (const x of found) console.error(`${x.file}:${x.line} → ${x.target}: ${x.rule}`);
  if (found.length) {
    console.error(`\n${found.length} import(s) break the layer rules (scripts/layers.ts, docs/design.md).`);
    process.exit(1);
  }
  console.log('layers: ok');
}
