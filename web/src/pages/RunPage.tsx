// One run: live progress, exports and tabs (overview, side by side, search,
// scorecard, safety). Lazy-loaded with ECharts.
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, followProgress, reportUrl, type Progress } from '../api';
import { Loaded } from '../components/Loaded';
import { ProgressBar, StatusBadge } from '../components/Progress';
import { useI18n, type Key } from '../i18n';
import { href } from '../router';
import { useAsync } from '../useAsync';
import { Answers } from './run/Answers';
import { ArenaSetup } from './run/ArenaSetup';
import { Overview } from './run/Overview';
import { Safety } from './run/Safety';
import { Search } from './run/Search';

// The scorecard brings the platform's computeScorecard (and zod with it): its own chunk.
const Scorecard = lazy(() => import('./run/Scorecard').then((m) => ({ default: m.Scorecard })));

const TABS: [string, Key][] = [
  ['overview', 'tabOverview'],
  ['answers', 'tabAnswers'],
  ['search', 'tabSearch'],
  ['scorecard', 'tabScorecard'],
  ['arena', 'tabArena'],
  ['safety', 'tabSafety'],
];

export default function RunPage({ id, tab, query, canWrite }: { id: string; tab: string; query: URLSearchParams; canWrite: boolean }) {
  const { t, lang } = useI18n();
  const [progress, setProgress] = useState<Progress | null>(null);
  // The run's tables reload when it finishes (or is cancelled).
  const finishedKey = progress && progress.status !== 'running' ? progress.status : 'running';
  const detail = useAsync(() => api.run(id), [id, finishedKey]);
  const [follow, setFollow] = useState(0);
  useEffect(() => followProgress(id, setProgress), [id, follow]);
  const act = async (what: 'cancel' | 'resume') => {
    await (what === 'cancel' ? api.cancel(id) : api.resume(id)).catch(() => undefined);
    setFollow((n) => n + 1);
  };
  return (
    <section className="run">
      <h2>{t('runTitle', { id })}</h2>
      {progress && (
        <div className="live" data-testid="live-progress" data-status={progress.status}>
          <StatusBadge status={progress.status} /> <ProgressBar p={progress} />
          {canWrite && progress.status === 'running' && (
            <button type="button" onClick={() => act('cancel')}>
              {t('cancelRun')}
            </button>
          )}
          {canWrite && progress.status !== 'running' && progress.status !== 'done' && (
            <button type="button" onClick={() => act('resume')}>
              {t('resumeRun')}
            </button>
          )}
        </div>
      )}
      <div className="exports">
        <a className="button" href={reportUrl(id, 'pdf', lang)} download={`heng-${id}.pdf`} data-testid="export-pdf">
          {t('exportPdf')}
        </a>
        <a className="button" href={reportUrl(id, 'docx', lang)} download={`heng-${id}.docx`} data-testid="export-docx">
          {t('exportDocx')}
        </a>
        <a className="button" href={reportUrl(id, 'html', lang)} target="_blank" rel="noopener noreferrer">
          {t('exportHtml')}
        </a>
        <a className="button" href={reportUrl(id, 'csv', lang)} download={`heng-${id}.csv`}>
          {t('exportCsv')}
        </a>
      </div>
      <nav className="tabs">
        {TABS.map(([name, key]) => (
          <a key={name} href={href(['runs', id, ...(name === 'overview' ? [] : [name])])} className={tab === name ? 'active' : ''}>
            {t(key)}
          </a>
        ))}
      </nav>
      <Loaded value={detail}>
        {(d) => {
          if (tab === 'answers') return <Answers runId={id} detail={d} task={query.get('task') ?? undefined} item={query.get('item') ?? undefined} />;
          if (tab === 'search') return <Search runId={id} detail={d} />;
          if (tab === 'scorecard')
            return (
              <Suspense fallback={<p className="loading">{t('loading')}</p>}>
                <Scorecard runId={id} version={finishedKey} />
              </Suspense>
            );
          if (tab === 'safety') return <Safety runId={id} summary={d.run.summary} />;
          if (tab === 'arena') return <ArenaSetup runId={id} detail={d} canWrite={canWrite} />;
          return <Overview runId={id} version={finishedKey} summary={d.run.summary} detail={d} />;
        }}
      </Loaded>
    </section>
  );
}
