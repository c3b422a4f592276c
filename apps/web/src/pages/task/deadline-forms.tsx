import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import type { TaskDetail } from '../../types';
import { ErrorSummary, Field, onText } from '../../ui';
import { textOrUndefined, DEADLINE_HINT, useCommand } from './use-command';

/** The deadline: the lead agency asks for more time; a coordinator extends it or refuses the request. */
export function RequestForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t } = useApp();
  const [proposedDeadline, setProposed] = useState('');
  const [reason, setReason] = useState('');
  const cmd = useCommand(task, 'extension-requests', onDone, 'done.request');
  return (
    <form noValidate class="action-form" onSubmit={(e) => (e.preventDefault(), cmd.submit({ proposedDeadline, reason }))}>
      <h3>{t('action.request')}</h3>
      <ErrorSummary error={cmd.error} fields={['proposedDeadline', 'reason']} />
      <Field id="a-proposed" label={t('form.proposedDeadline')} field="proposedDeadline" error={cmd.error} hint={t(DEADLINE_HINT)}>
        {(a) => <input {...a} value={proposedDeadline} onInput={onText(setProposed)} placeholder="2026-06-30" />}
      </Field>
      <Field id="a-reason" label={t('task.reason')} field="reason" error={cmd.error}>
        {(a) => <textarea {...a} rows={3} value={reason} onInput={onText(setReason)} />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {t('form.submit')}
      </button>
    </form>
  );
}

export function ExtendForm({
  task,
  approve,
  onDone,
}: {
  task: TaskDetail;
  approve: { requestId: string; proposed: string } | null;
  onDone(m: string): void;
}) {
  const { t } = useApp();
  const [newDeadline, setNewDeadline] = useState(approve?.proposed ?? '');
  const [reason, setReason] = useState(approve ? t('form.approveReason') : '');
  const [decisionRef, setDecisionRef] = useState('');
  const cmd = useCommand(task, 'extensions', onDone, approve ? 'done.approve' : 'done.extend');
  return (
    <form
      noValidate
      class="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        cmd.submit({ newDeadline, reason, decisionRef: textOrUndefined(decisionRef), requestId: approve?.requestId });
      }}
    >
      <h3>{approve ? t('action.approve') : t('action.extend')}</h3>
      <ErrorSummary error={cmd.error} fields={['newDeadline', 'reason', 'decisionRef', 'requestId']} />
      <Field id="a-newdeadline" label={t('form.newDeadline')} field="newDeadline" error={cmd.error} hint={t(DEADLINE_HINT)}>
        {(a) => <input {...a} value={newDeadline} onInput={onText(setNewDeadline)} placeholder="2026-06-30" />}
      </Field>
      <Field id="a-ereason" label={t('task.reason')} field="reason" error={cmd.error}>
        {(a) => <textarea {...a} rows={2} value={reason} onInput={onText(setReason)} />}
      </Field>
      <Field id="a-decisionref" label={t('task.decisionRef')} field="decisionRef" error={cmd.error} hint={t('form.decisionRefHint')}>
        {(a) => <input {...a} value={decisionRef} onInput={onText(setDecisionRef)} placeholder="812/VPCP-KSTT" />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {approve ? t('action.approve') : t('action.extend')}
      </button>
    </form>
  );
}

/** Refuses one pending extension request; the reason is what the agency reads. */
export function RefuseForm({ task, requestId, onDone }: { task: TaskDetail; requestId: string; onDone(m: string): void }) {
  const { api, notify, t } = useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.postDraft('/tasks/{id}/extension-requests/{requestId}/refusal', { id: task.code, requestId }, { reason });
      notify(t('done.refuse', { code: task.code }));
      onDone('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate class="action-form" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <h3>{t('action.refuse')}</h3>
      <ErrorSummary error={error} fields={['reason']} />
      <Field id="a-refuse-reason" label={t('task.reason')} field="reason" error={error}>
        {(a) => <textarea {...a} rows={2} value={reason} onInput={onText(setReason)} />}
      </Field>
      <button type="submit" class="danger" disabled={busy}>
        {t('action.refuse')}
      </button>
    </form>
  );
}
