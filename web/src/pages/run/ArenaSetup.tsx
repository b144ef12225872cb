// A run's arena (evaluators and viewers): create blind battles from the run's
// providers, and the ratings from the votes so far (Bradley–Terry with 95%
// intervals, win rates, reviewer agreement).
import { useState } from 'react';
import { api, type RunDetail } from '../../api';
import { Loaded } from '../../components/Loaded';
import { pct } from '../../format';
import { useI18n } from '../../i18n';
import { useAsync } from '../../useAsync';
import { Table } from '../../components/Table';

export function ArenaSetup({ runId, detail, canWrite }: { runId: string; detail: RunDetail; canWrite: boolean }) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<string[]>(() => detail.providers.map((p) => p.id));
  const [tick, setTick] = useState(0);
  const [msg, setMsg] = useState<string | null>(null);
  const stats = useAsync(() => api.arenaStats(runId), [runId, tick]);
  const create = async () => {
    try {
      const r = await api.createBattles(runId, picked);
      setMsg(t('battlesCreated', { created: r.created, battles: r.battles }));
      setTick((n) => n + 1);
    } catch (err) {
      setMsg(t('error', { message: (err as Error).message }));
    }
  };
  return (
    <div className="arena-setup">
      {canWrite && (
        <fieldset>
          <legend>{t('createBattles')}</legend>
          {detail.providers.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={picked.includes(p.id)} onChange={(e) => setPicked(e.target.checked ? [...picked, p.id] : picked.filter((x) => x !== p.id))} />
              {p.id}
            </label>
          ))}
          <button type="button" onClick={create} disabled={picked.length < 2} data-testid="create-battles">
            {t('createBattles')}
          </button>
          {msg && (
            <span className="notice" role="status">
              {msg}
            </span>
          )}
        </fieldset>
      )}
      <Loaded value={stats}>
        {(s) => (
          <>
            <p data-testid="arena-counts">{t('arenaCounts', { battles: s.battles, votes: s.humanVotes })}</p>
            {s.ratings.length > 0 && (
              <Table className="ratings" data-testid="arena-ratings" head={[t('rank'), t('provider'), t('rating'), t('ci95')]}>
                {s.ratings.map((r) => (
                  <tr key={r.model} data-provider={r.model}>
                    <td className="num">{r.rank}</td>
                    <td>{r.model}</td>
                    <td className="num">{r.rating.toFixed(0)}</td>
                    <td className="num">
                      [{r.ci95[0].toFixed(0)}, {r.ci95[1].toFixed(0)}]
                    </td>
                  </tr>
                ))}
              </Table>
            )}
            {s.winRates.length > 0 && (
              <Table className="winrates" head={[t('provider'), t('winRate'), t('winsLossesTies')]}>
                {s.winRates.map((w) => (
                  <tr key={w.provider}>
                    <td>{w.provider}</td>
                    <td className="num">{pct(w.winRate)}</td>
                    <td className="num">
                      {w.wins} / {w.losses} / {w.ties}
                    </td>
                  </tr>
                ))}
              </Table>
            )}
          </>
        )}
      </Loaded>
    </div>
  );
}
