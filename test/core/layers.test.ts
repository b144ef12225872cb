// The layer checker (scripts/check-layers.ts) on small trees written here,
// and on the repository itself.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayers, importsOf } from '../../scripts/check-layers.js';
import type { Rules } from '../../scripts/layers.js';

const rules: Rules = {
  layers: [
    { name: 'low', paths: ['src/low/', 'src/mid/leaf.ts'] },
    { name: 'mid', paths: ['src/mid/'] },
    { name: 'top', paths: ['src/top/'] },
  ],
  forbidden: [{ from: 'src/mid/', to: 'src/low/secret.ts', why: 'mid reaches secret only through the registry' }],
  lazyUp: ['src/low/registry/'],
  web: ['src/low/pure.ts'],
  allow: [],
};

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'heng-layers-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), text);
  }
  return root;
}

describe('check-layers', () => {
  it('passes a tree whose imports go down, to peers, to leaf files, and lazily up from the registry', () => {
    const root = tree({
      'src/low/a.ts': "import { x } from './b.js';\n",
      'src/low/b.ts': "// import { y } from '../top/t.js' in a comment does not count\nexport const x = 1;\n",
      'src/low/pure.ts': 'export const p = 1;\n',
      'src/low/secret.ts': 'export const s = 1;\n',
      'src/low/registry/r.ts': "export const load = () => import('../../top/t.js');\n",
      'src/mid/leaf.ts': 'export const leaf = 1;\n',
      'src/mid/m.ts': "import { x } from '../low/a.js';\nexport { leaf } from './leaf.js';\n",
      'src/top/t.ts': "import type { leaf } from '../mid/leaf.js';\nimport '../low/a.js';\n",
      'web/tsconfig.json': '{\n  "compilerOptions": {\n    // shared modules\n    "paths": { "@heng/*": ["../src/*"] }\n  }\n}\n',
      'web/src/App.tsx': "import { p } from '@heng/low/pure';\nimport { h } from './h';\n",
      'web/src/h.ts': 'export const h = 1;\n',
    });
    expect(checkLayers(root, rules)).toEqual([]);
  });

  it('reports every upward, forbidden, unplaced and web import with file, line, target and rule', () => {
    const root = tree({
      'src/low/a.ts': "import { x } from '../low/b.js';\n\nimport {\n  t,\n} from '../top/t.js';\n",
      'src/low/b.ts': "export const x = () => import('../mid/m.js');\n",
      'src/low/secret.ts': 'export const s = 1;\n',
      'src/mid/leaf.ts': "export * from '../mid/m.js';\n",
      'src/mid/m.ts': "import { s } from '../low/secret.js';\n",
      'src/top/t.ts': 'export const t = 1;\n',
      'src/stray/s.ts': 'export const s = 1;\n',
      'web/src/App.tsx': "import { t } from '../../src/top/t';\nimport type { p } from '../../src/low/pure.js';\n",
    });
    const found = checkLayers(root, rules).map((v) => `${v.file}:${v.line} → ${v.target}: ${v.rule}`);
    expect(found.sort()).toEqual(
      [
        'src/low/a.ts:5 → src/top/t.ts: low may not import top (higher in the layer order)',
        'src/low/b.ts:1 → src/mid/m.ts: low may not import mid (higher in the layer order)',
        'src/mid/leaf.ts:1 → src/mid/m.ts: low may not import mid (higher in the layer order)',
        'src/mid/m.ts:1 → src/low/secret.ts: mid reaches secret only through the registry',
        'src/stray/s.ts:1 → src/stray/s.ts: not in any layer: add its folder to scripts/layers.ts',
        'web/src/App.tsx:1 → src/top/t.ts: web/src may import from src/ only src/low/pure.ts',
        'web/src/App.tsx:2 → src/low/pure.ts: web/src names src/ through its path alias (@heng/…, web/tsconfig.json), not a relative path',
      ].sort(),
    );
  });

  it('reads static, type-only, side-effect, re-export and dynamic imports', () => {
    const text = "import a from 'a';\nimport type { B } from './b.js';\nimport './c.js';\nexport { d } from './d.js';\nconst e = await import('./e.js');\n";
    expect(importsOf(text).map((i) => [i.spec, i.line, i.dynamic])).toEqual([
      ['a', 1, false],
      ['./b.js', 2, false],
      ['./c.js', 3, false],
      ['./d.js', 4, false],
      ['./e.js', 5, true],
    ]);
  });

  it('holds for this repository', () => {
    expect(checkLayers(path.resolve(import.meta.dirname, '../..'))).toEqual([]);
  });
});
