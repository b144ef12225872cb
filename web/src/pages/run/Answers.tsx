// Side by side: one item, every provider's answer with its score, extracted
// answer, rule and scorer/judge details. Everything from the model is text.
import { api, type Result, type RunDetail } from '../../api';
import { Loaded } from '../../components/Loaded';
import { JsonText, ModelText } from '../../components/ModelText';
import { pct } from '../../format';
import { outcomeLabel, useI18n } from '../../i18n';
import { go } from '../../router';
import { useAsync } from '../../useAsync';

export function Answers({ runId, detail, task, item }: { runId: string; detail: RunDetail; task?: string; item?: string }) {
  const { t } = useI18n();
  const taskId = task ?? detail.tasks[0]?.id;
  const firstProvider = detail.providers[0]?.id;
  // The item list: one provider's results for the task (every provider answers every item).
  const items = useAsync(
    () => (taskId ? api.results(runId, { task: taskId, provider: firstProvider, limit: 500 }) : Promise.resolve({ total: 0, offset: 0, limit: 0, results: [] })),
    [runId, taskId, firstProvider],
  );
  const pick = (nextTask: string, nextItem?: string) => go(['runs', runId, 'answers'], { task: nextTask, item: nextItem });
  return (
    <div className="answers">
      <div className="pickers">
        <label>
          {t('task')}{' '}
          <select value={taskId ?? ''} onChange={(e) => pick(e.target.value)} data-testid="answers-task">
            {detail.tasks.map((tk) => (
              <option key={tk.id} value={tk.id}>
                {tk.id}
              </option>
            ))}
          </select>
        </label>
        <Loaded value={items}>
          {(page) => {
            const ids = [...new Set(page.results.map((r) => r.itemId))];
            return (
              <label>
                {t('item')}{' '}
                <select value={item ?? ''} onChange={(e) => pick(taskId!, e.target.value)} data-testid="answers-item">
                  <option value="">{t('pickItem')}</option>
                  {ids.map((i) => (
                    <option key={i} value={i}>
                      {i}
                    </option>
                  ))}
                </select>
              </label>
            );
          }}
        </Loaded>
      </div>
      {taskId && item && <ItemView runId={runId} task={taskId} item={item} />}
    </div>
  );
}

function ItemView({ runId, task, item }: { runId: string; task: string; item: string }) {
  const { t } = useI18n();
  const data = useAsync(() => api.item(runId, task, item), [runId, task, item]);
  return (
    <Loaded value={data}>
      {(d) => (
        <div className="item-view" data-item={d.itemId}>
          <div className="columns two">
            <div>
              <h4>{t('itemFields')}</h4>
              <JsonText value={d.fields} />
            </div>
            <div>
              <h4>{t('target')}</h4>
              <JsonText value={d.target} />
            </div>
          </div>
          <div className="columns side-by-side" style={{ gridTemplateColumns: `repeat(${Math.max(1, Math.min(d.answers.length, 4))}, minmax(0, 1fr))` }}>
            {d.answers.map((a) => (
              <AnswerCard key={`${a.providerId}/${a.repeat}`} a={a} />
            ))}
          </div>
        </div>
      )}
    </Loaded>
  );
}

function AnswerCard({ a }: { a: Result }) {
  const { t } = useI18n();
  return (
    <article className={`answer outcome-${a.outcome}`} data-provider={a.providerId} data-outcome={a.outcome}>
      <h4>
        {a.providerId}
        {a.repeat > 0 ? ` #${a.repeat + 1}` : ''}
      </h4>
      <dl>
        <dt>{t('outcome')}</dt>
        <dd className="outcome">{outcomeLabel(t, a.outcome)}</dd>
        <dt>{t('score')}</dt>
        <dd className="score">{pct(a.score)}</dd>
        <dt>{t('extracted')}</dt>
        <dd>
          <ModelText text={a.extracted} />
        </dd>
        <dt>{t('rule')}</dt>
        <dd>{a.rule ?? '—'}</dd>
      </dl>
      {a.errorCode && <p className="error">{t('errorDetail', { code: a.errorCode, message: a.errorMessage ?? '' })}</p>}
      <h5>{t('answer')}</h5>
      {a.rawOutput === null ? <p className="muted">{t('noAnswer')}</p> : <ModelText text={a.rawOutput} className="raw-output" />}
      {a.reasoning && (
        <details>
          <summary>{t('reasoning')}</summary>
          <ModelText text={a.reasoning} />
        </details>
      )}
      {a.scores.length > 0 && (
        <details open>
          <summary>{t('judgeReasons')}</summary>
          {a.scores.map((s, i) => (
            <div key={i} className="score-detail">
              <b>{String(s.scorer ?? s.type ?? s.rule ?? `#${i + 1}`)}</b> {pct(typeof s.value === 'number' ? s.value : null)} {String(s.outcome ?? '')}
              {s.detail !== undefined && s.detail !== null && <JsonText value={s.detail} />}
            </div>
          ))}
        </details>
      )}
    </article>
  );
}
