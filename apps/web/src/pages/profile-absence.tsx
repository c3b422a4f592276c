import { useState } from 'preact/hooks';
import { useApp } from '../context';
import { dayFromInput, fmtDate } from '../format';
import { DayInput, ErrorSummary, Field, onText } from '../ui';

interface Absence {
  from: string;
  to: string;
  substitute: { name: string; email: string };
}

/** "Vắng mặt": a person away names who stands in; reminders and escalations go to them meanwhile. */
export function AbsenceCard({ absence, onDone }: { absence: Absence | null | undefined; onDone: () => void }) {
  const { t, lang, api, notify } = useApp();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await api.putDraft('/me/absence', {}, body);
      notify(t(body.absence === null ? 'absence.ended' : 'absence.saved'));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" id="absence">
      <h2>{t('absence.title')}</h2>
      {absence ? (
        <p>
          {t('absence.current', { from: fmtDate(absence.from, lang), to: fmtDate(absence.to, lang), name: absence.substitute.name })}{' '}
          <span class="muted">({absence.substitute.email})</span>{' '}
          <button type="button" class="small secondary" disabled={busy} onClick={() => void save({ absence: null })}>
            {t('absence.end')}
          </button>
        </p>
      ) : (
        <p class="muted">{t('absence.none')}</p>
      )}
      <form
        noValidate
        onSubmit={(e) => (e.preventDefault(), void save({ from: dayFromInput(from), to: dayFromInput(to), substitute: { name, email } }))}
        aria-label={t('absence.title')}
      >
        <p class="hint">{t('absence.hint')}</p>
        <ErrorSummary error={error} fields={['from', 'to', 'substitute', 'substitute.name', 'substitute.email']} />
        <div class="form-grid">
          <Field id="ab-from" label={t('agencies.from')} field="from" error={error} hint="dd/mm/yyyy">
            {(a) => <DayInput {...a} value={from} onChange={setFrom} />}
          </Field>
          <Field id="ab-to" label={t('agencies.to')} field="to" error={error} hint="dd/mm/yyyy">
            {(a) => <DayInput {...a} value={to} onChange={setTo} />}
          </Field>
          <Field id="ab-name" label={t('absence.substituteName')} field="substitute.name" error={error}>
            {(a) => <input {...a} value={name} onInput={onText(setName)} />}
          </Field>
          <Field id="ab-email" label={t('absence.substituteEmail')} field="substitute.email" error={error}>
            {(a) => <input {...a} type="email" value={email} onInput={onText(setEmail)} />}
          </Field>
        </div>
        <button type="submit" disabled={busy}>
          {t('absence.save')}
        </button>
      </form>
    </section>
  );
}
