import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import type { TaskDetail } from '../../types';
import { ErrorSummary, Field, onText } from '../../ui';
import { textOrUndefined, useCommand } from './use-command';

export function CompleteForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t, serverNow } = useApp();
  const [completedAt, setCompletedAt] = useState('');
  const [deliverableRef, setDeliverableRef] = useState('');
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
          completedAt: completedAt ? `${completedAt}:00${offset}` : undefined,
          deliverableRef: textOrUndefined(deliverableRef),
          note: textOrUndefined(note),
        });
      }}
    >
      <h3>{t('action.complete')}</h3>
      <ErrorSummary error={cmd.error} fields={['completedAt', 'deliverableRef', 'note']} />
      <Field
        id="a-completedat"
        label={t('form.completedAt')}
        field="completedAt"
        error={cmd.error}
        hint={t('form.completedAtHint', { offset })}
      >
        {(a) => <input {...a} type="datetime-local" value={completedAt} onInput={onText(setCompletedAt)} />}
      </Field>
      <Field id="a-deliverableref" label={t('form.deliverableRef')} field="deliverableRef" error={cmd.error}>
        {(a) => <input {...a} value={deliverableRef} onInput={onText(setDeliverableRef)} />}
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
