import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import type { TaskDetail } from '../../types';
import { ErrorSummary, Field, onText } from '../../ui';
import { textOrUndefined, useCommand } from './use-command';

export function ReassignForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t, agencies } = useApp();
  const [leadAgency, setLead] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState('');
  const cmd = useCommand(task, 'reassignment', onDone, 'done.reassign');
  return (
    <form
      noValidate
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        const assignee = name || email ? { name, email: textOrUndefined(email) } : undefined;
        cmd.submit({ leadAgency, assignee, reason });
      }}
    >
      <h3>{t('action.reassign')}</h3>
      <ErrorSummary error={cmd.error} fields={['leadAgency', 'assignee', 'reason']} />
      <Field id="a-lead" label={t('form.newLead')} field="leadAgency" error={cmd.error}>
        {(a) => (
          <select {...a} value={leadAgency} onChange={onText(setLead)}>
            <option value="">—</option>
            {agencies
              .filter((ag) => ag.code !== task.leadAgency)
              .map((ag) => (
                <option key={ag.code} value={ag.code}>
                  {ag.code} — {ag.name}
                </option>
              ))}
          </select>
        )}
      </Field>
      <Field id="a-aname" label={t('form.assigneeName')} field="assignee.name" error={cmd.error}>
        {(a) => <input {...a} value={name} onInput={onText(setName)} />}
      </Field>
      <Field id="a-aemail" label={t('form.assigneeEmail')} field="assignee.email" error={cmd.error}>
        {(a) => <input {...a} type="email" value={email} onInput={onText(setEmail)} />}
      </Field>
      <Field id="a-rreason" label={t('task.reason')} field="reason" error={cmd.error}>
        {(a) => <textarea {...a} rows={2} value={reason} onInput={onText(setReason)} />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {t('action.reassign')}
      </button>
    </form>
  );
}
