// The SQLite file holds password hashes: it and its WAL/SHM are 0600 from the start.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';

const mode = (f: string) => statSync(f).mode & 0o777;

describe('database file modes', () => {
  it('creates .heng/heng.db, its -wal and -shm with mode 0600 and the folder 0700, whatever the umask', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-modes-'));
    const file = path.join(dir, '.heng', 'heng.db');
    const before = process.umask(0o022);
    try {
      const store = await openStore(`sqlite:${file}`);
      await store.listRuns(1);
      expect(mode(path.dirname(file))).toBe(0o700);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600);
      await store.close();
    } finally {
      process.umask(before);
    }
  });

  it('narrows an existing world-readable database to 0600', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'heng-modes-'));
    const file = path.join(dir, 'old.db');
    writeFileSync(file, '', { mode: 0o644 });
    const store = await openStore(`sqlite:${file}`);
    expect(mode(file)).toBe(0o600);
    await store.close();
  });
});
