import { InboxPage } from './pages/inbox';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api, ApiError } from './api';
import { Ctx, useApp, type AppContext } from './context';
import { roleWords } from './format';
import { initialLang, saveLang, translator, type Lang, type T } from './i18n';
import { AuditPage } from './pages/audit';
import { NotificationsPage } from './pages/notifications';
import { OverviewPage } from './pages/overview';
import { RulesPage } from './pages/rules';
import { SettingsPage } from './pages/settings';
import { TaskPage } from './pages/task';
import { TasksPage } from './pages/tasks';
import { useRoute, type Route } from './router';
import { capabilities, clearSession, identify, loadSession, saveSession, type Session } from './session';
import type { Agency } from './types';
import { errorText } from './ui';

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [expired, setExpired] = useState(false);
  const t = useMemo(() => translator(lang), [lang]);
  const setLang = (l: Lang) => {
    saveLang(l);
    // At once, not in the effect below: the API client reads it for Accept-Language, and a page's
    // first request (a child's effect) runs before this component's effects.
    document.documentElement.lang = l;
    setLangState(l);
  };
  if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);

  const signOut = () => {
    clearSession();
    setSession(null);
  };

  return session ? (
    <Shell
      key={session.token}
      session={session}
      lang={lang}
      setLang={setLang}
      t={t}
      signOut={signOut}
      onExpired={() => {
        setExpired(true);
        signOut();
      }}
    />
  ) : (
    <SignIn
      t={t}
      lang={lang}
      setLang={setLang}
      expired={expired}
      onSignedIn={(s) => {
        saveSession(s);
        setExpired(false);
        setSession(s);
      }}
    />
  );
}

function LangSwitch({ lang, setLang, t }: { lang: Lang; setLang(l: Lang): void; t: T }) {
  return (
    <div class="lang" role="group" aria-label={t('app.language')}>
      {(['vi', 'en'] as Lang[]).map((l) => (
        <button key={l} type="button" class={lang === l ? 'active' : ''} aria-pressed={lang === l} onClick={() => setLang(l)} lang={l}>
          {l === 'vi' ? 'Tiếng Việt' : 'English'}
        </button>
      ))}
    </div>
  );
}

