import { useEffect, useState } from 'react';

export type Async<T> = { state: 'loading' } | { state: 'error'; error: Error } | { state: 'ok'; data: T };

/** Runs `load` whenever `deps` change; ignores answers that arrive after a newer request. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [value, setValue] = useState<Async<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setValue({ state: 'loading' });
    load().then(
      (data) => current && setValue({ state: 'ok', data }),
      (error: Error) => current && setValue({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
