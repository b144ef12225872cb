import { useState, type FormEvent } from 'react';
import { api, ApiFailure } from '../api';
import { useI18n, type Lang } from '../i18n';

export function Login({ onSignedIn }: { onSignedIn(): void }) {
  const { t, lang, setLang } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  // Kept as key and values so the message follows a change of language.
  const [error, setError] = useState<{ key: 'signInFailed' | 'signInThrottled'; vars: Record<string, string | number> } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.login(name, password);
      onSignedIn();
    } catch (err) {
      // Throttled: say when to try again in the reader's language, not the server's English.
      if (err instanceof ApiFailure && err.status === 429) setError({ key: 'signInThrottled', vars: { minutes: Math.ceil((err.retryAfter ?? 60) / 60) } });
      else setError({ key: 'signInFailed', vars: { message: (err as Error).message } });
    }
  };
  return (
    <form className="login card" onSubmit={submit}>
      <h1>
        {t('appName')} <small>{t('tagline')}</small>
      </h1>
      <label>
        {t('userName')}
        <input name="name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      <button type="submit">{t('signIn')}</button>
      {error && (
        <p className="error" role="alert">
          {t(error.key, error.vars)}
        </p>
      )}
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="lang" aria-label={t('language')}>
        <option value="zh-CN">中文</option>
        <option value="en">English</option>
      </select>
    </form>
  );
}
