import { useState } from 'preact/hooks';
import { useApp } from '../context';
import { fmtDateTime, roleWords } from '../format';
import { ErrorSummary, Field, LoadError, Loading, useLoad } from '../ui';
import { AbsenceCard } from './profile-absence';

/** "Hồ sơ cá nhân": who is signed in, personal access tokens, the second factor, sign out everywhere. */
export function ProfilePage() {
  const { t, lang, api, session, agencies, notify, signOut } = useApp();
  const [reload, setReload] = useState(0);
  const me = useLoad((signal) => api.get('/me', { signal }), [reload]);
  const tokens = useLoad((signal) => (session.person ? api.get('/me/tokens', { signal }) : Promise.resolve([])), [reload]);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [made, setMade] = useState<string | null>(null);
  const [enrol, setEnrol] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);

  if (!session.person)
    return (
      <div class="page">
        <p class="muted">{t('profile.tokenOnly')}</p>
      </div>
    );
  const createToken = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await api.postDraft('/me/tokens', {}, { name, expiresInDays: Number(days) });
      setMade(created.token);
      setName('');
      setReload((n) => n + 1);
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (id: string) => {
    await api.delete('/me/tokens/{id}', { params: { path: { id } } }).catch(() => undefined);
    notify(t('profile.revoked'));
    setReload((n) => n + 1);
  };
  const beginTotp = async () => {
    setError(null);
    try {
      setEnrol(await api.postDraft('/me/totp', {}, {}));
    } catch (err) {
      setError(err);
    }
  };
  const confirmTotp = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.postDraft('/me/totp/confirm', {}, { code });
      setEnrol(null);
      notify(t('profile.totpOn'));
      setReload((n) => n + 1);
    } catch (err) {
      setError(err);
    }
  };
  const everywhere = async () => {
    await api.postDraft('/auth/logout-everywhere', {}, {}).catch(() => undefined);
    signOut();
  };
  const p = me.data;
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('profile.title')}</h1>
      </div>
      {me.error && <LoadError error={me.error} />}
      {me.loading && !p && <Loading />}
      {p && (
        <section class="card">
          <h2>{p.name}</h2>
          <dl class="facts">
            <dt>{t('people.personTitle')}</dt>
            <dd>{p.title ?? '—'}</dd>
            <dt>{t('signin.email')}</dt>
            <dd>{p.email}</dd>
            <dt>{t('people.agency')}</dt>
            <dd>{p.agency ? (agencies.find((a) => a.code === p.agency)?.name ?? p.agency) : '—'}</dd>
            <dt>{t('people.roles')}</dt>
            <dd>{p.roles.map((r) => roleWords(r, t)).join(', ')}</dd>
          </dl>
          <button type="button" class="secondary" onClick={everywhere}>
            {t('profile.signOutEverywhere')}
          </button>
        </section>
      )}
      {p && <AbsenceCard absence={p.absence} onDone={() => setReload((n) => n + 1)} />}
      <ErrorSummary error={error} fields={['name', 'expiresInDays', 'code']} />
      <section class="card">
        <h2>{t('profile.totp')}</h2>
        {p?.totp ? (
          <p>{t('profile.totpOn')}</p>
        ) : enrol ? (
          <form noValidate onSubmit={confirmTotp}>
            <p>{t('profile.totpScan')}</p>
            <p>
              <code class="secret">{enrol.secret}</code>
            </p>
            <p>
              <a href={enrol.uri}>{t('profile.totpLink')}</a>
            </p>
            <Field id="totp-code" label={t('signin.totp')} field="code" error={error}>
              {(a) => (
                <input
                  {...a}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  value={code}
                  onInput={(e) => setCode(e.currentTarget.value)}
                />
              )}
            </Field>
            <button type="submit">{t('profile.totpConfirm')}</button>
          </form>
        ) : (
          <>
            {p?.totpEnrolmentRequired && <div class="alert alert-info">{t('profile.totpRequired')}</div>}
            <button type="button" onClick={beginTotp}>
              {t('profile.totpBegin')}
            </button>
          </>
        )}
      </section>
      <section class="card">
        <h2>{t('profile.tokens')}</h2>
        <p class="muted">{t('profile.tokensIntro')}</p>
        {made && (
          <div class="alert alert-info" role="status">
            {t('profile.tokenOnce')} <code class="secret">{made}</code>
          </div>
        )}
        <form class="inline-form" noValidate onSubmit={createToken}>
          <Field id="token-name" label={t('profile.tokenName')} field="name" error={error}>
            {(a) => <input {...a} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          <Field id="token-days" label={t('profile.tokenDays')} field="expiresInDays" error={error}>
            {(a) => <input {...a} inputMode="numeric" value={days} onInput={(e) => setDays(e.currentTarget.value)} />}
          </Field>
          <button type="submit">{t('profile.tokenCreate')}</button>
        </form>
        {tokens.data && tokens.data.length > 0 && (
          <ul class="token-list">
            {tokens.data.map((tk) => (
              <li key={tk.id}>
                <strong>{tk.name}</strong> · {t('profile.expires')} {fmtDateTime(tk.expiresAt, lang)}
                {tk.revokedAt ? (
                  <span class="badge">{t('profile.revoked')}</span>
                ) : (
                  <button type="button" class="secondary small" onClick={() => revoke(tk.id)}>
                    {t('profile.revoke')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
