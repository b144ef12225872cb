// Writes each sandbox run to test-artifacts/sandbox/<name>.json as soon as it
// ends, so a hostile-sample run can be inspected even if a later test hangs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../src/sandbox/index.js';

const DIR = path.resolve(process.cwd(), 'test-artifacts/sandbox');

export function record(name: string, result: RunResult): RunResult {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(path.join(DIR, `${name}.json`), JSON.stringify(result, null, 2));
  return result;
}
