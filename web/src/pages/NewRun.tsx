// Start a run from heng.yaml text, optionally adding providers configured on the server.
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { go } from '../router';
import { useAsync } from '../useAsync';

export function NewRun() {
  const { t } = useI18n();
  const [yaml, setYaml] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const configured = useAsync(() => api.providers().catch(() => ({ providers: [] })), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { run } = await api.startRun(yaml, picked);
      go(['runs', run.id]);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const providers = configured.state === 'ok' ? configured.data.providers : [];
  return (
    <form className="new-run" onSubmit={submit}>
      <h2>{t('newRunTitle')}</h2>
      <label>
        {t('configYaml')}
        <textarea name="config" rows={18} spellCheck={false} value={yaml} onChange={(e) => setYaml(e.target.value)} required />
      </label>
      <p className="muted">{t('configHint')}</p>
      {providers.length > 0 && (
        <fieldset>
          <legend>{t('addProviders')}</legend>
          {providers.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={picked.includes(p.id)} onChange={(e) => setPicked(e.target.checked ? [...picked, p.id] : picked.filter((x) => x !== p.id))} />
              {p.id}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t('starting') : t('start')}
      </button>
      {error && (
        <p className="error" role="alert">
          {t('error', { message: error })}
        </p>
      )}
    </form>
  );
}
