// Shell: language, the signed-in user, navigation and the page for the route.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, SIGNED_OUT, type Me, type Permission } from './api';
import { LangContext, translator, useI18n, type Lang } from './i18n';
import { href, useRoute, type Route } from './router';
import { Login } from './pages/Login';
import { Dashboard } from './pages/Dashboard';
import { NewRun } from './pages/NewRun';
import { Arena } from './pages/Arena';
import { Providers } from './pages/Providers';

// The run page draws ECharts charts: loaded only when opened.
const RunPage = lazy(() => import('./pages/RunPage'));

const LANG_KEY = 'heng.lang';
const ROLE_KEYS = { admin: 'roleAdmin', evaluator: 'roleEvaluator', reviewer: 'roleReviewer', viewer: 'roleViewer' } as const;

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    setLangState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ lang, t: translator(lang), setLang }), [lang, setLang]);
  return (
    <LangContext.Provider value={value}>
      <Session />
    </LangContext.Provider>
  );
}

function Session() {
  const { t } = useI18n();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const route = useRoute();
  const refresh = useCallback(() => {
    // Not signed in (401) or the session expired: the sign-in form.
    api.me().then(setMe, () => setMe(null));
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => {
    const out = () => setMe(null);
    addEventListener(SIGNED_OUT, out);
    return () => removeEventListener(SIGNED_OUT, out);
  }, []);
  if (me === undefined) return <p className="loading">{t('loading')}</p>;
  if (me === null) return <Login onSignedIn={refresh} />;
  return (
    <div className="shell">
      <Header me={me} onSignedOut={() => setMe(null)} />
      <main>
        <Suspense fallback={<p className="loading">{t('loading')}</p>}>
          <Page me={me} route={route} />
        </Suspense>
      </main>
    </div>
  );
}

function Header({ me, onSignedOut }: { me: Me; onSignedOut(): void }) {
  const { t, lang, setLang } = useI18n();
  const can = (p: Permission) => me.permissions.includes(p);
  return (
    <header>
      <a className="brand" href="#/">
        {t('appName')} <small>{t('tagline')}</small>
      </a>
      <nav>
        {can('runs:read') && <a href={href([])}>{t('navRuns')}</a>}
        {can('runs:write') && <a href={href(['new'])}>{t('navNewRun')}</a>}
        {can('arena:vote') && <a href={href(['arena'])}>{t('navArena')}</a>}
        {can('runs:read') && <a href={href(['providers'])}>{t('navProviders')}</a>}
      </nav>
      <div className="who">
        <label>
          {t('language')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="lang">
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <span>{t('signedInAs', { name: me.user.name, role: t(ROLE_KEYS[me.user.role]) })}</span>
        <button type="button" onClick={() => api.logout().finally(onSignedOut)}>
          {t('signOut')}
        </button>
      </div>
    </header>
  );
}

function Page({ me, route }: { me: Me; route: Route }) {
  const { t } = useI18n();
  const can = (p: Permission) => me.permissions.includes(p);
  const [first, id, tab] = route.parts;
  // A reviewer's world is the arena: no run, result or provider pages.
  if (!can('runs:read')) return first === 'arena' || !first ? <Arena /> : <p className="forbidden">{t('forbidden')}</p>;
  if (first === 'runs' && id) return <RunPage id={id} tab={tab ?? 'overview'} query={route.query} canWrite={can('runs:write')} />;
  if (first === 'new') return can('runs:write') ? <NewRun /> : <p className="forbidden">{t('forbidden')}</p>;
  if (first === 'arena') return <Arena />;
  if (first === 'providers') return <Providers canWrite={can('providers:write')} />;
  return <Dashboard />;
}
