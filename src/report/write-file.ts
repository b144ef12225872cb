// Reports are written to a temporary file in the target's folder and renamed
// over it, never through a symbolic link: `--out` pointing at a link (to a
// system file, say) is refused instead of overwriting what it points to.
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { InputError } from '../errors.js';

export function writeReportFile(out: string, data: string | Buffer): void {
  let isLink = false;
  try {
    isLink = lstatSync(out).isSymbolicLink();
  } catch {
    // absent: written fresh
  }
  if (isLink) throw new InputError(`${out} is a symbolic link; reports are not written through links`, { field: '--out' }, 'give the path of a regular file (or remove the link)');
  const tmp = path.join(path.dirname(path.resolve(out)), `.${path.basename(out)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // wx: the temporary name must not exist (nor be a link planted in the folder).
    writeFileSync(tmp, data, { flag: 'wx', mode: 0o644 });
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
