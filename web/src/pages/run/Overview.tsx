// Overall and per-task scores with 95% intervals, as tables and charts.
import { basisText } from '@heng/report/basis';
import { api, type Cell, type RunDetail, type RunSummary } from '../../api';
import { SafetyVerdicts } from './Safety';
import { Loaded } from '../../components/Loaded';
import { ScoreChart } from '../../components/ScoreChart';
import { ci, ms, pct } from '../../format';
import { outcomeLabel, useI18n } from '../../i18n';
import { useAsync } from '../../useAsync';
import { Table } from '../../components/Table';

export function Overview({ runId, version, summary, detail }: { runId: string; version: string; summary: RunSummary['summary']; detail: RunDetail }) {
  // A safety assessment is shown by its rates and verdicts, never as scored answers.
  if (summary?.kind === 'safety')
    return (
      <div className="overview">
        <SafetyVerdicts verdicts={summary.safety ?? []} />
        <Basis summary={summary} />
        <ProviderNotes detail={detail} />
      </div>
    );
  return (
    <>
      <EvaluationOverview runId={runId} version={version} summary={summary} />
      <ProviderNotes detail={detail} />
    </>
  );
}

/**
 * What the run recorded about its providers: prices read over 90 days before
 * the run (the server's one rule) and request values the model's rules sent
 * differently from the run's settings, in the reader's language.
 */
function ProviderNotes({ detail }: { detail: RunDetail }) {
  const { t, lang } = useI18n();
  const zh = lang !== 'en';
  const value = (v: unknown, none: string) => (v === null || v === undefined ? none : JSON.stringify(v));
  const rows = detail.providers.flatMap((p) => [
    ...(p.priceWarning ? [{ key: `${p.id}:price`, provider: p.id, kind: t('stalePrice'), text: zh ? p.priceWarning.zh : p.priceWarning.en }] : []),
    ...p.requestMappings.map((m, i) => ({
      key: `${p.id}:${i}`,
      provider: p.id,
      kind: t('requestChange'),
      text: `${m.field}: ${value(m.from, t('unset'))} → ${value(m.to, t('notSent'))} — ${zh ? (m.reasonZh ?? m.reason) : m.reason}`,
    })),
  ]);
  if (!rows.length) return null;
  return (
    <div className="provider-notes" data-testid="provider-notes">
      <h3>{t('providerNotes')}</h3>
      <Table head={[t('provider'), t('noteKind'), t('noteDetail')]}>
        {rows.map((r) => (
          <tr key={r.key} data-provider={r.provider}>
            <td>{r.provider}</td>
            <td>{r.kind}</td>
            <td>{r.text}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

/** What the headline is, in the reader's language (the same sentence as the report's). */
function Basis({ summary }: { summary: RunSummary['summary'] }) {
  const { lang } = useI18n();
  return summary ? (
    <p className="note" data-testid="basis">
      {basisText(summary.basis, lang === 'en' ? 'en' : 'zh')}
    </p>
  ) : null;
}

function EvaluationOverview({ runId, version, summary }: { runId: string; version: string; summary: RunSummary['summary'] }) {
  const { t } = useI18n();
  const report = useAsync(() => api.report(runId), [runId, version]);
  return (
    <Loaded value={report}>
      {(r) => {
        if (!r.overall.length) return <p>{t('noReport')}</p>;
        const tasks = [...new Set(r.summary.map((c) => c.task!))];
        return (
          <div className="overview">
            <h3>{t('overall')}</h3>
            <ScoreChart title={t('chartTitle')} bars={r.overall.map((c) => ({ label: c.provider, score: c.score, ci95: c.ci95 }))} />
            <CellTable cells={r.overall} testId="overall" />
            <Basis summary={summary} />
            <h3>{t('perTask')}</h3>
            {tasks.map((task) => (
              <div key={task} className="task-block" data-task={task}>
                <h4>
                  {t('task')}: {task}
                </h4>
                <CellTable cells={r.summary.filter((c) => c.task === task)} />
              </div>
            ))}
          </div>
        );
      }}
    </Loaded>
  );
}

function CellTable({ cells, testId }: { cells: Cell[]; testId?: string }) {
  const { t } = useI18n();
  return (
    <Table className="cells" data-testid={testId} head={[t('provider'), t('score'), t('ci95'), t('n'), t('outcomes'), t('latencyP95')]}>
      {cells.map((c) => (
        <tr key={c.provider} data-provider={c.provider}>
          <td>{c.provider}</td>
          <td className="num">{pct(c.score)}</td>
          <td className="num">{ci(c.ci95)}</td>
          <td className="num">{c.n}</td>
          <td className="muted">
            {Object.entries(c.outcomes)
              .filter(([, v]) => v > 0)
              .map(([k, v]) => `${outcomeLabel(t, k)} ${v}`)
              .join(' · ')}
          </td>
          {/* Cached answers have no latency of their own: the figure is of the answers sent in this run only. */}
          <td className="num" data-cached-answers={c.cachedAnswers || undefined}>
            {ms(c.latencyMs?.p95)}
            {c.cachedAnswers ? <span className="muted"> ({t('cachedUntimed', { n: c.cachedAnswers })})</span> : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}
