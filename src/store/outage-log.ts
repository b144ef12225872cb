// "store unavailable, retrying" where a person reads a log (the CLI's
// stderr, the server's and the workers' logs): once when an outage begins,
// at most every `everyMs` while it lasts, and once when the store is back.
import type { Outage, StoreStatus } from './retry.js';

export function reportOutages(status: StoreStatus, write: (line: string) => void, everyMs = 10_000): () => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  const down = (o: Outage) => {
    const now = performance.now();
    if (now - lastAt < everyMs) return;
    lastAt = now;
    const cause = (o.error as Error)?.message ?? String(o.error);
    const limit = Number.isFinite(o.limitMs) ? ` for up to ${Math.round(o.limitMs / 1000)} s` : '';
    const limitZh = Number.isFinite(o.limitMs) ? `（最长 ${Math.round(o.limitMs / 1000)} 秒）` : '';
    write(`store unavailable, retrying${limit}: ${cause} / 存储不可用，正在重试${limitZh}`);
  };
  const up = (ms: number) => {
    lastAt = Number.NEGATIVE_INFINITY;
    write(`store available again after ${(ms / 1000).toFixed(1)} s / 存储已恢复（中断 ${(ms / 1000).toFixed(1)} 秒）`);
  };
  status.on('unavailable', down);
  status.on('available', up);
  return () => {
    status.off('unavailable', down);
    status.off('available', up);
  };
}
