// The server and the CLI reach the database only through the Store and the
// features' repositories (Accounts, AuditLog, ServerProviders, ResultsQuery,
// ArenaRecords, SafetyRecords, LoadSweeps, TaskRuns, …): no raw Kysely
// handle, no query builder. A new raw query here fails with its place.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RAW = /\bstore\.db\b|\.db\.|\b(selectFrom|insertInto|updateTable|deleteFrom|selectNoFrom)\(|from 'kysely'|\bsql`/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function rawQueries(dirs: string[]): string[] {
  return dirs.flatMap((d) =>
    files(path.join(REPO, d)).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (RAW.test(line) ? [`${path.relative(REPO, f)}:${i + 1}: ${line.trim()}`] : [])),
    ),
  );
}

it('src/server and src/cli hold no raw database queries', () => {
  expect(rawQueries(['src/server', 'src/cli'])).toEqual([]);
});

it('the check finds a raw query where there is one', () => {
  // The features' own repositories do query: the pattern must see them.
  const found = rawQueries(['src/auth']);
  expect(found.some((l) => l.startsWith('src/auth/accounts.ts:') && l.includes("selectFrom('users')"))).toBe(true);
});
