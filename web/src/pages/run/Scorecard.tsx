// Weight sliders over the run's criteria (dimensions, else tasks); the
// ranking is recomputed on every move (../../scorecard.ts).
import { useMemo, useState } from 'react';
import { api, type ReportJson } from '../../api';
import { Loaded } from '../../components/Loaded';
import { ci, pct } from '../../format';
import { useI18n } from '../../i18n';
import { rankProviders, type Criterion } from '../../scorecard';
import { useAsync } from '../../useAsync';

export function Scorecard({ runId, version }: { runId: string; version: string }) {
  const report = useAsync(() => api.report(runId), [runId, version]);
  return <Loaded value={report}>{(r) => <Weights report={r} />}</Loaded>;
}

function criteriaOf(r: ReportJson): Criterion[] {
  const dims = r.byDimension.filter((c) => c.dimension);
  if (dims.length) return dims.map((c) => ({ provider: c.provider, key: c.dimension!, score: c.score, ci95: c.ci95 }));
  return r.summary.map((c) => ({ provider: c.provider, key: c.task!, score: c.score, ci95: c.ci95 }));
}

function Weights({ report }: { report: ReportJson }) {
  const { t } = useI18n();
  const cells = useMemo(() => criteriaOf(report), [report]);
  const keys = useMemo(() => [...new Set(cells.map((c) => c.key))], [cells]);
  const [weights, setWeights] = useState<Record<string, number>>(() => Object.fromEntries(keys.map((k) => [k, 1])));
  const ranking = rankProviders(cells, weights);
  if (!cells.length) return <p>{t('noReport')}</p>;
  return (
    <div className="scorecard">
      <p className="muted">{t('scorecardHint')}</p>
      <div className="sliders">
        {keys.map((k) => (
          <label key={k} className="slider">
            <span>{k}</span>
            <input type="range" min={0} max={10} step={1} value={weights[k] ?? 1} data-criterion={k} onChange={(e) => setWeights({ ...weights, [k]: Number(e.target.value) })} />
            <output>{weights[k] ?? 1}</output>
          </label>
        ))}
      </div>
      <table className="ranking" data-testid="ranking">
        <thead>
          <tr>
            <th>{t('rank')}</th>
            <th>{t('provider')}</th>
            <th>{t('weightedScore')}</th>
            <th>{t('ci95')}</th>
          </tr>
        </thead>
        <tbody>
          {ranking.map((r) => (
            <tr key={r.provider} data-provider={r.provider}>
              <td className="num">{r.rank}</td>
              <td>{r.provider}</td>
              <td className="num">{pct(r.score)}</td>
              <td className="num">{ci(r.low === null || r.high === null ? null : [r.low, r.high])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
