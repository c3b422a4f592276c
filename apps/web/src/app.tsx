import { InboxPage } from './pages/inbox';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api } from './api';
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
import { EditionsPage } from './pages/editions';
import { AgenciesPage } from './pages/agencies';
import { AssignPage } from './pages/task/assign-page';
import { ImportPage } from './pages/task/import-page';
import { PeoplePage } from './pages/people';
import { ProfilePage } from './pages/profile';
import { SetPassword, SignIn } from './pages/sign-in';
import { capabilities, clearSession, endPersonSession, loadSession, personSession, saveSession, type Session } from './session';
import type { Agency } from './types';

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  // a pasted token lives in this tab; a signed-in person's session is the cookie, asked for once
  const [session, setSession] = useState<Session | null | undefined>(() => loadSession() ?? undefined);
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
  useEffect(() => {
    if (session === undefined) personSession().then(setSession, () => setSession(null));
  }, [session]);

  const signOut = () => {
    if (session && !session.token) void endPersonSession(session.csrfToken);
    clearSession();
    setSession(null);
  };
  const langSwitch = <LangSwitch lang={lang} setLang={setLang} t={t} />;

  const page = location.pathname.replace(/\/+$/, '');
  if (page === '/accept' || page === '/reset')
    return <SetPassword t={t} langSwitch={langSwitch} kind={page === '/accept' ? 'accept' : 'reset'} />;
  if (session === undefined) return null;

  return session ? (
    <Shell
      key={session.token ?? session.person?.id}
      session={session}
      lang={lang}
      setLang={setLang}
      t={t}
      signOut={signOut}
      onExpired={() => {
        setExpired(true);
        clearSession();
        setSession(null);
      }}
    />
  ) : (
    <SignIn
      t={t}
      lang={lang}
      langSwitch={langSwitch}
      expired={expired}
      onSignedIn={(s) => {
        saveSession(s);
        setExpired(false);
        // back on the console's own address (a refused single sign-on came to /login)
        if (location.pathname !== '/') history.replaceState(null, '', `/${location.hash}`);
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
  const api = useMemo(() => new Api(session.token, onExpired, session.csrfToken ?? null), [session.token, session.csrfToken]);
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
    ['editions', t('nav.editions'), can.readAll],
    ['agencies', t('nav.agencies'), can.readAll],
    ['people', t('nav.people'), can.readPeople],
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
          {session.person ? (
            <a href="#/me" class="who-person" title={session.person.email}>
              {session.person.name}
              <span class="role-badge" data-role={session.role}>
                {roleWords(session.role, t)}
                {session.agency ? ` · ${agencies.find((a) => a.code === session.agency)?.name ?? session.agency}` : ''}
              </span>
            </a>
          ) : (
            <span class="role-badge" data-role={session.role}>
              {roleWords(session.role, t)}
              {session.agency ? ` · ${session.agency}` : ''}
            </span>
          )}
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
      if (route.path[1] === 'new') return can.coordinate ? <AssignPage /> : <NotAllowed />;
      if (route.path[1] === 'import') return can.coordinate ? <ImportPage /> : <NotAllowed />;
      return route.path[1] ? <TaskPage route={route} /> : <TasksPage route={route} />;
    case 'rules':
      return can.readRules ? <RulesPage route={route} /> : <NotAllowed />;
    case 'notifications':
      return <NotificationsPage route={route} />;
    case 'settings':
      return can.readSettings ? <SettingsPage route={route} /> : <NotAllowed />;
    case 'audit':
      return can.audit ? <AuditPage route={route} /> : <NotAllowed />;
    case 'agencies':
      return can.readAll ? <AgenciesPage /> : <NotAllowed />;
    case 'editions':
      return can.readAll ? <EditionsPage route={route} /> : <NotAllowed />;
    case 'people':
      return can.readPeople ? <PeoplePage route={route} /> : <NotAllowed />;
    case 'me':
      return <ProfilePage />;
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
