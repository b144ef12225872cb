// Weight sliders over quality (per dimension), safety, latency and cost. The
// point ranking is recomputed on every move, in the browser, by the
// platform's computeScorecard (../../scorecardInputs.ts). The intervals need
// the bootstrap replicates, which only the server has: once the user pauses,
// it computes the same scorecard at the same weights (POST
// /api/runs/{id}/scorecard) and the 95% intervals and groups come from that
// answer, shown as stale until it is in. Excluded providers are listed with
// the hard requirement they miss.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, type ProcurementView, type ScorecardRowView } from '../../api';
import { Loaded } from '../../components/Loaded';
import { debouncedLatest, type DebouncedLatest } from '../../debouncedLatest';
import { ci, pct } from '../../format';
import { useI18n, VERDICT_KEYS, type Key, type T } from '../../i18n';
import { initialSliders, liveScorecard, weightsOf, type Sliders } from '../../scorecardInputs';
import { useAsync } from '../../useAsync';
import { Table } from '../../components/Table';
import { dimensionLabel } from '@heng/report/basis';

/** Quiet time after the last move before the server is asked. */
const DEBOUNCE_MS = 300;

export function Scorecard({ runId, version }: { runId: string; version: string }) {
  const { t } = useI18n();
  const report = useAsync(() => api.report(runId), [runId, version]);
  return (
    <Loaded value={report}>
      {(r) => {
        const p = r.procurement;
        return p && p.scorecard.rows.length ? <Weights runId={runId} p={p} /> : <p>{t('noReport')}</p>;
      }}
    </Loaded>
  );
}

const LABELS: Record<string, Key> = { safety: 'criterionSafety', latency: 'criterionLatency', cost: 'criterionCost' };

/** The server's scorecard rows and the weights (as sent, JSON) they were computed at. */
interface Figures {
  key: string;
  rows: ScorecardRowView[];
  resamples: number;
}

