// Blind pairwise voting: the prompt (every turn) and answers A and B, never
// who wrote them: the API's blind view carries no provider ids.
import { useState } from 'react';
import { api, type Battle, type Verdict } from '../api';
import { Loaded } from '../components/Loaded';
import { ModelText } from '../components/ModelText';
import { useI18n, type Key } from '../i18n';
import { useAsync } from '../useAsync';

const VERDICTS: [Verdict, Key][] = [
  ['a', 'voteA'],
  ['b', 'voteB'],
  ['tie', 'voteTie'],
  ['both_bad', 'voteBothBad'],
];

export function Arena() {
  const { t } = useI18n();
  const [round, setRound] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = useAsync(() => api.nextBattle(), [round]);
  const vote = async (battleId: string, verdict: Verdict) => {
    setBusy(true);
    try {
      await api.vote(battleId, verdict);
      setMessage(t('voted'));
      setRound((n) => n + 1);
    } catch (err) {
      setMessage(t('error', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="arena">
      <h2>{t('arenaTitle')}</h2>
      <p className="muted">{t('arenaHint')}</p>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <Loaded value={next}>
        {({ battle }) =>
          !battle ? (
            <p className="empty">{t('noBattles')}</p>
          ) : (
            <div className="battle" data-battle={battle.battleId}>
              <BattleTurns battle={battle} />
              <div className="votes">
                {VERDICTS.map(([v, key]) => (
                  <button key={v} type="button" disabled={busy} data-verdict={v} onClick={() => vote(battle.battleId, v)}>
                    {t(key)}
                  </button>
                ))}
              </div>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

function BattleTurns({ battle }: { battle: Battle }) {
  const { t } = useI18n();
  return (
    <>
      {battle.system && <ModelText text={battle.system} className="system" />}
      {battle.turns.map((turn, i) => (
        <div key={i} className="turn">
          <h3>
            {t('prompt')}
            {battle.turns.length > 1 ? ` ${i + 1}` : ''}
          </h3>
          <ModelText text={turn} className="prompt" />
          <div className="columns two">
            <div className="answer" data-side="a">
              <h3>{t('answerA')}</h3>
              <ModelText text={battle.a[i]} />
            </div>
            <div className="answer" data-side="b">
              <h3>{t('answerB')}</h3>
              <ModelText text={battle.b[i]} />
            </div>
          </div>
        </div>
      ))}
    </>
  );
}
