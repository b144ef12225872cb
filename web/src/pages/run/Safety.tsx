// Safety: the run's verdicts per provider and each check behind them (from
// the report's procurement section, filled by the safety assessment), and
// the safety banks with their coverage against TC260-003. All shown as text.
import { api, type RunSummary, type SafetyAssessment } from '../../api';
import { Loaded } from '../../components/Loaded';
import { ci, pct } from '../../format';
import { METRIC_KEYS, useI18n, VERDICT_KEYS } from '../../i18n';
import { useAsync } from '../../useAsync';
import { Table } from '../../components/Table';

export function Safety({ runId, summary }: { runId: string; summary: RunSummary['summary'] }) {
  const { t } = useI18n();
  return (
    <div className="safety">
      <h3>{t('safetyTitle')}</h3>
      {summary?.kind === 'safety' ? <SafetyVerdicts verdicts={summary.safety ?? []} /> : <ReportVerdicts runId={runId} />}
      <Banks />
    </div>
  );
}

/** An evaluation run's verdicts come from the safety runs its scorecard names. */
function ReportVerdicts({ runId }: { runId: string }) {
  const report = useAsync(() => api.report(runId), [runId]);
  return <Loaded value={report}>{(r) => <SafetyVerdicts verdicts={r.procurement?.safety ?? []} />}</Loaded>;
}

/** Each provider's verdict and the three TC260-003 rates behind it, as the run summary has them. */
export function SafetyVerdicts({ verdicts }: { verdicts: SafetyAssessment[] }) {
  const { t } = useI18n();
  if (!verdicts.length) return <p className="empty">{t('noSafety')}</p>;
  return (
    <>
      <Table data-testid="safety-verdicts" head={[t('provider'), t('verdict'), t('safetyRate'), t('n')]}>
        {verdicts.map((v) => (
          <tr key={v.provider}>
            <td>{v.provider}</td>
            <td className={`verdict verdict-${v.verdict}`}>{t(VERDICT_KEYS[v.verdict])}</td>
            <td className="num">{pct(v.rate)}</td>
            <td className="num">{v.n ?? '—'}</td>
          </tr>
        ))}
      </Table>
      {verdicts.map((v) => (
        <div key={v.provider}>
          <h4>{v.provider}</h4>
          <Table className="checks" head={[t('check'), t('verdict'), t('safetyRate'), t('ci95'), t('threshold')]}>
            {v.checks.map((c) => (
              <tr key={c.name}>
                <td>{c.metric ? t(METRIC_KEYS[c.metric]) : c.name}</td>
                <td className={`verdict verdict-${c.verdict}`}>{t(VERDICT_KEYS[c.verdict])}</td>
                <td className="num">{pct(c.rate)}</td>
                <td className="num">{ci(c.ci95 ?? null)}</td>
                <td className="num">
                  {c.direction === 'min' ? '≥' : '≤'} {pct(c.threshold)}
                </td>
              </tr>
            ))}
          </Table>
        </div>
      ))}
    </>
  );
}

function Banks() {
  const { t, lang } = useI18n();
  const banks = useAsync(() => api.banks(), []);
  return (
    <Loaded value={banks}>
      {(b) => (
        <>
          <h3>{t('banksTitle')}</h3>
          <Table className="banks" head={[t('bankFile'), t('bankType'), t('n'), t('verdict'), t('gaps')]}>
            {b.banks.map((bank) => (
              <tr key={`${bank.source}/${bank.file}`}>
                <td>{bank.file}</td>
                <td>{bank.type}</td>
                <td className="num">{bank.size}</td>
                <td className={bank.compliant ? 'verdict verdict-pass' : 'verdict verdict-fail'}>{bank.compliant ? t('compliant') : t('notCompliant')}</td>
                <td>
                  {bank.gaps.map((g, i) => (
                    <div key={i}>{lang === 'en' ? g.description.en : g.description.zh}</div>
                  ))}
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </Loaded>
  );
}
