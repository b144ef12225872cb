// A one-line progress bar on stderr: done/total, rate, ETA, errors, cost.
import type { Progress } from '../engine/run.js';

export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  const tty = stream.isTTY;
  return {
    update(p: Progress, force = false) {
      const now = Date.now();
      if (!force && now - last < (tty ? 100 : 2000)) return;
      last = now;
      const rate = p.elapsedMs > 0 ? (p.done / p.elapsedMs) * 1000 : 0;
      const eta = rate > 0 ? (p.total - p.done) / rate : 0;
      const width = 24;
      const filled = p.total ? Math.round((p.done / p.total) * width) : width;
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}  ${rate.toFixed(1)}/s  ETA ${fmt(eta)}  errors ${p.errors}  ¥${p.costCny.toFixed(4)}`;
      stream.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    },
    end() {
      if (tty) stream.write('\n');
    },
  };
}

function fmt(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${Math.round(s % 60)}s` : `${Math.round(s)}s`;
}

/**
 * Ctrl-C (and SIGTERM) stop long work gracefully: the first signal aborts
 * the returned signal so requests in flight finish and are stored; a second
 * one quits at once. Call `release()` when the work is over.
 */
export function gracefulStop(signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping: finishing requests in flight (Ctrl-C again to quit now)…\n');
    controller.abort();
  };
  for (const s of signals) process.on(s, stop);
  return { signal: controller.signal, release: () => signals.forEach((s) => process.off(s, stop)) };
}
