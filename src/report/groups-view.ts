// Renderings of the per-group and CircularEval figures (groups.ts) for the
// HTML, Markdown and terminal reports.
import { ci, escapeHtml as e, markdownText as mdText, pct } from './format.js';
import type { BenchmarkGroups, GroupRow } from '../summary/groups.js';
import { messages, type Lang } from './i18n.js';
import type { ReportModel } from './model.js';

type M = (typeof messages)['en'];

const LEVEL: Record<GroupRow['kind'], keyof M> = { subject: 'subjectLevel', group: 'groupLevel', subset: 'subsetLevel', overall: 'overallLevel' };

/** Summary rows first (overall, groups, subsets), then the subjects. */
function ordered(g: BenchmarkGroups): GroupRow[] {
  const rank: Record<GroupRow['kind'], number> = { overall: 0, group: 1, subset: 2, subject: 3 };
  return [...g.rows].sort((a, b) => rank[a.kind] - rank[b.kind] || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0) || (a.provider < b.provider ? -1 : 1));
}

function groupCells(r: GroupRow, t: M): string[] {
  return [String(t[LEVEL[r.kind]]), r.tag, r.provider, String(r.subjects), String(r.n), pct(r.value), ci(r.ci95)];
}

function averagingNote(g: BenchmarkGroups, t: M): string {
  return `${g.averaging === 'micro' ? t.averagingMicro : t.averagingMacro}${g.circular ? ` ${t.circularUnits}` : ''}`;
}

export function hasRollups(m: ReportModel): boolean {
  return Object.keys(m.groups ?? {}).length > 0 || (m.circular ?? []).length > 0;
}

export function groupsHtml(m: ReportModel, lang: Lang): string {
  const t = messages[lang];
  const table = (head: string[], rows: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const parts = Object.entries(m.groups ?? {}).map(
    ([key, g]) =>
      `<h3>${e(key)}</h3><p class="note">${e(averagingNote(g, t))}</p>${table(
        [t.level, t.name, t.provider, t.subjects, 'n', t.score, t.ci95],
        ordered(g).map((r) => groupCells(r, t)),
      )}`,
  );
  if (m.circular?.length)
    parts.push(
      `<h3>${e(t.circularTitle)}</h3>${table(
        [t.task, t.provider, 'n', t.score, t.ci95, t.leftOut, t.perRotation],
        m.circular.map((c) => [c.task, c.provider, String(c.n), pct(c.value), ci(c.ci95), String(c.excluded), pct(c.perRotation)]),
      )}<p class="note">${e(t.circularNote)}</p>`,
    );
  return parts.join('');
}

export function groupsMarkdown(m: ReportModel): string {
  const t = messages.en;
  const table = (head: string[], body: string[][]) =>
    [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map((c) => c.replace(/(?<!\\)\|/g, '\\|')).join(' | ')} |`)].join('\n');
  const out: string[] = [];
  for (const [key, g] of Object.entries(m.groups ?? {}))
    out.push(
      `## ${t.groupsTitle}: ${mdText(key)}`,
      '',
      averagingNote(g, t),
      '',
      table(
        ['level', 'name', 'provider', 'subjects', 'n', 'score', '95% CI'],
        ordered(g).map((r) => groupCells(r, t).map((c, i) => (i === 1 || i === 2 ? mdText(c) : c))),
      ),
      '',
    );
  if (m.circular?.length)
    out.push(
      `## ${t.circularTitle}`,
      '',
      table(
        ['task', 'provider', 'n', 'score', '95% CI', 'left out', 'per rotation'],
        m.circular.map((c) => [mdText(c.task), mdText(c.provider), String(c.n), pct(c.value), ci(c.ci95), String(c.excluded), pct(c.perRotation)]),
      ),
      '',
      t.circularNote,
      '',
    );
  return out.join('\n');
}

/** Terminal: the summary rows only (subjects are in the per-task table). */
export function groupsText(m: ReportModel): string {
  const lines: string[] = [];
  for (const [key, g] of Object.entries(m.groups ?? {})) {
    lines.push('', `${key} (${g.averaging}${g.circular ? ', circular' : ''})`);
    for (const r of ordered(g).filter((x) => x.kind !== 'subject'))
      lines.push(`  ${r.provider}  ${r.kind === 'overall' ? 'overall' : `${r.kind} ${r.tag}`}: ${pct(r.value)} ${ci(r.ci95)} n=${r.n} subjects=${r.subjects}`);
  }
  if (m.circular?.length) {
    lines.push('', 'CircularEval (all rotations correct)');
    for (const c of m.circular) lines.push(`  ${c.provider}  ${c.task}: ${pct(c.value)} ${ci(c.ci95)} n=${c.n} left out=${c.excluded} per rotation=${pct(c.perRotation)}`);
  }
  return lines.join('\n');
}
