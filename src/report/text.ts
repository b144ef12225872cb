// Terminal table, Markdown and CSV renderings of the report model.
import type { StoredResult } from '../store/store.js';
import { basisText } from './basis.js';
import { ci, cny, csvField, pct, timedMs } from './format.js';
import { groupsMarkdown, groupsText } from './groups-view.js';
import { judgingMarkdown, judgingText } from './judging-view.js';
import type { ReportModel } from './model.js';

const HEAD = ['provider', 'task', 'n', 'score', '95% CI', 'correct', 'wrong', 'unparseable', 'error', 'filtered', 'truncated', 'missing', 'p95 latency', 'cost'];

function rows(m: ReportModel): string[][] {
  const lat = (s: ReportModel['overall'][number]) => timedMs(s.latencyMs.p95, s.cachedAnswers, '{n} cached, untimed');
  const body = m.summary.map((s) => [s.provider, s.task, String(s.n), pct(s.score), ci(s.ci95), ...counts(s.outcomes), lat(s), cny(s.costCny)]);
  const total = m.overall.map((s) => [s.provider, '(all)', String(s.n), pct(s.score), ci(s.ci95), ...counts(s.outcomes), lat(s), cny(s.costCny)]);
  return [...body, ...total];
}
const counts = (o: ReportModel['summary'][number]['outcomes']) => [o.correct, o.wrong, o.unparseable, o.error, o.content_filtered, o.truncated, o.missing].map(String);

export function terminalTable(m: ReportModel): string {
  const all = [HEAD, ...rows(m)];
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => width(r[i]))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join('  ');
  return (
    [`run ${m.runId} (${m.status})`, line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows(m).map(line), `(all): ${basisText(m.basis, 'en')}`].join('\n') + groupsText(m) + judgingText(m)
  );
}

/** Text from a config (the run's name) as literal Markdown: no raw HTML, no links or emphasis. */
export function markdownText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

export function markdown(m: ReportModel): string {
  const table = (head: string[], body: string[][]) =>
    [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');
  return [
    `# Heng evaluation report — ${m.name === undefined || m.name === null ? m.runId : markdownText(m.name)}`,
    '',
    `Run \`${m.runId}\`, status **${m.status}**, ${m.completed}/${m.planned} results, Heng ${m.hengVersion}, seed ${m.seed}.`,
    '',
    '## Overall',
    table(
      ['provider', 'n', 'score', '95% CI', 'errors', 'truncated', 'cost', 'cost / correct'],
      m.overall.map((o) => [o.provider, String(o.n), pct(o.score), ci(o.ci95), String(o.outcomes.error), String(o.outcomes.truncated), cny(o.costCny), cny(o.costPerCorrectCny)]),
    ),
    '',
    basisText(m.basis, 'en'),
    '',
    '## Per task',
    table(
      HEAD,
      rows(m).filter((r) => r[1] !== '(all)'),
    ),
    '',
    groupsMarkdown(m),
    judgingMarkdown(m),
    'Scores count correct, wrong and unparseable answers; provider errors, vendor content-filter blocks, answers cut by the token limit (truncated; unless the task sets scoreTruncated) and missing answers are shown apart and never scored. Intervals: Wilson for pass/fail, seeded bootstrap otherwise; repeated or clustered items resampled whole.',
    '',
  ].join('\n');
}

const CSV_COLUMNS: Array<keyof StoredResult> = [
  'run_id',
  'task_id',
  'item_id',
  'provider_id',
  'repeat',
  'status',
  'outcome',
  'score',
  'extracted',
  'rule',
  'raw_output',
  'finish_reason',
  'latency_ms',
  'ttft_ms',
  'tokens_per_second',
  'input_tokens',
  'output_tokens',
  'reasoning_tokens',
  'cost_cny',
  'error_code',
  'error_message',
  'tries',
  'created_at',
];

/** One row per result. */
export function csv(results: StoredResult[]): string {
  return [CSV_COLUMNS.join(','), ...results.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(','))].join('\n') + '\n';
}
