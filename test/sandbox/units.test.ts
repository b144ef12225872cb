// The sandbox's pure parts: status mapping, output cap, slot pool, settings.
import { describe, expect, it } from 'vitest';
import { BoundedOutput } from '../../src/sandbox/bounded-output.js';
import { classifyEnding, endingReason, signalName } from '../../src/sandbox/classify.js';
import { hiddenPaths, resolvePython, resolveSettings } from '../../src/sandbox/settings.js';
import { SlotPool } from '../../src/sandbox/slot-pool.js';

const base = { timedOut: false, setupFailed: false, exitCode: null, signal: null, stderr: '' };

describe('classifyEnding', () => {
  it('maps exits, signals, timeouts and set-up failures', () => {
    expect(classifyEnding({ ...base, exitCode: 0 })).toBe('passed');
    expect(classifyEnding({ ...base, exitCode: 1, stderr: 'Traceback\nAssertionError\n' })).toBe('failed');
    expect(classifyEnding({ ...base, exitCode: 1, stderr: 'Traceback\n  x = [0] * 10**10\nMemoryError\n\n' })).toBe('oom');
    expect(classifyEnding({ ...base, signal: 'SIGSEGV' })).toBe('crashed');
    expect(classifyEnding({ ...base, signal: 'SIGXCPU' })).toBe('timeout');
    expect(classifyEnding({ ...base, timedOut: true, exitCode: 0 })).toBe('timeout');
    expect(classifyEnding({ ...base, setupFailed: true, timedOut: true })).toBe('sandbox_error');
  });

  it('with the finish mark, passes only a finished program and says why the others failed', () => {
    expect(classifyEnding({ ...base, exitCode: 0, finished: false })).toBe('failed');
    expect(endingReason({ ...base, exitCode: 0, finished: false }, 3000)).toMatch(/^ended before its last line: exit status 0 without the finish mark/);
    expect(classifyEnding({ ...base, exitCode: 1, finished: true })).toBe('passed');
    expect(classifyEnding({ ...base, timedOut: true, finished: true })).toBe('passed');
    expect(classifyEnding({ ...base, timedOut: true, finished: false })).toBe('timeout');
    expect(endingReason({ ...base, timedOut: true, finished: false }, 3000)).toBe('ended before its last line: timed out after 3000 ms');
    expect(endingReason({ ...base, signal: 'SIGTERM', finished: false }, 3000)).toBe('ended before its last line: killed by SIGTERM');
    expect(endingReason({ ...base, exitCode: 1, stderr: 'Traceback\nAssertionError\n', finished: false }, 3000)).toBe('ended before its last line: exit status 1: AssertionError');
    expect(classifyEnding({ ...base, setupFailed: true, finished: true })).toBe('sandbox_error');
  });

  it('names signals', () => {
    expect(signalName(9)).toBe('SIGKILL');
    expect(signalName(11)).toBe('SIGSEGV');
    expect(signalName(200)).toBe('SIG200');
  });
});

describe('BoundedOutput', () => {
  it('keeps the first maxBytes and flags the cut', () => {
    const out = new BoundedOutput(5);
    out.push(Buffer.from('abc'));
    expect(out.truncated).toBe(false);
    out.push(Buffer.from('defg'));
    out.push(Buffer.from('h'));
    expect(out.text()).toBe('abcde');
    expect(out.truncated).toBe(true);
  });
});

describe('SlotPool', () => {
  it('never hands one slot to two holders and queues the rest', async () => {
    const pool = new SlotPool(2);
    const holding = new Set<number>();
    let most = 0;
    const jobs = Array.from({ length: 5 }, () =>
      pool.use(async (slot) => {
        expect(holding.has(slot)).toBe(false);
        holding.add(slot);
        most = Math.max(most, holding.size);
        for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
        holding.delete(slot);
        return slot;
      }),
    );
    const slots = await Promise.all(jobs);
    expect(most).toBe(2);
    expect(new Set(slots)).toEqual(new Set([0, 1]));
  });

  it('rejects a size below one', () => {
    expect(() => new SlotPool(0)).toThrow(RangeError);
  });
});

describe('settings', () => {
  it('fills defaults and rejects nonsense limits', () => {
    const s = resolveSettings({ timeoutMs: 3000 });
    expect(s).toMatchObject({ timeoutMs: 3000, memoryMb: 1024, maxProcesses: 32, uidBase: 60_100, allowUnsandboxed: false });
    expect(() => resolveSettings({ memoryMb: 0 })).toThrow(/memoryMb/);
    expect(() => resolveSettings({ timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
  });

  it('prefers an absolute python and otherwise a system interpreter', () => {
    expect(resolvePython('/opt/py/bin/python3')).toBe('/opt/py/bin/python3');
    expect(resolvePython()).toMatch(/^\//);
  });

  it('hides homes and the project, never / or the sandbox workdir', () => {
    const hidden = hiddenPaths(['/', '/tmp', '/tmp/x', process.cwd()]);
    expect(hidden).toContain('/root');
    // A checkout under /tmp is covered by the sample's own fresh /tmp tmpfs instead.
    if (process.cwd().startsWith('/tmp/')) expect(hidden).not.toContain(process.cwd());
    else expect(hidden).toContain(process.cwd());
    expect(hidden).not.toContain('/');
    expect(hidden.some((p) => p === '/tmp' || p.startsWith('/tmp/'))).toBe(false);
  });
});

describe('uid leases', () => {
  it('hands out the lowest free uid and never one in use', async () => {
    const { leaseUid, releaseUid } = await import('../../src/sandbox/uid-lease.js');
    const a = leaseUid(70_000);
    const b = leaseUid(70_000);
    expect([a, b]).toEqual([70_000, 70_001]);
    releaseUid(a);
    expect(leaseUid(70_000)).toBe(70_000);
    expect(leaseUid(70_000)).toBe(70_002);
  });
});
