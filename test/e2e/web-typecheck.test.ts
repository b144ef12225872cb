// The web app type-checks with its own settings (DOM, bundler resolution):
// the root `tsc --noEmit` does not cover web/.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { REPO } from './harness.js';

it('web/ passes tsc -p web/tsconfig.json', async () => {
  const tsc = path.join(REPO, 'node_modules/typescript/bin/tsc');
  const run = await promisify(execFile)(process.execPath, [tsc, '-p', 'web/tsconfig.json'], { cwd: REPO }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
  expect(run.out).toBe('');
  expect(run.code).toBe(0);
}, 120_000);
