// Weight sliders over quality (per dimension), safety, latency and cost; the
// ranking is recomputed on every move by the platform's computeScorecard
// (../../scorecardInputs.ts). Excluded providers are listed with the hard
// requirement they miss.
import { useMemo, useState } from 'react';
import { api } from '../../api';
import { Loaded } from '../../components/Loaded';
import { ci, pct } from '../../format';
import { useI18n, type Key } from '../../i18n';
import { initialSliders, liveScorecard, type ProcurementJson } from '../../scorecardInputs';
import { useAsync } from '../../useAsync';

export function Scorecard({ runId, version }: { runId: string; version: string }) {
  const { t } = useI18n();
  const report = useAsync(() => api.report(runId), [runId, version]);
  return (
    <Loaded value={report}>
      {(r) => {
        const p = (r as { procurement?: ProcurementJson }).procurement;
        return p && p.scorecard.rows.length ? <Weights p={p} /> : <p>{t('noReport')}</p>;
      }}
    </Loaded>
  );
}

const LABELS: Record<string, Key> = { safety: 'criterionSafety', latency: 'criterionLatency', cost: 'criterionCost' };

function Weights({ p }: { p: ProcurementJson }) {
  const { t } = useI18n();
  const initial = useMemo(() => initialSliders(p), [p]);
  const [sliders, setSliders] = useState(initial);
  const card = useMemo(() => liveScorecard(p, sliders), [p, sliders]);
  const max = Math.max(2, ...Object.values(initial).map((w) => 2 * w));
  const label = (key: string) => (key.startsWith('quality:') ? `${t('criterionQuality')} · ${key.slice(8)}` : t(LABELS[key]));
  return (
    <div className="scorecard">
      <p className="muted">{t('scorecardHint')}</p>
      <div className="sliders">
        {Object.keys(initial).map((k) => {
          const c = card.criteria.find((x) => x.key === k);
          return (
            <label key={k} className="slider" title={c?.reason ?? ''}>
              <span>{label(k)}</span>
              <input type="range" min={0} max={max} step={0.05} value={sliders[k]} data-criterion={k} onChange={(e) => setSliders({ ...sliders, [k]: Number(e.target.value) })} />
              <output>{sliders[k].toFixed(2)}</output>
              {c && !c.assessed && c.weight > 0 && <span className="muted">{t('notAssessed')}</span>}
            </label>
          );
        })}
      </div>
      <table className="ranking" data-testid="ranking">
        <thead>
          <tr>
            <th>{t('rank')}</th>
            <th>{t('provider')}</th>
            <th>{t('weightedScore')}</th>
            <th>{t('excludedBecause')}</th>
          </tr>
        </thead>
        <tbody>
          {card.rows.map((r) => (
            <tr key={r.provider} data-provider={r.provider} data-eligible={r.eligible}>
              <td className="num">{r.rank ?? '—'}</td>
              <td>{r.provider}</td>
              <td className="num">{r.eligible ? pct(r.score) : '—'}</td>
              <td>{r.failures.map((f) => `${f.requirement}: ${f.actual} (${f.required})`).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('scorecardIntervals')}</p>
      {/* The report's scorecard at the run's own weights, with its intervals and groups. */}
      <table className="report-scorecard">
        <thead>
          <tr>
            <th>{t('rank')}</th>
            <th>{t('provider')}</th>
            <th>{t('weightedScore')}</th>
            <th>{t('ci95')}</th>
            <th>{t('group')}</th>
          </tr>
        </thead>
        <tbody>
          {p.scorecard.rows.map((r) => (
            <tr key={r.provider}>
              <td className="num">{r.rank ?? '—'}</td>
              <td>{r.provider}</td>
              <td className="num">{pct(r.score)}</td>
              <td className="num">{ci(r.ci95)}</td>
              <td className="num">{r.group ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
