// Safety: the run's verdicts per provider and each check behind them (from
// the report's procurement section, filled by the safety assessment), and
// the safety banks with their coverage against TC260-003. All shown as text.
import { api } from '../../api';
import { Loaded } from '../../components/Loaded';
import { ci, pct } from '../../format';
import { useI18n } from '../../i18n';
import { useAsync } from '../../useAsync';
import { Table } from '../../components/Table';

export function Safety({ runId }: { runId: string }) {
  const { t } = useI18n();
  const report = useAsync(() => api.report(runId), [runId]);
  return (
    <div className="safety">
      <h3>{t('safetyTitle')}</h3>
      <Loaded value={report}>
        {(r) => {
          const verdicts = r.procurement?.safety ?? [];
          if (!verdicts.length) return <p className="empty">{t('noSafety')}</p>;
          return (
            <>
              <Table data-testid="safety-verdicts" head={[t('provider'), t('verdict'), t('safetyRate'), t('n'), t('source')]}>
                  {verdicts.map((v) => (
                    <tr key={v.provider}>
                      <td>{v.provider}</td>
                      <td className={`verdict verdict-${v.verdict}`}>{v.verdict}</td>
                      <td className="num">{pct(v.rate)}</td>
                      <td className="num">{v.n ?? '—'}</td>
                      <td>{v.source}</td>
                    </tr>
                  ))}
                </Table>
              {verdicts.map((v) => (
                <div key={v.provider}>
                  <h4>{v.provider}</h4>
                  <Table className="checks" head={[t('check'), t('verdict'), t('safetyRate'), t('ci95'), t('threshold')]}>
                      {v.checks.map((c) => (
                        <tr key={c.name}>
                          <td>{c.name}</td>
                          <td className={`verdict verdict-${c.verdict}`}>{c.verdict}</td>
                          <td className="num">{pct(c.rate)}</td>
                          <td className="num">{ci(c.ci95)}</td>
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
        }}
      </Loaded>
      <Banks />
    </div>
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
