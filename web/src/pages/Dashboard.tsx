// Every run with its status, a progress bar and the headline score per provider.
import { useEffect, useState } from 'react';
import { api, type RunSummary } from '../api';
import { Loaded } from '../components/Loaded';
import { ProgressBar, StatusBadge } from '../components/Progress';
import { ci, pct, when } from '../format';
import { useI18n, VERDICT_KEYS } from '../i18n';
import { href } from '../router';
import { useAsync } from '../useAsync';
import { Table } from '../components/Table';

export function Dashboard() {
  const { t } = useI18n();
  const [tick, setTick] = useState(0);
  const runs = useAsync(() => api.runs(), [tick]);
  // Refresh while something runs, so the progress bars move.
  const running = runs.state === 'ok' && runs.data.runs.some((r) => r.status === 'running');
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setTick((n) => n + 1), 2000);
    return () => clearTimeout(timer);
  }, [running, tick]);
  return (
    <section>
      <h2>{t('runsTitle')}</h2>
      <Loaded value={runs}>
        {({ runs: list }) =>
          list.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <Table className="runs" head={[t('run'), t('status'), t('progress'), t('headline'), t('created')]}>
              {list.map((r) => (
                <RunRow key={r.id} r={r} />
              ))}
            </Table>
          )
        }
      </Loaded>
    </section>
  );
}

function RunRow({ r }: { r: RunSummary }) {
  const { t } = useI18n();
  return (
    <tr data-run={r.id}>
      <td>
        <a href={href(['runs', r.id])}>{r.name ?? r.id}</a>
        <div className="muted">{r.id}</div>
      </td>
      <td>
        <StatusBadge status={r.status} />
      </td>
      <td>
        <ProgressBar p={r} />
      </td>
      <td>
        {r.summary?.safety?.map((s) => (
          <div key={s.provider} className="headline" data-kind="safety">
            <span>{s.provider}</span> <b className={`verdict verdict-${s.verdict}`}>{t(VERDICT_KEYS[s.verdict])}</b>
          </div>
        ))}
        {r.summary?.headline.map((h) => (
          <div key={h.provider} className="headline">
            <span>{h.provider}</span> <b>{pct(h.score)}</b> <span className="muted">{ci(h.ci95)}</span>
            {h.truncated > 0 ? <span className="muted"> · {t('truncatedCount', { n: h.truncated })}</span> : null}
          </div>
        ))}
      </td>
      <td>{when(r.createdAt)}</td>
    </tr>
  );
}
