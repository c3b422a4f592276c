import { useState } from 'preact/hooks';
import { useApp } from '../context';
import { roleWords } from '../format';
import type { Route } from '../router';
import { ErrorSummary, Field, LoadError, Loading, useLoad } from '../ui';
import { PeopleImportCard } from './people-import';

type Role = 'admin' | 'coordinator' | 'agency' | 'auditor';
const ROLES: Role[] = ['admin', 'coordinator', 'agency', 'auditor'];

interface PersonDraft {
  email: string;
  name: string;
  title: string;
  phone: string;
  agency: string;
  roles: Role[];
  focalPoint: boolean;
  language: 'vi' | 'en';
}

const EMPTY: PersonDraft = { email: '', name: '', title: '', phone: '', agency: '', roles: ['agency'], focalPoint: false, language: 'vi' };
const FIELDS = ['email', 'name', 'title', 'phone', 'agency', 'roles', 'focalPoint', 'language'];

/** "Người dùng": the directory; admins add people (an invitation email goes out), edit, disable, resend. */
export function PeoplePage({ route }: { route: Route }) {
  const { t, api, can, agencies, notify } = useApp();
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<{ id: string | null; draft: PersonDraft } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [importing, setImporting] = useState(false);
  const agency = route.query.get('agency') ?? '';
  // after an import, read the list once it holds the invited people
  const [minPosition, setMinPosition] = useState<number | undefined>(undefined);
  const people = useLoad(
    (signal) => api.get('/users', { params: { query: { agency: agency || undefined, minPosition } }, signal }),
    [agency, reload, minPosition],
  );

  const save = async (e: Event) => {
    e.preventDefault();
    if (!editing) return;
    setBusy(true);
    setError(null);
    const d = editing.draft;
    const body = { ...d, title: d.title || null, phone: d.phone || null, agency: d.agency || null };
    try {
      if (editing.id) await api.putDraft('/users/{id}', { id: editing.id }, body);
      else await api.postDraft('/users', {}, body);
      notify(editing.id ? t('people.saved') : t('people.invited', { email: d.email }));
      setEditing(null);
      setReload((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const act = async (id: string, action: 'disable' | 'enable' | 'invitation', label: string) => {
    try {
      if (action === 'disable') await api.postDraft('/users/{id}/disable', { id }, {});
      else if (action === 'enable') await api.postDraft('/users/{id}/enable', { id }, {});
      else await api.postDraft('/users/{id}/invitation', { id }, {});
      notify(label);
      setReload((n) => n + 1);
    } catch (err) {
      notify(String((err as Error).message), 'error');
    }
  };
  const set = <K extends keyof PersonDraft>(key: K, value: PersonDraft[K]) =>
    setEditing((cur) => (cur ? { ...cur, draft: { ...cur.draft, [key]: value } } : cur));
  const agencyName = (code: string | null) => (code ? (agencies.find((a) => a.code === code)?.name ?? code) : '—');

  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('people.title')}</h1>
        {can.writePeople && !editing && (
          <div class="actions">
            <button type="button" onClick={() => (setEditing({ id: null, draft: EMPTY }), setError(null))}>
              {t('people.add')}
            </button>
            <button type="button" class="secondary" onClick={() => setImporting(true)}>
              {t('peopleImport.open')}
            </button>
          </div>
        )}
      </div>
      {importing && (
        <PeopleImportCard
          onDone={(position) => (position ? setMinPosition(position) : setReload((n) => n + 1))}
          onClose={() => setImporting(false)}
        />
      )}
      {editing && (
        <form class="card form-grid" noValidate onSubmit={save} aria-label={editing.id ? t('people.edit') : t('people.add')}>
          <h2>{editing.id ? t('people.edit') : t('people.add')}</h2>
          <ErrorSummary error={error} fields={FIELDS} />
          <Field id="p-name" label={t('people.name')} field="name" error={error}>
            {(a) => <input {...a} value={editing.draft.name} onInput={(e) => set('name', e.currentTarget.value)} />}
          </Field>
          <Field id="p-title" label={t('people.personTitle')} field="title" error={error} hint={t('people.titleHint')}>
            {(a) => <input {...a} value={editing.draft.title} onInput={(e) => set('title', e.currentTarget.value)} />}
          </Field>
          <Field id="p-email" label={t('signin.email')} field="email" error={error}>
            {(a) => <input {...a} type="email" value={editing.draft.email} onInput={(e) => set('email', e.currentTarget.value)} />}
          </Field>
          <Field id="p-phone" label={t('people.phone')} field="phone" error={error}>
            {(a) => <input {...a} type="tel" value={editing.draft.phone} onInput={(e) => set('phone', e.currentTarget.value)} />}
          </Field>
          <Field id="p-agency" label={t('people.agency')} field="agency" error={error}>
            {(a) => (
              <select {...a} value={editing.draft.agency} onChange={(e) => set('agency', e.currentTarget.value)}>
                <option value="">—</option>
                {agencies.map((ag) => (
                  <option key={ag.code} value={ag.code}>
                    {ag.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset class="field">
            <legend>{t('people.roles')}</legend>
            {ROLES.map((r) => (
              <label key={r} class="check">
                <input
                  type="checkbox"
                  checked={editing.draft.roles.includes(r)}
                  onChange={(e) =>
                    set('roles', e.currentTarget.checked ? [...editing.draft.roles, r] : editing.draft.roles.filter((x) => x !== r))
                  }
                />{' '}
                {roleWords(r, t)}
              </label>
            ))}
            {error instanceof Error && 'forField' in error && (error as any).forField('roles').length > 0 && (
              <div class="field-error" role="alert">
                {(error as any).forField('roles').join(' ')}
              </div>
            )}
          </fieldset>
          <label class="check">
            <input type="checkbox" checked={editing.draft.focalPoint} onChange={(e) => set('focalPoint', e.currentTarget.checked)} />{' '}
            {t('people.focalPoint')}
          </label>
          <Field id="p-language" label={t('app.language')} field="language" error={error}>
            {(a) => (
              <select {...a} value={editing.draft.language} onChange={(e) => set('language', e.currentTarget.value as 'vi' | 'en')}>
                <option value="vi">Tiếng Việt</option>
                <option value="en">English</option>
              </select>
            )}
          </Field>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {editing.id ? t('people.save') : t('people.sendInvitation')}
            </button>{' '}
            <button type="button" class="secondary" onClick={() => setEditing(null)}>
              {t('people.cancel')}
            </button>
          </div>
        </form>
      )}
      {people.error && <LoadError error={people.error} />}
      {people.loading && !people.data && <Loading />}
      {people.data && (
        <div class="table-wrap" tabIndex={0}>
          <table class="people-table">
            <thead>
              <tr>
                <th scope="col">{t('people.name')}</th>
                <th scope="col">{t('people.agency')}</th>
                <th scope="col">{t('people.roles')}</th>
                <th scope="col">{t('people.status')}</th>
                {can.writePeople && <th scope="col">{t('people.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {people.data.map((p) => (
                <tr key={p.id} data-status={p.status}>
                  <td data-label={t('people.name')}>
                    <strong>{p.name}</strong>
                    {p.title ? <div class="muted">{p.title}</div> : null}
                    <div class="muted small">{p.email}</div>
                  </td>
                  <td data-label={t('people.agency')}>
                    {agencyName(p.agency)}
                    {p.focalPoint ? <div class="badge">{t('people.focalPoint')}</div> : null}
                  </td>
                  <td data-label={t('people.roles')}>{p.roles.map((r) => roleWords(r, t)).join(', ')}</td>
                  <td data-label={t('people.status')}>
                    <span class={`badge status-${p.status}`}>{t(`people.status.${p.status}` as 'people.status.active')}</span>
                  </td>
                  {can.writePeople && (
                    <td data-label={t('people.actions')} class="row-actions">
                      <button
                        type="button"
                        class="secondary small"
                        onClick={() =>
                          setEditing({
                            id: p.id,
                            draft: {
                              email: p.email,
                              name: p.name,
                              title: p.title ?? '',
                              phone: p.phone ?? '',
                              agency: p.agency ?? '',
                              roles: p.roles as Role[],
                              focalPoint: p.focalPoint,
                              language: p.language as 'vi' | 'en',
                            },
                          })
                        }
                      >
                        {t('people.edit')}
                      </button>
                      {p.status === 'invited' && (
                        <button type="button" class="secondary small" onClick={() => act(p.id, 'invitation', t('people.resent'))}>
                          {t('people.resend')}
                        </button>
                      )}
                      {p.status === 'disabled' ? (
                        <button type="button" class="secondary small" onClick={() => act(p.id, 'enable', t('people.enabled'))}>
                          {t('people.enable')}
                        </button>
                      ) : (
                        <button type="button" class="small danger-outline" onClick={() => act(p.id, 'disable', t('people.disabled'))}>
                          {t('people.disable')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
