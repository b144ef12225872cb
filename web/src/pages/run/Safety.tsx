// The run's safety assessment (GET /api/runs/{id}/safety): each table of
// verdicts as the API returns it; and the safety banks with their coverage
// against TC260-003. Values are shown as text.
import { api, ApiFailure } from '../../api';
import { Loaded } from '../../components/Loaded';
import { useI18n } from '../../i18n';
import { useAsync } from '../../useAsync';

type Row = Record<string, unknown>;

export function Safety({ runId }: { runId: string }) {
  const { t } = useI18n();
  const data = useAsync(
    () => api.safety(runId).catch((e) => (e instanceof ApiFailure && e.status === 404 ? null : Promise.reject(e))),
    [runId],
  );
  return (
    <Loaded value={data}>
      {(d) => {
        const tables = d && typeof d === 'object' ? Object.entries(d as Record<string, unknown>).filter(([, v]) => Array.isArray(v) && v.length > 0) : [];
        return (
          <div className="safety">
            <h3>{t('safetyTitle')}</h3>
            {tables.length ? tables.map(([name, rows]) => <VerdictTable key={name} name={name} rows={rows as Row[]} />) : <p className="empty">{t('noSafety')}</p>}
            <Banks />
          </div>
        );
      }}
    </Loaded>
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
          <table className="banks">
            <thead>
              <tr>
                <th>{t('bankFile')}</th>
                <th>{t('bankType')}</th>
                <th>{t('n')}</th>
                <th>{t('verdict')}</th>
                <th>{t('gaps')}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </>
      )}
    </Loaded>
  );
}

function VerdictTable({ name, rows }: { name: string; rows: Row[] }) {
  const cols = [...new Set(rows.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])))];
  const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return (
    <>
      <h4>{name}</h4>
      <table data-table={name}>
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {cols.map((c) => (
                <td key={c} className={c === 'verdict' ? `verdict verdict-${show(r[c])}` : ''}>
                  {show(r[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
