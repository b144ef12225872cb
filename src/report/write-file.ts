// Every file Heng writes where a person or a config named the path (report
// --out, exports, bank and answer files, the task library, data sets, the
// server's secrets file) goes through writeOutputFile: the data is written to
// a new temporary file in the target's folder and renamed over it, never
// through a symbolic link. A target that is a link (to a system file, say) is
// refused instead of overwriting what it points to, and the temporary name
// is created exclusively, so a link planted there is not followed either.
// test/core/write-file.test.ts checks that no other module of src/ writes a file.
import { chmodSync, lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { InputError } from '../errors.js';

export interface WriteOptions {
  /** File mode (default 0644; 0600 for secrets). */
  mode?: number;
  /** The option or field that named the path, for the error (default --out). */
  field?: string;
}

export function writeOutputFile(out: string, data: string | Buffer, o: WriteOptions = {}): void {
  let isLink = false;
  try {
    isLink = lstatSync(out).isSymbolicLink();
  } catch {
    // absent: written fresh
  }
  if (isLink) throw new InputError(`${out} is a symbolic link; Heng never writes a file through a link`, { field: o.field ?? '--out' }, 'give the path of a regular file (or remove the link)');
  const mode = o.mode ?? 0o644;
  const tmp = path.join(path.dirname(path.resolve(out)), `.${path.basename(out)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // wx: the temporary name must not exist (nor be a link planted in the folder).
    writeFileSync(tmp, data, { flag: 'wx', mode });
    chmodSync(tmp, mode);
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The report name for the same helper (report --out, safety report --out). */
export const writeReportFile = writeOutputFile;
