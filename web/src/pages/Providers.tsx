// Configured providers. Secrets are write-only: the API returns only the
// ${env:…} reference and whether it is set; the form sends a new value and
// clears itself, and nothing ever reads a value back.
import { useState, type FormEvent } from 'react';
import { api, type ConfiguredProvider, type SecretField } from '../api';
import { Loaded } from '../components/Loaded';
import { useI18n } from '../i18n';
import { useAsync } from '../useAsync';
import { Table } from '../components/Table';

export function Providers({ canWrite }: { canWrite: boolean }) {
  const { t } = useI18n();
  const [tick, setTick] = useState(0);
  const list = useAsync(() => api.providers(), [tick]);
  return (
    <section className="providers">
      <h2>{t('providersTitle')}</h2>
      <p className="muted">{t('secretWriteOnly')}</p>
      <Loaded value={list}>
        {({ providers }) =>
          providers.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <Table head={[t('providerId'), t('model'), t('secret')]}>
              {providers.map((p) => (
                <ProviderRow key={p.id} p={p} canWrite={canWrite} onSaved={() => setTick((n) => n + 1)} />
              ))}
            </Table>
          )
        }
      </Loaded>
      {canWrite && <EntryForm onSaved={() => setTick((n) => n + 1)} />}
    </section>
  );
}

function ProviderRow({ p, canWrite, onSaved }: { p: ConfiguredProvider; canWrite: boolean; onSaved(): void }) {
  const { t } = useI18n();
  return (
    <tr data-provider={p.id}>
      <td>{p.id}</td>
      <td>{String(p.entry.model ?? p.entry.preset ?? '')}</td>
      <td>
        {p.secrets.map((s) => (
          <div key={s.field} className="secret">
            <code>{s.field}</code> <code>{s.ref}</code>{' '}
            <span className={s.set ? 'ok' : 'warn'} data-source={s.source ?? 'none'}>
              {s.set ? t('secretSet') : t('secretNotSet')}
              {s.source && ` (${t(s.source === 'exported' ? 'secretFromExported' : 'secretFromApi')})`}
            </span>
            {/* An exported variable wins: the API would refuse to replace it (409). */}
            {canWrite && s.source !== 'exported' && <SecretForm providerId={p.id} field={s.field} onSaved={onSaved} />}
          </div>
        ))}
      </td>
    </tr>
  );
}

function SecretForm({ providerId, field, onSaved }: { providerId: string; field: SecretField; onSaved(): void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.setSecret(providerId, field, value);
      setValue('');
      setMsg({ ok: true, text: t('saved') });
      onSaved();
    } catch (err) {
      setMsg({ ok: false, text: t('error', { message: (err as Error).message }) });
    }
  };
  return (
    <form className="inline" onSubmit={submit}>
      {/* autocomplete=new-password: the browser neither fills nor remembers it */}
      <input type="password" autoComplete="new-password" placeholder={t('secretValue')} value={value} onChange={(e) => setValue(e.target.value)} required />
      <button type="submit">{t('setSecret')}</button>
      {msg && (
        <span className={msg.ok ? 'notice' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </span>
      )}
    </form>
  );
}

function EntryForm({ onSaved }: { onSaved(): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('{\n  "id": "my-vllm",\n  "type": "openai-compatible",\n  "baseUrl": "http://127.0.0.1:8000/v1",\n  "model": "qwen2.5-7b",\n  "apiKey": "${env:MY_VLLM_KEY}"\n}');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const entry = JSON.parse(text) as Record<string, unknown>;
      await api.saveProvider(String(entry.id ?? ''), entry);
      setMsg({ ok: true, text: t('saved') });
      onSaved();
    } catch (err) {
      setMsg({ ok: false, text: t('error', { message: (err as Error).message }) });
    }
  };
  return (
    <form className="entry" onSubmit={submit}>
      <label>
        {t('addProvider')}
        <textarea rows={8} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit">{t('save')}</button>
      {msg && (
        <span className={msg.ok ? 'notice' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </span>
      )}
    </form>
  );
}
