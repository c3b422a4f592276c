import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import type { TaskDetail } from '../../types';
import { DayInput, ErrorSummary, Field, onText } from '../../ui';
import { textOrUndefined, useCommand } from './use-command';

export function CompleteForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t, serverNow } = useApp();
  // the day as the officer types it (dd/mm/yyyy, whatever the browser's locale) and an optional HH:MM
  const [completedOn, setCompletedOn] = useState('');
  const [completedTime, setCompletedTime] = useState('');
  const [deliverableRef, setDeliverableRef] = useState('');
  const [deliverableIssuedOn, setDeliverableIssuedOn] = useState('');
  const [note, setNote] = useState('');
  const cmd = useCommand(task, 'completion', onDone, 'done.complete');
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(serverNow)?.[1] ?? '+07:00';
  return (
    <form
      noValidate
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        cmd.submit({
          completedAt: completedAtOf(completedOn, completedTime, offset),
          deliverableRef: textOrUndefined(deliverableRef),
          deliverableIssuedOn: textOrUndefined(deliverableIssuedOn),
          note: textOrUndefined(note),
        });
      }}
    >
      <h3>{t('action.complete')}</h3>
      <ErrorSummary error={cmd.error} fields={['completedAt', 'deliverableRef', 'deliverableIssuedOn', 'note']} />
      <Field id="a-completedat" label={t('form.completedAt')} field="completedAt" error={cmd.error}>
        {(a) => <DayInput {...a} value={completedOn} onChange={setCompletedOn} />}
      </Field>
      <Field
        id="a-completedtime"
        label={t('form.completedTime')}
        field="completedAt"
        error={cmd.error}
        hint={t('form.completedTimeHint', { offset })}
      >
        {(a) => <input {...a} inputMode="numeric" placeholder="HH:MM" value={completedTime} onInput={onText(setCompletedTime)} />}
      </Field>
      <Field id="a-deliverableref" label={t('form.deliverableRef')} field="deliverableRef" error={cmd.error}>
        {(a) => <input {...a} value={deliverableRef} onInput={onText(setDeliverableRef)} />}
      </Field>
      <Field id="a-deliverableon" label={t('form.deliverableIssuedOn')} field="deliverableIssuedOn" error={cmd.error}>
        {(a) => <DayInput {...a} value={deliverableIssuedOn} onChange={setDeliverableIssuedOn} />}
      </Field>
      <Field id="a-cnote" label={t('form.note')} field="note" error={cmd.error}>
        {(a) => <textarea {...a} rows={2} value={note} onInput={onText(setNote)} />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {t('action.complete')}
      </button>
    </form>
  );
}

/**
 * The instant the API takes: the day alone (YYYY-MM-DD, the API reads it in the deadline zone)
 * or the day and the time at the zone's offset; a time typed wrong is sent as typed, so the API
 * names the field.
 */
export function completedAtOf(day: string, time: string, offset: string): string | undefined {
  if (!day.trim()) return time.trim() ? `T${time.trim()}` : undefined;
  if (!time.trim()) return day;
  const hm = /^(\d{1,2})[:hH.](\d{2})$/.exec(time.trim());
  return hm ? `${day}T${hm[1].padStart(2, '0')}:${hm[2]}:00${offset}` : `${day}T${time.trim()}`;
}
