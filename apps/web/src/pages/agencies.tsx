import { useState } from 'preact/hooks';
import { useApp } from '../context';
import { dayFromInput, fmtDate } from '../format';
import { Card, ErrorSummary, Field, LoadError, Loading, onText, useLoad } from '../ui';

const KINDS = ['ministry', 'province', 'agency'] as const;
type Kind = (typeof KINDS)[number];

interface Person {
  name: string;
  title: string;
  email: string;
}
const blankPerson = (): Person => ({ name: '', title: '', email: '' });

/** "Cơ quan": the agencies with their heads and acting heads; coordinators register agencies and change who heads them. */
export function AgenciesPage() {
  const { t, lang, api, can } = useApp();
  const list = useLoad((signal) => api.get('/agencies', { signal }), []);
  const [open, setOpen] = useState<{ code: string; form: 'head' | 'acting' } | null>(null);
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('agencies.title')}</h1>
      </div>
      {can.coordinate && <RegisterAgency onDone={list.reload} />}
      <Card title={t('agencies.list', { n: list.data?.length ?? 0 })} id="agencies">
        {list.error && <LoadError error={list.error} />}
        {!list.data && !list.error && <Loading />}
        {list.data && (
          <div class="table-wrap" tabIndex={0}>
            <table class="agencies-table">
              <thead>
                <tr>
                  <th>{t('agencies.code')}</th>
                  <th>{t('agencies.name')}</th>
                  <th>{t('agencies.head')}</th>
                  <th>{t('agencies.acting')}</th>
                  {can.coordinate && <th>{t('agencies.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {list.data.map((a) => (
                  <tr key={a.code} data-agency={a.code}>
                    <td data-label={t('agencies.code')}>{a.code}</td>
                    <td data-label={t('agencies.name')}>
                      {a.name}
                      <div class="sub">{t(`agencies.kind.${a.kind as Kind}`)}</div>
                    </td>
                    <td data-label={t('agencies.head')}>
                      {a.head.title} {a.head.name}
                      <div class="sub">{a.head.email}</div>
                    </td>
                    <td data-label={t('agencies.acting')}>
                      {a.actingHead ? (
                        <>
                          {a.actingHead.title} {a.actingHead.name}
                          <div class="sub">
                            {fmtDate(a.actingHead.from, lang)} – {fmtDate(a.actingHead.to, lang)}
                          </div>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    {can.coordinate && (
                      <td class="actions-cell">
                        <button type="button" class="small secondary" onClick={() => setOpen({ code: a.code, form: 'head' })}>
                          {t('agencies.changeHead')}
                        </button>{' '}
                        <button type="button" class="small secondary" onClick={() => setOpen({ code: a.code, form: 'acting' })}>
                          {t('agencies.setActing')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {open && (
          <HeadForm
            key={`${open.code}-${open.form}`}
            code={open.code}
            acting={open.form === 'acting'}
            onDone={() => (setOpen(null), list.reload())}
            onCancel={() => setOpen(null)}
          />
        )}
      </Card>
    </div>
  );
}

function PersonFields({
  id,
  value,
  set,
  error,
  prefix,
}: {
  id: string;
  value: Person;
  set: (p: Person) => void;
  error: unknown;
  prefix: string;
}) {
  const { t } = useApp();
  return (
    <>
      <Field id={`${id}-name`} label={t('agencies.personName')} field={`${prefix}name`} error={error}>
        {(a) => <input {...a} value={value.name} onInput={onText((v) => set({ ...value, name: v }))} />}
      </Field>
      <Field id={`${id}-title`} label={t('agencies.personTitle')} field={`${prefix}title`} error={error}>
        {(a) => <input {...a} value={value.title} onInput={onText((v) => set({ ...value, title: v }))} />}
      </Field>
      <Field id={`${id}-email`} label={t('agencies.personEmail')} field={`${prefix}email`} error={error}>
        {(a) => <input {...a} type="email" value={value.email} onInput={onText((v) => set({ ...value, email: v }))} />}
      </Field>
    </>
  );
}

function RegisterAgency({ onDone }: { onDone: () => void }) {
  const { t, api, notify } = useApp();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('ministry');
  const [head, setHead] = useState(blankPerson());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/agencies', { body: { code, name, kind, head } });
      notify(t('agencies.registered', { code: code.toUpperCase() }));
      setCode('');
      setName('');
      setHead(blankPerson());
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('agencies.register')} id="register-agency">
      <form noValidate onSubmit={send} aria-label={t('agencies.register')}>
        <ErrorSummary error={error} fields={['code', 'name', 'kind', 'head', 'head.name', 'head.title', 'head.email']} />
        <div class="form-grid">
          <Field id="ag-code" label={t('agencies.code')} field="code" error={error} hint={t('agencies.codeHint')}>
            {(a) => <input {...a} value={code} onInput={onText(setCode)} />}
          </Field>
          <Field id="ag-name" label={t('agencies.name')} field="name" error={error}>
            {(a) => <input {...a} value={name} onInput={onText(setName)} />}
          </Field>
          <Field id="ag-kind" label={t('agencies.kind')} field="kind" error={error}>
            {(a) => (
              <select {...a} value={kind} onChange={onText((v) => setKind(v as Kind))}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`agencies.kind.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <PersonFields id="ag-head" value={head} set={setHead} error={error} prefix="head." />
        </div>
        <button type="submit" disabled={busy}>
          {t('agencies.registerButton')}
        </button>
      </form>
    </Card>
  );
}

function HeadForm({ code, acting, onDone, onCancel }: { code: string; acting: boolean; onDone: () => void; onCancel: () => void }) {
  const { t, api, notify } = useApp();
  const [person, setPerson] = useState(blankPerson());
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (acting) {
        await api.putDraft('/agencies/{code}/acting-head', { code }, { ...person, from: dayFromInput(from), to: dayFromInput(to) });
      } else {
        await api.putDraft('/agencies/{code}/head', { code }, { ...person });
      }
      notify(t(acting ? 'agencies.actingSet' : 'agencies.headChanged', { code }));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const title = t(acting ? 'agencies.setActingFor' : 'agencies.changeHeadOf', { code });
  return (
    <form noValidate class="action-form" onSubmit={send} aria-label={title}>
      <h3>{title}</h3>
      <ErrorSummary error={error} fields={['name', 'title', 'email', 'from', 'to']} />
      <div class="form-grid">
        <PersonFields id={`hf-${code}`} value={person} set={setPerson} error={error} prefix="" />
        {acting && (
          <>
            <Field id={`hf-${code}-from`} label={t('agencies.from')} field="from" error={error} hint="dd/mm/yyyy">
              {(a) => <input {...a} inputMode="numeric" placeholder="dd/mm/yyyy" value={from} onInput={onText(setFrom)} />}
            </Field>
            <Field id={`hf-${code}-to`} label={t('agencies.to')} field="to" error={error} hint="dd/mm/yyyy">
              {(a) => <input {...a} inputMode="numeric" placeholder="dd/mm/yyyy" value={to} onInput={onText(setTo)} />}
            </Field>
          </>
        )}
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t('settings.save')}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t('agencies.cancel')}
        </button>
      </div>
    </form>
  );
}
