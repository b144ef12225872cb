// The store-columns check (scripts/check-store-columns.ts): no feature names a
// JSON column of a run table; on small trees written here and on the repository.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStoreColumns, columnUses, runJsonColumns } from '../../scripts/check-store-columns.js';

const schema = readFileSync('src/store/schema.ts', 'utf8');

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'heng-columns-'));
  for (const [f, text] of Object.entries({ 'src/store/schema.ts': schema, ...files })) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), text);
  }
  return root;
}

describe('store columns', () => {
  it('reads the JSON columns of the run tables from the schema, not those of feature tables', () => {
    const cols = runJsonColumns(schema);
    for (const c of ['options_json', 'summary_json', 'config_json', 'price_json', 'request_mappings_json', 'tags_json', 'fields_json', 'target_json', 'scores_json', 'turns_json', 'response_json'])
      expect(cols).toContain(c);
    // Feature tables keep theirs: arena votes, safety judgments, audit log, server providers.
    for (const c of ['detail_json', 'judgment_json', 'details_json', 'entry_json', 'meta_json']) expect(cols).not.toContain(c);
  });

  it('finds a column named in code outside src/store, with its line; prose and src/store do not count', () => {
    const root = tree({
      'src/server/views.ts': '// scores_json is decoded by the store\nexport const f = (r: { turns_json: string }) =>\n  JSON.parse(r.turns_json);\n',
      'src/arena/store.ts': "const q = db.selectFrom('items').select(['fields_json']);\n",
      'web/src/page.tsx': '/* target_json */ export const x = 1;\n',
      'src/store/records.ts': 'export const y = (r: { scores_json: string }) => r.scores_json;\n',
      'src/capacity/store.ts': 'const o = row.options_json; const s = row.summary_json;\n',
    });
    const found = checkStoreColumns(root).map((u) => `${u.file}:${u.line}:${u.column}`);
    expect(found.sort()).toEqual(['src/arena/store.ts:1:fields_json', 'src/capacity/store.ts:1:summary_json', 'src/server/views.ts:2:turns_json', 'src/server/views.ts:3:turns_json']);
  });

  it('matches whole names only', () => {
    expect(columnUses('f.ts', 'const my_scores_json_x = 1; const scores_json2 = 2;', ['scores_json'])).toEqual([]);
    expect(columnUses('f.ts', "x['scores_json']", ['scores_json'])).toHaveLength(1);
  });

  it('the repository has none', () => {
    expect(checkStoreColumns(path.resolve('.'))).toEqual([]);
  });
});
