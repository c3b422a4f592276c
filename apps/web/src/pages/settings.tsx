import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { fmtDate, todayInHanoi } from '../format';
import { href, type Route } from '../router';
import { Card, ErrorSummary, Field, LoadError, Loading, onText, useLoad } from '../ui';
import { ReportSchedules } from './settings/report-schedules';
import { LetterTemplates } from './settings/letter-templates';

const lines = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function SettingsPage({ route }: { route: Route }) {
  const { t, serverNow } = useApp();
  const thisYear = Number(todayInHanoi(serverNow).slice(0, 4));
  const year = Number(route.query.get('year')) || thisYear;
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('settings.title')}</h1>
      </div>
      <div class="grid-2">
        <Holidays year={year} years={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2]} />
        <Coordinators />
      </div>
      <ReportSchedules />
      <LetterTemplates />
    </div>
  );
}

function Holidays({ year, years }: { year: number; years: number[] }) {
  const { t, lang, api, can, notify } = useApp();
  const data = useLoad((signal) => api.get('/calendar/holidays/{year}', { params: { path: { year } }, signal }), [year]);
  const [days, setDays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (data.data) {
      setDays(data.data.days.join('\n'));
      setWorkdays(data.data.workdays.join('\n'));
      setError(null);
    }
  }, [data.data]);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.put('/calendar/holidays/{year}', { params: { path: { year } }, body: { days: lines(days), workdays: lines(workdays) } });
      notify(t('settings.holidaysSaved', { year }));
      data.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('settings.holidays')} id="holidays">
      <p class="hint">{t('settings.holidaysHint')}</p>
      <nav class="year-tabs" aria-label={t('overview.year')}>
        {years.map((y) => (
          <a
            key={y}
            href={href('/settings', { year: String(y) })}
            class={y === year ? 'active' : ''}
            aria-current={y === year ? 'page' : undefined}
          >
            {y}
          </a>
        ))}
      </nav>
      {data.error && <LoadError error={data.error} />}
      {!data.data && !data.error && <Loading />}
      {data.data && (
        <form noValidate onSubmit={save} aria-label={t('settings.holidays')}>
          <ErrorSummary error={error} fields={['days', 'workdays']} />
          <div class="form-grid">
            <Field
              id="h-days"
              label={`${t('settings.daysOff')} (${lines(days).length})`}
              field="days"
              error={error}
              hint={t('settings.oneDatePerLine')}
            >
              {(a) => <textarea {...a} rows={10} value={days} onInput={onText(setDays)} readOnly={!can.writeSettings} />}
            </Field>
            <Field
              id="h-workdays"
              label={`${t('settings.workdays')} (${lines(workdays).length})`}
              field="workdays"
              error={error}
              hint={t('settings.workdaysHint')}
            >
              {(a) => <textarea {...a} rows={10} value={workdays} onInput={onText(setWorkdays)} readOnly={!can.writeSettings} />}
            </Field>
          </div>
          <details>
            <summary>{t('settings.asDates')}</summary>
            <p>{data.data.days.map((d) => fmtDate(d, lang)).join(', ') || '—'}</p>
          </details>
          {can.writeSettings && (
            <button type="submit" disabled={busy}>
              {t('settings.save')}
            </button>
          )}
        </form>
      )}
    </Card>
  );
}

function Coordinators() {
  const { t, api, can, notify } = useApp();
  const data = useLoad((signal) => api.get('/settings/coordinators', { signal }), []);
  const [emails, setEmails] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (data.data) setEmails(data.data.emails.join('\n'));
  }, [data.data]);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.put('/settings/coordinators', { body: { emails: lines(emails) } });
      notify(t('settings.coordinatorsSaved'));
      data.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('settings.coordinators')} id="coordinators">
      <p class="hint">{t('settings.coordinatorsHint')}</p>
      {data.error && <LoadError error={data.error} />}
      {!data.data && !data.error && <Loading />}
      {data.data && (
        <form noValidate onSubmit={save} aria-label={t('settings.coordinators')}>
          <ErrorSummary error={error} fields={['emails']} />
          <Field id="c-emails" label={t('settings.emails')} field="emails" error={error} hint={t('settings.oneEmailPerLine')}>
            {(a) => <textarea {...a} rows={6} value={emails} onInput={onText(setEmails)} readOnly={!can.writeSettings} />}
          </Field>
          {can.writeSettings && (
            <button type="submit" disabled={busy}>
              {t('settings.save')}
            </button>
          )}
        </form>
      )}
    </Card>
  );
}
