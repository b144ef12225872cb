import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useI18n, type Lang } from '../i18n';

export function Login({ onSignedIn }: { onSignedIn(): void }) {
  const { t, lang, setLang } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.login(name, password);
      onSignedIn();
    } catch (err) {
      setError((err as Error).message);
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
      {error && <p className="error" role="alert">{t('signInFailed', { message: error })}</p>}
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="lang" aria-label={t('language')}>
        <option value="zh-CN">中文</option>
        <option value="en">English</option>
      </select>
    </form>
  );
}
