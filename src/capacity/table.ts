// The terminal table of a sweep: one line per concurrency step, then the knee.
import { ms } from '../report/format.js';
import type { LoadRecord } from './store.js';
import type { LoadStep } from './sweep.js';

const HEAD = ['conc', 'sent', 'ok', 'err%', 'req/s', 'out tok/s', 'p50', 'p95', 'p99', 'ttft p50', 'ttft p95', 'ttft p99', 'tok/s/stream', 'note'];

export function stepRow(s: LoadStep): string[] {
  const note = [s.budgetLimited ? 'rpm budget' : '', s.complete ? '' : 'request budget ran out'].filter(Boolean).join(', ');
  return [
    String(s.concurrency),
    String(s.sent),
    String(s.ok),
    (s.errorRate * 100).toFixed(1),
    s.throughputRps.toFixed(2),
    s.outputTokensPerSecond.toFixed(1),
    ms(s.latencyMs.p50),
    ms(s.latencyMs.p95),
    ms(s.latencyMs.p99),
    ms(s.ttftMs.p50),
    ms(s.ttftMs.p95),
    ms(s.ttftMs.p99),
    s.streamTokensPerSecond === null ? '—' : s.streamTokensPerSecond.toFixed(1),
    note,
  ];
}

export function loadTable(rec: LoadRecord): string {
  const rows = [HEAD, ...rec.steps.map(stepRow)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const knee = rec.knee.concurrency !== null ? `knee: concurrency ${rec.knee.concurrency} (${rec.knee.reason}; ${rec.knee.detail})` : `knee: not found (${rec.knee.reason}; ${rec.knee.detail})`;
  return [
    `load ${rec.id} · ${rec.provider} (${rec.model}) · ${rec.requestsSent} request(s) sent · stopped: ${rec.stop}`,
    line(HEAD),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    knee,
  ].join('\n');
}
