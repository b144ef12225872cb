// Asks the server once the user pauses, and never lets a slow early answer
// overwrite a later one: replies can arrive out of order when an early
// request is slow (a cold cache on the server) and a later one fast.

export interface DebouncedLatest<K> {
  /** Ask for `key` once `delayMs` pass without another ask. */
  ask(key: K): void;
  /** Drop the pending ask and ignore every reply still to come (unmount). */
  stop(): void;
}

export function debouncedLatest<K, T>(o: { delayMs: number; load: (key: K) => Promise<T>; onAnswer: (key: K, value: T) => void; onError: (key: K, error: Error) => void }): DebouncedLatest<K> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sent = 0;
  /** The newest request whose outcome was passed on; older replies are dropped. */
  let shown = 0;
  let stopped = false;
  const settle = (seq: number, pass: () => void) => {
    if (stopped || seq <= shown) return;
    shown = seq;
    pass();
  };
  return {
    ask(key) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const seq = ++sent;
        o.load(key).then(
          (value) => settle(seq, () => o.onAnswer(key, value)),
          (error: Error) => settle(seq, () => o.onError(key, error)),
        );
      }, o.delayMs);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