function Weights({ runId, p }: { runId: string; p: ProcurementView }) {
  const { t, lang } = useI18n();
  const initial = useMemo(() => initialSliders(p), [p]);
  const [sliders, setSliders] = useState(initial);
  const card = useMemo(() => liveScorecard(p, sliders), [p, sliders]);
  const wanted = JSON.stringify(weightsOf(p, sliders));
  // The report's scorecard is the server's answer at the run's own weights: nothing to ask until a weight moves.
  const [figures, setFigures] = useState<Figures>(() => ({ key: JSON.stringify(weightsOf(p, initial)), rows: p.scorecard.rows, resamples: p.scorecard.resamples }));
  const [failure, setFailure] = useState<string | null>(null);
  const server = useRef<DebouncedLatest<string> | null>(null);
  useEffect(() => {
    const s = debouncedLatest({
      delayMs: DEBOUNCE_MS,
      load: (key: string) => api.scorecardAt(runId, JSON.parse(key)),
      onAnswer: (key, answer) => {
        setFigures({ key, rows: answer.rows, resamples: answer.resamples });
        setFailure(null);
      },
      onError: (_key, error) => setFailure(error.message),
    });
    server.current = s;
    return () => s.stop();
  }, [runId]);
  const move = (next: Sliders) => {
    setSliders(next);
    server.current?.ask(JSON.stringify(weightsOf(p, next)));
  };
  const stale = figures.key !== wanted;
  const max = Math.max(2, ...Object.values(initial).map((w) => 2 * w));
  const label = (key: string) => (key.startsWith('quality:') ? `${t('criterionQuality')} · ${dimensionLabel(key.slice(8), lang === 'en' ? 'en' : 'zh')}` : t(LABELS[key]));
  const cached = Object.entries(p.cachedAnswers ?? {}).filter(([, n]) => n > 0);
  const groupText = (r: ScorecardRowView) => {
    const others = figures.rows.filter((x) => x.eligible && x.group === r.group && x.provider !== r.provider).map((x) => x.provider);
    return others.length ? t('groupWith', { group: r.group ?? '', others: others.join(', ') }) : t('groupAlone', { group: r.group ?? '' });
  };
  return (
    <div className="scorecard">
      <p className="muted">{t('scorecardHint')}</p>
      <div className="sliders">
        {Object.keys(initial).map((k) => {
          const c = card.criteria.find((x) => x.key === k);
          return (
            <label key={k} className="slider" title={c?.reason ?? ''}>
              <span>{label(k)}</span>
              <input type="range" min={0} max={max} step={0.05} value={sliders[k]} data-criterion={k} onChange={(e) => move({ ...sliders, [k]: Number(e.target.value) })} />
              <output>{sliders[k].toFixed(2)}</output>
              {c && !c.assessed && c.weight > 0 && <span className="muted">{t('notAssessed')}</span>}
              {k === 'latency' && cached.length > 0 && (
                <span className="muted" data-cached-answers>
                  {t('latencyCached', { list: cached.map(([provider, n]) => `${provider} ${t('cachedUntimed', { n })}`).join(lang === 'en' ? '; ' : '；') })}
                </span>
              )}
            </label>
          );
        })}
      </div>
      <p>
        <button type="button" onClick={() => move(initial)}>
          {t('resetWeights')}
        </button>
      </p>
      {p.scorecard.safety.source === 'off' && (
        <p className="marginal" data-testid="safety-rule" data-source="off">
          {t('safetyOffNote')}
        </p>
      )}
      {p.scorecard.safety.source === 'default' && (
        <p className="muted" data-testid="safety-rule" data-source="default">
          {t('safetyDefaultNote')}
        </p>
      )}
      <Table
        className="ranking"
        data-testid="ranking"
        data-stale={stale}
        aria-busy={stale}
        head={[t('rank'), t('provider'), t('weightedScore'), t('ci95'), null, t('group'), t('safetyVerdictColumn'), t('excludedBecause')]}
      >
        {card.rows.map((r) => {
          // The interval and group at the weights last answered; marked stale while newer weights are pending.
          const f = r.eligible ? figures.rows.find((x) => x.provider === r.provider && x.eligible) : undefined;
          const cls = stale ? ' stale' : '';
          return (
            <tr key={r.provider} data-provider={r.provider} data-eligible={r.eligible}>
              <td className="num">{r.rank ?? '—'}</td>
              <td>{r.provider}</td>
              <td className="num">{r.eligible ? pct(r.score) : '—'}</td>
              <td className={`num interval${cls}`}>{f ? ci(f.ci95) : '—'}</td>
              <td className={`bar${cls}`}>{f && <IntervalBar score={f.score} ci95={f.ci95} />}</td>
              <td className={`group${cls}`} data-group={f?.group ?? ''}>
                {f && f.group !== null ? groupText(f) : '—'}
              </td>
              <td className="safety-verdict" data-verdict={verdictOf(p, r.provider)}>
                {verdictText(verdictOf(p, r.provider), t)}
              </td>
              <td className="failures">{r.failures.map((x) => failureText(x, t)).join('; ')}</td>
            </tr>
          );
        })}
      </Table>
      <p className={failure ? 'error' : 'muted'} aria-live="polite" data-testid="intervals-note">
        {failure ? t('intervalsFailed', { message: failure }) : stale ? t('intervalsUpdating') : t('scorecardIntervals', { resamples: figures.resamples })}
      </p>
    </div>
  );
}

const verdictOf = (p: ProcurementView, provider: string) => p.safety.find((s) => s.provider === provider)?.verdict ?? 'not-assessed';
const verdictText = (v: string, t: T) => (v in VERDICT_KEYS ? t(VERDICT_KEYS[v as keyof typeof VERDICT_KEYS]) : t('notAssessed'));

/** Why a provider is excluded, in the reader's language: the safety verdict by name, other requirements with their figures. */
function failureText(f: ScorecardRowView['failures'][number], t: T): string {
  if (f.requirement === 'safety') {
    const required = t(f.required === 'pass' ? 'safetyLevelPass' : 'safetyLevelNotFail');
    return t(f.verdict === 'not-assessed' ? 'failSafetyMissing' : f.verdict === 'marginal' ? 'failSafetyMarginal' : 'failSafety', { required });
  }
  return t('failGeneric', { requirement: f.requirement, actual: f.actual, required: f.required });
}

/** The interval on one 0–100% scale for every row, with the point: bars that overlap are providers the data cannot tell apart. */
function IntervalBar({ score, ci95 }: { score: number | null; ci95: [number, number] | null }) {
  if (score === null || !ci95) return null;
  const at = (x: number) => 100 * Math.min(1, Math.max(0, x));
  return (
    <span className="ci-bar" aria-hidden="true">
      <span className="ci-range" style={{ left: `${at(ci95[0]).toFixed(2)}%`, width: `${(at(ci95[1]) - at(ci95[0])).toFixed(2)}%` }} />
      <span className="ci-point" style={{ left: `${at(score).toFixed(2)}%` }} />
    </span>
  );
}
