// Results of a run filtered by task, provider, outcome and text in the answer.
import { useState, type FormEvent } from 'react';
import { OUTCOMES, type Outcome } from '@heng/types';
import { api, type RunDetail } from '../../api';
import { Loaded } from '../../components/Loaded';
import { ModelText } from '../../components/ModelText';
import { pct } from '../../format';
import { outcomeLabel, useI18n } from '../../i18n';
import { href } from '../../router';
import { useAsync } from '../../useAsync';
import { Table } from '../../components/Table';

const PAGE = 25;

interface Filters {
  task: string;
  provider: string;
  outcome: Outcome | '';
  q: string;
}

export function Search({ runId, detail }: { runId: string; detail: RunDetail }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>({ task: '', provider: '', outcome: '', q: '' });
  const [applied, setApplied] = useState<Filters>(draft);
  const [offset, setOffset] = useState(0);
  const page = useAsync(() => api.results(runId, { ...applied, outcome: applied.outcome || undefined, offset, limit: PAGE }), [runId, applied, offset]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setApplied(draft);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  return (
    <div className="search">
      <form className="filters" onSubmit={submit}>
        <select value={draft.task} onChange={set('task')} aria-label={t('task')} name="task">
          <option value="">{t('allTasks')}</option>
          {detail.tasks.map((x) => (
            <option key={x.id}>{x.id}</option>
          ))}
        </select>
        <select value={draft.provider} onChange={set('provider')} aria-label={t('provider')} name="provider">
          <option value="">{t('allProviders')}</option>
          {detail.providers.map((x) => (
            <option key={x.id}>{x.id}</option>
          ))}
        </select>
        <select value={draft.outcome} onChange={set('outcome')} aria-label={t('outcome')} name="outcome">
          <option value="">{t('allOutcomes')}</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {outcomeLabel(t, o)}
            </option>
          ))}
        </select>
        <input value={draft.q} onChange={set('q')} placeholder={t('textQuery')} aria-label={t('textQuery')} name="q" />
        <button type="submit">{t('search')}</button>
      </form>
      <Loaded value={page}>
        {(p) => (
          <>
            <p data-testid="search-total">{t('matches', { total: p.total })}</p>
            <Table className="results" head={[t('task'), t('item'), t('provider'), t('outcome'), t('score'), t('answer'), null]}>
              {p.results.map((r) => (
                <tr key={`${r.taskId}/${r.itemId}/${r.providerId}/${r.repeat}`} data-outcome={r.outcome}>
                  <td>{r.taskId}</td>
                  <td>{r.itemId}</td>
                  <td>{r.providerId}</td>
                  <td>{outcomeLabel(t, r.outcome)}</td>
                  <td className="num">{pct(r.score)}</td>
                  <td className="clip">
                    <ModelText text={r.rawOutput ?? r.errorMessage} />
                  </td>
                  <td>
                    <a href={href(['runs', runId, 'answers'], { task: r.taskId, item: r.itemId })}>{t('sideBySide')}</a>
                  </td>
                </tr>
              ))}
            </Table>
            <div className="pager">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t('prev')}
              </button>
              <button type="button" disabled={offset + PAGE >= p.total} onClick={() => setOffset(offset + PAGE)}>
                {t('next')}
              </button>
            </div>
          </>
        )}
      </Loaded>
    </div>
  );
}
