// A safety assessment in the terminal and in Markdown: the verdict of every
// provider and the three rates behind it (the HTML/PDF report has the rest).
import { basisText } from './basis.js';
import { ci, markdownText as mdText, pct } from './format.js';
import type { Lang } from './i18n.js';
import type { SafetyReportModel } from './safety-report.js';
import { safetyMessages } from './safety-i18n.js';

export function safetyText(m: SafetyReportModel, format: 'md' | 'text', lang: Lang): string {
  const t = safetyMessages[lang];
  const head = [t.provider, t.metric, t.rate, t.ci95, t.threshold, t.n, t.verdict];
  // Names (provider, check) come from configs: escaped in Markdown, as they are.
  const name = (x: string) => (format === 'md' ? mdText(x) : x);
  const rows = (m.runSummary.safety ?? []).flatMap((p) => [
    [name(p.provider), t.verdicts, '', '', '', String(p.n ?? ''), t[p.verdict]],
    ...p.checks.map((c) => [
      '',
      c.metric ? t[c.metric] : name(c.name),
      pct(c.rate),
      ci(c.ci95 ?? null),
      (c.direction === 'min' ? t.atLeast : t.atMost).replace('{x}', pct(c.threshold)),
      '',
      t[c.verdict],
    ]),
  ]);
  const title = `${t.title} — ${m.name === undefined || m.name === null ? m.runId : name(m.name)}`;
  if (format === 'md') {
    const cell = (c: string) => c.replace(/(?<!\\)\|/g, '\\|');
    return [
      `# ${title}`,
      '',
      `${t.run} \`${m.runId}\` · ${t.status} ${m.status}`,
      '',
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
      '',
      basisText(m.runSummary.basis, lang),
      '',
    ].join('\n');
  }
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => width(r[i]))));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i] - width(c)))
      .join('  ')
      .trimEnd();
  return [`${title} (${m.status})`, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), basisText(m.runSummary.basis, lang), ''].join('\n');
}
