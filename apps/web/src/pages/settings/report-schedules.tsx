import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../context';
import { fmtDateTime } from '../../format';
import { Card, ErrorSummary, Field, LoadError, Loading, onText, useLoad } from '../../ui';

interface Draft {
  id: string;
  name: string;
  enabled: boolean;
  dayOfMonth: string;
  time: string;
  title: string;
  recipients: string;
  source: string;
}

const blank = (n: number): Draft => ({
  id: `bao-cao-${n}`,
  name: '',
  enabled: true,
  dayOfMonth: '25',
  time: '08:00',
  title: '',
  recipients: '',
  source: '',
});

const list = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Scheduled reports (admin): each schedule publishes an edition of the report on its day at its
 * time and mails the official report (DOCX and PDF) to its recipients; the others read them.
 */
export function ReportSchedules() {
  const { t, lang, api, can, notify } = useApp();
  const data = useLoad((signal) => api.get('/settings/report-schedules', { signal }), []);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!data.data) return;
    setDrafts(
      data.data.schedules.map((s) => ({
        id: s.id,
        name: s.name,
        enabled: s.enabled,
        dayOfMonth: String(s.dayOfMonth),
        time: s.time,
        title: s.title,
        recipients: s.recipients.join('\n'),
        source: s.source ?? '',
      })),
    );
  }, [data.data]);
  const edit = (i: number, patch: Partial<Draft>) => setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const schedules = drafts.map((d) => ({
        id: d.id.trim(),
        name: d.name,
        enabled: d.enabled,
        dayOfMonth: Number(d.dayOfMonth),
        time: d.time.trim(),
        title: d.title,
        recipients: list(d.recipients),
        source: d.source.trim() || null,
      }));
      await api.put('/settings/report-schedules', { body: { schedules } });
      notify(t('schedules.saved'));
      data.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const readOnly = !can.writeSettings;
  return (
    <Card title={t('schedules.title')} id="report-schedules">
      <p class="hint">{t('schedules.hint')}</p>
      {data.error && <LoadError error={data.error} />}
      {!data.data && !data.error && <Loading />}
      {data.data && (
        <form noValidate onSubmit={save} aria-label={t('schedules.title')}>
          <ErrorSummary
            error={error}
            fields={drafts.flatMap((_, i) =>
              ['id', 'name', 'dayOfMonth', 'time', 'title', 'recipients'].map((f) => `schedules[${i}].${f}`),
            )}
          />
          {drafts.length === 0 && <p class="muted">{t('schedules.none')}</p>}
          {drafts.map((d, i) => {
            const f = (name: string) => `schedules[${i}].${name}`;
            const next = data.data?.nextRuns[i];
            return (
              <fieldset key={i} class="group schedule">
                <legend>
                  {d.name || t('schedules.new')}
                  {next && d.enabled ? <span class="muted"> · {t('schedules.next', { at: fmtDateTime(next, lang) })}</span> : null}
                </legend>
                <div class="form-grid">
                  <Field id={`s-${i}-name`} label={t('schedules.name')} field={f('name')} error={error}>
                    {(a) => <input {...a} value={d.name} onInput={onText((v) => edit(i, { name: v }))} readOnly={readOnly} />}
                  </Field>
                  <Field id={`s-${i}-title`} label={t('schedules.reportTitle')} field={f('title')} error={error}>
                    {(a) => <input {...a} value={d.title} onInput={onText((v) => edit(i, { title: v }))} readOnly={readOnly} />}
                  </Field>
                  <Field id={`s-${i}-day`} label={t('schedules.day')} field={f('dayOfMonth')} error={error} hint={t('schedules.dayHint')}>
                    {(a) => (
                      <input
                        {...a}
                        inputMode="numeric"
                        value={d.dayOfMonth}
                        onInput={onText((v) => edit(i, { dayOfMonth: v }))}
                        readOnly={readOnly}
                      />
                    )}
                  </Field>
                  <Field id={`s-${i}-time`} label={t('schedules.time')} field={f('time')} error={error} hint="HH:mm">
                    {(a) => <input {...a} value={d.time} onInput={onText((v) => edit(i, { time: v }))} readOnly={readOnly} />}
                  </Field>
                  <Field
                    id={`s-${i}-recipients`}
                    label={t('schedules.recipients')}
                    field={f('recipients')}
                    error={error}
                    hint={t('settings.oneEmailPerLine')}
                  >
                    {(a) => (
                      <textarea
                        {...a}
                        rows={3}
                        value={d.recipients}
                        onInput={onText((v) => edit(i, { recipients: v }))}
                        readOnly={readOnly}
                      />
                    )}
                  </Field>
                  <Field
                    id={`s-${i}-source`}
                    label={t('schedules.source')}
                    field={f('source')}
                    error={error}
                    hint={t('schedules.sourceHint')}
                  >
                    {(a) => <input {...a} value={d.source} onInput={onText((v) => edit(i, { source: v }))} readOnly={readOnly} />}
                  </Field>
                </div>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={d.enabled}
                    disabled={readOnly}
                    onChange={(e) => edit(i, { enabled: (e.target as HTMLInputElement).checked })}
                  />{' '}
                  {t('schedules.enabled')}
                </label>
                {!readOnly && (
                  <button type="button" class="secondary" onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>
                    {t('schedules.remove')}
                  </button>
                )}
              </fieldset>
            );
          })}
          {!readOnly && (
            <div class="actions">
              <button type="button" class="secondary" onClick={() => setDrafts([...drafts, blank(drafts.length + 1)])}>
                {t('schedules.add')}
              </button>
              <button type="submit" disabled={busy}>
                {t('settings.save')}
              </button>
            </div>
          )}
        </form>
      )}
    </Card>
  );
}
