// Terminal table, Markdown and CSV renderings of the report model.
import type { StoredResult } from '../store/store.js';
import { basisText } from './basis.js';
import { ci, cny, csvField, markdownText as mdText, pct, timedMs } from './format.js';
import { groupsMarkdown, groupsText } from './groups-view.js';
import { judgingMarkdown, judgingText } from './judging-view.js';
import type { ReportModel } from './model.js';
import type { Lang } from './i18n.js';
import { mappingText } from '../providers/rules.js';

const HEAD = ['provider', 'task', 'n', 'score', '95% CI', 'correct', 'wrong', 'unparseable', 'error', 'filtered', 'truncated', 'missing', 'p95 latency', 'cost'];

function rows(m: ReportModel): string[][] {
  const lat = (s: ReportModel['overall'][number]) => timedMs(s.latencyMs.p95, s.cachedAnswers, '{n} cached, untimed');
  const body = m.summary.map((s) => [s.provider, s.task, String(s.n), pct(s.score), ci(s.ci95), ...counts(s.outcomes), lat(s), cny(s.costCny)]);
  const total = m.overall.map((s) => [s.provider, '(all)', String(s.n), pct(s.score), ci(s.ci95), ...counts(s.outcomes), lat(s), cny(s.costCny)]);
  return [...body, ...total];
}
const counts = (o: ReportModel['summary'][number]['outcomes']) => [o.correct, o.wrong, o.unparseable, o.error, o.content_filtered, o.truncated, o.missing].map(String);

/** The run's provider notes, a line each: prices read too long before the run, request values sent differently. */
export function providerNotes(m: ReportModel, lang: Lang = 'en'): string[] {
  const zh = lang === 'zh';
  const stale = m.providers.filter((p) => p.priceWarning).map((p) => `${zh ? '⚠ 价格过时' : '⚠ stale price'} ${p.id}: ${p.priceWarning![lang]}`);
  const mapped = m.providers.flatMap((p) => p.requestMappings.map((x) => `${zh ? '请求改动' : 'request change'} ${p.id}: ${mappingText(x, lang)}`));
  return [...stale, ...mapped];
}

export function terminalTable(m: ReportModel, lang: Lang = 'en'): string {
  const all = [HEAD, ...rows(m)];
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => width(r[i]))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join('  ');
  return (
    [`run ${m.runId} (${m.status})`, line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows(m).map(line), `(all): ${basisText(m.basis, 'en')}`, ...providerNotes(m, lang)].join('\n') +
    groupsText(m) +
    judgingText(m)
  );
}

export function markdown(m: ReportModel, lang: Lang = 'en'): string {
  const table = (head: string[], body: string[][]) =>
    [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map((c) => c.replace(/(?<!\\)\|/g, '\\|')).join(' | ')} |`)].join('\n');
  return [
    `# Heng evaluation report — ${m.name === undefined || m.name === null ? m.runId : mdText(m.name)}`,
    '',
    `Run \`${m.runId}\`, status **${m.status}**, ${m.completed}/${m.planned} results, Heng ${m.hengVersion}, seed ${m.seed}.`,
    '',
    '## Overall',
    table(
      ['provider', 'n', 'score', '95% CI', 'errors', 'truncated', 'cost', 'cost / correct'],
      m.overall.map((o) => [mdText(o.provider), String(o.n), pct(o.score), ci(o.ci95), String(o.outcomes.error), String(o.outcomes.truncated), cny(o.costCny), cny(o.costPerCorrectCny)]),
    ),
    '',
    basisText(m.basis, 'en'),
    '',
    '## Per task',
    table(
      HEAD,
      // Names come from configs and data sets: escaped, so none turns into HTML, a link or emphasis.
      rows(m)
        .filter((r) => r[1] !== '(all)')
        .map(([provider, task, ...rest]) => [mdText(provider), mdText(task), ...rest]),
    ),
    '',
    ...(providerNotes(m, lang).length ? ['## Provider notes', ...providerNotes(m, lang).map((n) => `- ${mdText(n)}`), ''] : []),
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
