// The report's judging section: what the LLM judges were asked while this run
// was scored, and what that cost (model.judging, from the attempts table).
import { cny, escapeHtml as e, markdownText as mdText } from './format.js';
import { messages, type Lang } from './i18n.js';
import type { JudgeTotals } from '../store/store.js';

/** Anything with the judging totals of a run: the run report and the safety report. */
type WithJudging = { judging?: JudgeTotals[] };

function rows(m: WithJudging): string[][] {
  return (m.judging ?? []).map((j) => [j.judge, String(j.requests), String(j.cached), String(j.failed), `${j.inputTokens} / ${j.outputTokens}`, cny(j.costCny)]);
}

function head(lang: Lang): string[] {
  const t = messages[lang];
  return [t.judge, t.judgeRequests, t.judgeCached, t.judgeFailed, t.tokensInOut, t.cost];
}

export const hasJudging = (m: WithJudging) => (m.judging ?? []).length > 0;

export function judgingHtml(m: WithJudging, lang: Lang): string {
  const t = messages[lang];
  const cells = (r: string[], tag: 'td' | 'th') => r.map((c) => `<${tag}>${e(c)}</${tag}>`).join('');
  return `<table><thead><tr>${cells(head(lang), 'th')}</tr></thead><tbody>${rows(m)
    .map((r) => `<tr>${cells(r, 'td')}</tr>`)
    .join('')}</tbody></table><p class="note">${e(t.judgingNote)}</p>`;
}

export function judgingMarkdown(m: WithJudging): string {
  if (!hasJudging(m)) return '';
  const t = messages.en;
  const h = head('en');
  const body = rows(m).map(([judge, ...rest]) => `| ${[mdText(judge), ...rest.map((c) => c.replace(/\|/g, '\\|'))].join(' | ')} |`);
  return [`## ${t.judgingTitle}`, '', `| ${h.join(' | ')} |`, `|${h.map(() => '---').join('|')}|`, ...body, '', t.judgingNote, ''].join('\n');
}

export function judgingText(m: WithJudging): string {
  if (!hasJudging(m)) return '';
  const lines = ['', "LLM judge requests (in the run's spend, not in candidates' cost)"];
  for (const j of m.judging ?? []) lines.push(`  ${j.judge}: ${j.requests} sent, ${j.cached} cached, ${j.failed} failed, tokens ${j.inputTokens}/${j.outputTokens}, cost ${cny(j.costCny)}`);
  return lines.join('\n');
}
