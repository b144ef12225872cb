import type { Progress as P, RunStatus } from '../api';
import { useI18n, type Key } from '../i18n';

export function StatusBadge({ status }: { status: RunStatus }) {
  const { t } = useI18n();
  const key = `status${status[0].toUpperCase()}${status.slice(1)}` as Key;
  return (
    <span className={`badge status-${status}`} data-status={status}>
      {t(key)}
    </span>
  );
}

export function ProgressBar({ p }: { p: Pick<P, 'done' | 'planned' | 'errors' | 'status'> }) {
  const { t } = useI18n();
  const pct = p.planned > 0 ? Math.min(100, (100 * p.done) / p.planned) : 0;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={p.planned} aria-valuenow={p.done}>
      <div className={`bar status-${p.status}`} style={{ width: `${pct}%` }} />
      <span className="label">
        {t('doneOfPlanned', { done: p.done, planned: p.planned })}
        {p.errors > 0 ? ` · ${t('errorsCount', { n: p.errors })}` : ''}
      </span>
    </div>
  );
}