function SignIn({
  t,
  lang,
  setLang,
  expired,
  onSignedIn,
}: {
  t: T;
  lang: Lang;
  setLang(l: Lang): void;
  expired: boolean;
  onSignedIn(s: Session): void;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!token.trim()) {
      setError(t('signin.empty'));
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await identify(token.trim()));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('signin.unknown') : errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <div class="signin-card card">
        <LangSwitch lang={lang} setLang={setLang} t={t} />
        <h1>{t('app.title')}</h1>
        <p class="muted">{t('signin.intro')}</p>
        {expired && (
          <div class="alert alert-info" role="status">
            {t('signin.expired')}
          </div>
        )}
        <form noValidate onSubmit={submit} aria-label={t('signin.title')}>
          <div class={`field ${error ? 'field-invalid' : ''}`}>
            <label for="token">{t('signin.token')}</label>
            <input
              id="token"
              name="token"
              type="password"
              autoComplete="off"
              value={token}
              onInput={(e) => setToken(e.currentTarget.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'token-error' : 'token-hint'}
            />
            <small id="token-hint" class="hint">
              {t('signin.hint')}
            </small>
            {error && (
              <div id="token-error" class="field-error" role="alert">
                {error}
              </div>
            )}
          </div>
          <button type="submit" disabled={busy}>
            {busy ? t('signin.checking') : t('signin.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}

interface ShellProps {
  session: Session;
  lang: Lang;
  setLang(l: Lang): void;
  t: T;
  signOut(): void;
  onExpired(): void;
}

function Shell({ session, lang, setLang, t, signOut, onExpired }: ShellProps) {
  const route = useRoute();
  const api = useMemo(() => new Api(session.token, onExpired), [session.token]);
  const can = useMemo(() => capabilities(session), [session]);
  const [serverNow, setServerNow] = useState('');
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [toast, setToast] = useState<{ message: string; kind: 'ok' | 'error'; id: number } | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    api.get('/agencies').then(setAgencies, () => undefined);
    api.get('/reports/summary').then(
      (s) => setServerNow(s.asOf),
      () => undefined,
    );
  }, [api]);
  useEffect(() => setMenuOpen(false), [route]);
  useEffect(() => {
    if (!toast) return;
    const id = window.setTimeout(() => setToast(null), 5000);
    return () => window.clearTimeout(id);
  }, [toast]);

  const ctx: AppContext = {
    t,
    lang,
    setLang,
    session,
    can,
    api,
    serverNow,
    setServerNow: (iso) => setServerNow((old) => (old === iso ? old : iso)),
    agencies,
    notify: (message, kind = 'ok') => setToast({ message, kind, id: Date.now() }),
    signOut,
  };

  const nav: [string, string, boolean][] = [
    ['', t('nav.overview'), true],
    ['inbox', t('nav.inbox'), session.role !== 'auditor'],
    ['tasks', t('nav.tasks'), true],
    ['rules', t('nav.rules'), can.readRules],
    ['notifications', t('nav.notifications'), true],
    ['settings', t('nav.settings'), can.readSettings],
    ['audit', t('nav.audit'), can.audit],
  ];
  const section = route.path[0] ?? '';

  return (
    <Ctx.Provider value={ctx}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('app.skip')}
      </a>
      <header class="topbar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            ◆
          </span>
          <span>{t('app.title')}</span>
        </div>
        <button
          type="button"
          class="menu-toggle secondary"
          aria-expanded={menuOpen}
          aria-controls="mainnav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          ☰ {t('app.menu')}
        </button>
        <nav id="mainnav" class={`mainnav ${menuOpen ? 'open' : ''}`} aria-label={t('app.nav')}>
          {nav
            .filter(([, , visible]) => visible)
            .map(([path, label]) => (
              <a
                key={path}
                href={`#/${path}`}
                class={section === path ? 'active' : ''}
                aria-current={section === path ? 'page' : undefined}
              >
                {label}
              </a>
            ))}
        </nav>
        <div class="who">
          <span class="role-badge" data-role={session.role}>
            {roleWords(session.role, t)}
            {session.agency ? ` · ${session.agency}` : ''}
          </span>
          <LangSwitch lang={lang} setLang={setLang} t={t} />
          <button type="button" class="secondary small" onClick={signOut}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
      {toast && (
        <div key={toast.id} class={`toast toast-${toast.kind}`} role="status" aria-live="polite">
          {toast.message}
        </div>
      )}
    </Ctx.Provider>
  );
}

function Page({ route }: { route: Route }) {
  const { t, can } = useApp();
  switch (route.path[0] ?? '') {
    case '':
      return <OverviewPage route={route} />;
    case 'inbox':
      return <InboxPage route={route} />;
    case 'tasks':
      return route.path[1] ? <TaskPage route={route} /> : <TasksPage route={route} />;
    case 'rules':
      return can.readRules ? <RulesPage route={route} /> : <NotAllowed />;
    case 'notifications':
      return <NotificationsPage route={route} />;
    case 'settings':
      return can.readSettings ? <SettingsPage route={route} /> : <NotAllowed />;
    case 'audit':
      return can.audit ? <AuditPage route={route} /> : <NotAllowed />;
    default:
      return (
        <div class="page">
          <h1>{t('error.notFound')}</h1>
          <a href="#/">{t('nav.overview')}</a>
        </div>
      );
  }
}

function NotAllowed() {
  const { t } = useApp();
  return (
    <div class="page">
      <div class="alert alert-error" role="alert">
        {t('error.notAllowedPage')}
      </div>
    </div>
  );
}
