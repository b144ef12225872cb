// Options and helpers shared by CLI commands.
import { Option } from 'commander';
import { InputError } from '../errors.js';
import { openStore } from '../store/open.js';
import { reportOutages } from '../store/outage-log.js';
import type { Store } from '../store/store.js';

export const dbOption = () => new Option('--db <url>', 'SQLite file or postgres:// URL (default: $HENG_DB or .heng/heng.db)');

export async function withStore<T>(db: string | undefined, fn: (store: Store) => Promise<T>, o: { reportsOutages?: boolean } = {}): Promise<T> {
  const store = await openStore(db);
  // A Postgres restart is waited out (src/store/postgres.ts); say so instead of hanging silently (unless the command's own log does).
  if (!o.reportsOutages) reportOutages(store.status, (line) => process.stderr.write(`\n${line}\n`));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new InputError(`${name} must be a positive integer, got "${v}"`, { field: name });
    return n;
  };
}

export function positiveNumber(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new InputError(`${name} must be a positive number, got "${v}"`, { field: name });
    return n;
  };
}

export function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
