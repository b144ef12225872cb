// CLI start-up: the whole command as a user runs it (`node bin/heng.js …`,
// a new process each time), median of several runs. Targets (issue 18):
// --version and --help under 150 ms, `heng runs` under 300 ms. Run after
// `npm run build:cli` (npm ci does it); an edited src/ makes bin/heng.js
// fall back to tsx, and this benchmark says so instead of timing that.
//   npm run bench:startup            # 9 runs each
//   npx tsx bench/startup.bench.ts --runs 21
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 9;
const bin = path.resolve('bin/heng.js');
const db = path.join(mkdtempSync(path.join(tmpdir(), 'heng-startup-')), 'heng.db');

try {
  statSync('dist/node/.stamp');
} catch {
  console.log('dist/node is not built: run `npm run build:cli` first');
  process.exit(1);
}

const cases: Array<{ name: string; argv: string[]; targetMs: number }> = [
  { name: 'heng --version', argv: ['--version'], targetMs: 150 },
  { name: 'heng --help', argv: ['--help'], targetMs: 150 },
  { name: 'heng runs', argv: ['runs', '--db', db], targetMs: 300 },
];

let failed = false;
for (const c of cases) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, [bin, ...c.argv], { stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const ok = median < c.targetMs;
  failed ||= !ok;
  console.log(
    `${c.name.padEnd(16)} median ${median.toFixed(0).padStart(5)} ms  (min ${times[0].toFixed(0)}, max ${times.at(-1)!.toFixed(0)}; ${runs} runs)  ${ok ? 'PASS' : 'FAIL'} < ${c.targetMs} ms`,
  );
}
process.exitCode = failed ? 1 : 0;
