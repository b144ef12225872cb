// The scorecard in the terminal: criteria, ranking with intervals and
// groups, exclusions with reasons, costs, and the sensitivity summary.
import { ci, cny, ms, pct } from '../report/format.js';
import { conclusionLines, failureText } from '../report/conclusion.js';
import type { Procurement } from './procurement.js';

export function scorecardText(p: Procurement, runId: string): string {
  const s = p.scorecard;
  const lines: string[] = [`scorecard of run ${runId}`, ''];
  // The conclusion first, as page 1 of the report states it.
  for (const l of conclusionLines(p, 'en')) if (l.kind !== 'excluded') lines.push(l.kind === 'headline' ? l.text : `  ${l.text}`);
  lines.push('');
  lines.push('criteria (weight → share):');
  for (const c of s.criteria.filter((c) => c.weight > 0))
    lines.push(`  ${c.key.padEnd(32)} ${String(+c.weight.toFixed(3)).padStart(6)}  ${c.assessed ? pct(c.share).padStart(6) : `  —    ${c.reason ?? 'not assessed'}`}`);
  lines.push('', 'ranking (groups: 95% intervals overlap = not separable):');
  const rows = [['rank', 'group', 'provider', 'score', '95% CI', 'sep.', 'safety', 'cost/1k conv', 'monthly']];
  for (const r of s.rows) {
    const c = p.costs.find((x) => x.provider === r.provider);
    rows.push([
      r.rank === null ? 'out' : String(r.rank),
      r.group === null ? '—' : String(r.group),
      r.provider,
      r.eligible ? pct(r.score) : '—',
      r.eligible ? ci(r.ci95) : '—',
      r.separableFromNext === null ? '—' : r.separableFromNext ? 'yes' : 'no',
      p.safety.find((a) => a.provider === r.provider)?.verdict ?? 'not assessed',
      cny(c?.costPer1000ConversationsCny ?? null),
      c?.monthly ? cny(c.monthly.costCny) : '—',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) lines.push(`  ${r.map((x, i) => x.padEnd(widths[i])).join('  ')}`.trimEnd());
  for (const r of s.rows.filter((r) => !r.eligible))
    lines.push(
      `  ${r.provider} excluded: ${r.failures.map((f) => (f.requirement === 'safety' ? failureText(f, p, r.provider, 'en') : `${f.requirement} is ${f.actual}, required ${f.required}`)).join('; ')}`,
    );
  // Cached answers have no latency of their own: say so wherever a latency is compared.
  const cached = Object.entries(p.cachedAnswers).filter(([, n]) => n > 0);
  if (cached.length)
    lines.push(
      '',
      `latency: ${cached.map(([provider, n]) => `${provider} ${n} cached, untimed`).join('; ')} (latency comes only from answers sent in this run${p.latency ? '' : '; none was timed, so latency is not assessed'})`,
    );
  if (p.workload)
    for (const c of p.costs)
      if (c.monthly) lines.push(`  ${c.provider}: peak ${c.monthly.peakRequestsPerSecond.toFixed(2)} req/s × mean ${ms(c.meanLatencyMs)} → concurrency ${c.monthly.peakConcurrency ?? 'unknown'}`);
  const sens = p.sensitivity;
  lines.push('', `sensitivity (each weight ×0.5 and ×1.5): base ${sens.base.join(' > ') || '—'}`);
  const changed = sens.cases.filter((c) => c.changed);
  if (!sens.cases.length) lines.push('  no weight has a say');
  else if (!changed.length) lines.push(`  the ranking holds in all ${sens.cases.length} cases`);
  else for (const c of changed) lines.push(`  ${c.weight} ×${c.factor}: ${c.ranking.join(' > ')}${c.topChanged ? '  (new leader)' : ''}`);
  return `${lines.join('\n')}\n`;
}
