import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import type { Lang, T } from '../i18n';
import { identify, personSession, type Session } from '../session';
import { errorText } from '../ui';

interface SignInProps {
  t: T;
  lang: Lang;
  langSwitch: preact.ComponentChildren;
  expired: boolean;
  onSignedIn(s: Session): void;
}

/** What the API answers on a failed call, for a form: the code and the message per field. */
async function postJson(path: string, body: unknown): Promise<{ ok: boolean; status: number; data: any }> {
  const res = await fetch(`/api/v1${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'vi' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  return { ok: res.ok, status: res.status, data: await res.json().catch(() => ({})) };
}

const fieldMessage = (data: any, field: string): string | null =>
  (data?.error?.details ?? []).find((d: { field: string }) => d.field === field)?.message ?? null;

/**
 * Sign-in: email and password (and the authenticator code when the person set one up); single
 * sign-on when the engine is configured for it; a pasted token for service and bootstrap tokens.
 * The page asked for (a link from an email) stays in the address bar and opens after sign-in.
 */
export function SignIn({ t, langSwitch, expired, onSignedIn }: SignInProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState<{ oidc: boolean; oidcLabel: string | null }>({ oidc: false, oidcLabel: null });
  const [mode, setMode] = useState<'password' | 'reset' | 'token'>('password');
  const [notice, setNotice] = useState<string | null>(() => {
    const reason = new URLSearchParams(location.search).get('sso');
    return reason ? t('signin.ssoRefused', { reason }) : null;
  });

  useEffect(() => {
    fetch('/api/v1/auth/options', { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then(
        (o) => o && setSso(o),
        () => undefined,
      );
  }, []);

  const signIn = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    if (!email.trim() || !password) {
      setError(t('signin.missing'));
      return;
    }
    setBusy(true);
    try {
      const res = await postJson('/auth/login', { email: email.trim(), password, ...(needTotp ? { totp } : {}) });
      if (res.ok) {
        const session = await personSession();
        if (session) onSignedIn(session);
        return;
      }
      const code = res.data?.error?.code;
      if (code === 'totp_required') {
        setNeedTotp(true);
        setError(null);
        return;
      }
      setError(res.status === 429 ? t('signin.locked') : (res.data?.error?.message ?? t('signin.wrong')));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const reset = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!email.trim()) {
      setError(t('signin.missing'));
      return;
    }
    setBusy(true);
    const res = await postJson('/auth/password-reset', { email: email.trim() }).catch(() => null);
    setBusy(false);
    if (res?.ok) {
      setNotice(t('signin.resetSent'));
      setMode('password');
    } else setError(fieldMessage(res?.data, 'email') ?? t('signin.wrong'));
  };

  const returnTo = `/${location.hash}`;
  return (
    <main class="signin">
      <div class="signin-card card">
        {langSwitch}
        <h1>{t('app.title')}</h1>
        {expired && (
          <div class="alert alert-info" role="status">
            {t('signin.expired')}
          </div>
        )}
        {notice && (
          <div class="alert alert-info" role="status">
            {notice}
          </div>
        )}
        {mode === 'password' && (
          <form noValidate onSubmit={signIn} aria-label={t('signin.title')}>
            <div class="field">
              <label for="email">{t('signin.email')}</label>
              <input
                id="email"
                name="email"
                type="email"
                autoComplete="username"
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="password">{t('signin.password')}</label>
              <input
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </div>
            {needTotp && (
              <div class="field">
                <label for="totp">{t('signin.totp')}</label>
                <input
                  id="totp"
                  name="totp"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  value={totp}
                  onInput={(e) => setTotp(e.currentTarget.value)}
                />
                <small class="hint">{t('signin.totpHint')}</small>
              </div>
            )}
            {error && (
              <div class="field-error" role="alert">
                {error}
              </div>
            )}
            <button type="submit" disabled={busy}>
              {busy ? t('signin.checking') : t('signin.submit')}
            </button>
            <p>
              <a href="#" onClick={(e) => (e.preventDefault(), setMode('reset'), setError(null))}>
                {t('signin.forgot')}
              </a>
            </p>
          </form>
        )}
        {mode === 'reset' && (
          <form noValidate onSubmit={reset} aria-label={t('signin.resetTitle')}>
            <h2>{t('signin.resetTitle')}</h2>
            <p class="muted">{t('signin.resetIntro')}</p>
            <div class="field">
              <label for="reset-email">{t('signin.email')}</label>
              <input id="reset-email" type="email" autoComplete="username" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
            </div>
            {error && (
              <div class="field-error" role="alert">
                {error}
              </div>
            )}
            <button type="submit" disabled={busy}>
              {t('signin.resetSend')}
            </button>{' '}
            <button type="button" class="secondary" onClick={() => setMode('password')}>
              {t('signin.back')}
            </button>
          </form>
        )}
        {sso.oidc && mode === 'password' && (
          <p>
            <a class="button secondary" href={`/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`}>
              {sso.oidcLabel}
            </a>
          </p>
        )}
        {mode === 'token' ? (
          <TokenSignIn t={t} onSignedIn={onSignedIn} onBack={() => setMode('password')} />
        ) : (
          <details class="token-signin">
            <summary onClick={(e) => (e.preventDefault(), setMode('token'))}>{t('signin.withToken')}</summary>
          </details>
        )}
      </div>
    </main>
  );
}

function TokenSignIn({ t, onSignedIn, onBack }: { t: T; onSignedIn(s: Session): void; onBack(): void }) {
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
    <form noValidate onSubmit={submit} aria-label={t('signin.withToken')}>
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
      </button>{' '}
      <button type="button" class="secondary" onClick={onBack}>
        {t('signin.back')}
      </button>
    </form>
  );
}

/** /accept?token=… (invitation) and /reset?token=… (password reset): choose a password. */
export function SetPassword({ t, langSwitch, kind }: { t: T; langSwitch: preact.ComponentChildren; kind: 'accept' | 'reset' }) {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (password !== again) {
      setError(t('password.mismatch'));
      return;
    }
    setBusy(true);
    const res = await postJson('/auth/invitations/accept', { token, password }).catch(() => null);
    setBusy(false);
    if (res?.ok) setDone(true);
    else setError(fieldMessage(res?.data, 'password') ?? res?.data?.error?.message ?? t('error.network'));
  };
  return (
    <main class="signin">
      <div class="signin-card card">
        {langSwitch}
        <h1>{kind === 'accept' ? t('password.acceptTitle') : t('password.resetTitle')}</h1>
        {done ? (
          <div class="alert alert-info" role="status">
            {t('password.done')} <a href="/">{t('signin.submit')}</a>
          </div>
        ) : (
          <form noValidate onSubmit={submit}>
            <p class="muted">{t('password.rules')}</p>
            <div class="field">
              <label for="new-password">{t('password.new')}</label>
              <input
                id="new-password"
                type="password"
                autoComplete="new-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="new-password-again">{t('password.again')}</label>
              <input
                id="new-password-again"
                type="password"
                autoComplete="new-password"
                value={again}
                onInput={(e) => setAgain(e.currentTarget.value)}
              />
            </div>
            {error && (
              <div class="field-error" role="alert">
                {error}
              </div>
            )}
            <button type="submit" disabled={busy || !token}>
              {t('password.save')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
