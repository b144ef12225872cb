// The scorecard page's request discipline (web/src/debouncedLatest.ts): one
// request once the sliders rest, and a reply that comes back after a newer
// one never replaces it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debouncedLatest } from '../../web/src/debouncedLatest.js';

/** A load whose replies the test releases by hand, in any order. */
function manualLoad() {
  const pending = new Map<string, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  const asked: string[] = [];
  const load = (key: string) =>
    new Promise<string>((resolve, reject) => {
      asked.push(key);
      pending.set(key, { resolve, reject });
    });
  return { load, asked, reply: (key: string) => pending.get(key)!.resolve(`answer ${key}`), fail: (key: string) => pending.get(key)!.reject(new Error(`failed ${key}`)) };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('debouncedLatest', () => {
  it('asks once, for the last key, after the quiet time', async () => {
    const m = manualLoad();
    const shown: string[] = [];
    const d = debouncedLatest({ delayMs: 300, load: m.load, onAnswer: (_k, v) => shown.push(v), onError: () => {} });
    d.ask('a');
    await vi.advanceTimersByTimeAsync(200);
    d.ask('b');
    await vi.advanceTimersByTimeAsync(200);
    d.ask('c');
    await vi.advanceTimersByTimeAsync(299);
    expect(m.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(m.asked).toEqual(['c']);
    m.reply('c');
    await flush();
    expect(shown).toEqual(['answer c']);
  });

  it('drops a reply that arrives after the reply to a newer request', async () => {
    const m = manualLoad();
    const shown: string[] = [];
    const errors: string[] = [];
    const d = debouncedLatest({ delayMs: 300, load: m.load, onAnswer: (k, v) => shown.push(`${k}: ${v}`), onError: (_k, e) => errors.push(e.message) });
    d.ask('slow');
    await vi.advanceTimersByTimeAsync(300);
    d.ask('fast');
    await vi.advanceTimersByTimeAsync(300);
    expect(m.asked).toEqual(['slow', 'fast']);
    m.reply('fast');
    await flush();
    m.reply('slow');
    await flush();
    expect(shown).toEqual(['fast: answer fast']);

    // A late failure of an older request is dropped too; a newer one's failure is passed on.
    d.ask('x');
    await vi.advanceTimersByTimeAsync(300);
    d.ask('y');
    await vi.advanceTimersByTimeAsync(300);
    m.fail('y');
    await flush();
    m.fail('x');
    await flush();
    expect(errors).toEqual(['failed y']);
  });

  it('passes on an older reply while it is still the newest one in', async () => {
    const m = manualLoad();
    const shown: string[] = [];
    const d = debouncedLatest({ delayMs: 300, load: m.load, onAnswer: (k) => shown.push(k), onError: () => {} });
    d.ask('first');
    await vi.advanceTimersByTimeAsync(300);
    d.ask('second');
    await vi.advanceTimersByTimeAsync(300);
    m.reply('first');
    await flush();
    m.reply('second');
    await flush();
    expect(shown).toEqual(['first', 'second']);
  });

  it('asks nothing and passes nothing on once stopped', async () => {
    const m = manualLoad();
    const shown: string[] = [];
    const d = debouncedLatest({ delayMs: 300, load: m.load, onAnswer: (k) => shown.push(k), onError: () => {} });
    d.ask('in flight');
    await vi.advanceTimersByTimeAsync(300);
    d.ask('pending');
    d.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(m.asked).toEqual(['in flight']);
    m.reply('in flight');
    await flush();
    expect(shown).toEqual([]);
  });
});
