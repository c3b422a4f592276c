import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import type { TaskDetail } from '../../types';
import { ErrorSummary, Field, onText } from '../../ui';
import { TaskAction, useCommand } from './use-command';

export function ReasonForm({
  task,
  action,
  path,
  onDone,
}: {
  task: TaskDetail;
  action: 'cancel' | 'reopen';
  path: TaskAction;
  onDone(m: string): void;
}) {
  const { t } = useApp();
  const [reason, setReason] = useState('');
  const cmd = useCommand(task, path, onDone, action === 'cancel' ? 'done.cancel' : 'done.reopen');
  return (
    <form noValidate class="action-form" onSubmit={(e) => (e.preventDefault(), cmd.submit({ reason }))}>
      <h3>{t(`action.${action}`)}</h3>
      <ErrorSummary error={cmd.error} fields={['reason']} />
      <Field id={`a-${action}-reason`} label={t('task.reason')} field="reason" error={cmd.error}>
        {(a) => <textarea {...a} rows={2} value={reason} onInput={onText(setReason)} />}
      </Field>
      <button type="submit" class={action === 'cancel' ? 'danger' : ''} disabled={cmd.busy}>
        {t(`action.${action}`)}
      </button>
    </form>
  );
}
