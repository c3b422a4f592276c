import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import { fmtDate, fmtDateTime } from '../../format';
import type { TaskDetail } from '../../types';
import { ErrorSummary, Field, onText } from '../../ui';
import { textOrUndefined } from './use-command';

/** An officer's completion report awaiting a coordinator: accept it (with a note) or return it (with the reason). */
export function CompletionDecision({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { api, notify, t, lang } = useApp();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const report = task.completion;
  const decide = async (decision: 'acceptance' | 'return') => {
    setBusy(true);
    setError(null);
    try {
      if (decision === 'acceptance') {
        await api.postDraft('/tasks/{id}/completion/acceptance', { id: task.code }, { note: textOrUndefined(text) });
      } else {
        await api.postDraft('/tasks/{id}/completion/return', { id: task.code }, { reason: text });
      }
      notify(t(decision === 'acceptance' ? 'done.accept' : 'done.return', { code: task.code }));
      onDone('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="pending-requests awaiting-completion">
      <h3>{t('task.awaitingConfirmation')}</h3>
      {report && (
        <p>
          {report.completedAt ? fmtDateTime(report.completedAt, lang) : '—'}
          {report.deliverableRef ? ` — ${report.deliverableRef}` : ''}
          {report.deliverableIssuedOn ? ` ${t('task.issuedOnDay', { day: fmtDate(report.deliverableIssuedOn, lang) })}` : ''}
          {report.backdated && <span class="chip chip-backdated">{t('task.backdated')}</span>}
        </p>
      )}
      <form noValidate class="action-form" onSubmit={(e) => (e.preventDefault(), void decide('acceptance'))}>
        <ErrorSummary error={error} fields={['note', 'reason']} />
        <Field id="a-completion-text" label={t('task.decisionText')} field="reason" error={error}>
          {(a) => <textarea {...a} rows={2} value={text} onInput={onText(setText)} />}
        </Field>
        <div class="action-buttons">
          <button type="submit" disabled={busy}>
            {t('action.accept')}
          </button>
          <button type="button" class="danger" disabled={busy} onClick={() => void decide('return')}>
            {t('action.return')}
          </button>
        </div>
      </form>
    </div>
  );
}
