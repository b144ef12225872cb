// Overall and per-task scores with 95% intervals, as tables and charts.
import { api, type Cell } from '../../api';
import { Loaded } from '../../components/Loaded';
import { ScoreChart } from '../../components/ScoreChart';
import { ci, ms, pct } from '../../format';
import { useI18n } from '../../i18n';
import { useAsync } from '../../useAsync';
import { Table } from '../../components/Table';

export function Overview({ runId, version }: { runId: string; version: string }) {
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
                .map(([k, v]) => `${k} ${v}`)
                .join(' · ')}
            </td>
            <td className="num">{ms(c.latencyMs?.p95)}</td>
          </tr>
        ))}
      </Table>
  );
}
