import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import type { TaskDetail } from '../../types';
import { ErrorSummary, Field, onText } from '../../ui';
import { numberOrRaw, textOrUndefined, useCommand } from './use-command';

/** Progress and blockers: what the lead agency reports while it works. */
export function ProgressForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t } = useApp();
  const [percent, setPercent] = useState(String(task.progress?.percent ?? ''));
  const [note, setNote] = useState('');
  const cmd = useCommand(task, 'progress', onDone, 'done.progress');
  return (
    <form
      noValidate
      class="action-form"
      onSubmit={(e) => (e.preventDefault(), cmd.submit({ percent: numberOrRaw(percent), note: textOrUndefined(note) }))}
    >
      <h3>{t('action.progress')}</h3>
      <ErrorSummary error={cmd.error} fields={['percent', 'note']} />
      <Field id="a-percent" label={t('form.percent')} field="percent" error={cmd.error}>
        {(a) => <input {...a} type="number" min={0} max={100} step={1} value={percent} onInput={onText(setPercent)} />}
      </Field>
      <Field id="a-note" label={t('form.note')} field="note" error={cmd.error}>
        {(a) => <textarea {...a} rows={3} value={note} onInput={onText(setNote)} />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {t('form.submit')}
      </button>
    </form>
  );
}

export function BlockerForm({ task, onDone }: { task: TaskDetail; onDone(m: string): void }) {
  const { t } = useApp();
  const [description, setDescription] = useState('');
  const cmd = useCommand(task, 'blockers', onDone, 'done.blocker');
  return (
    <form noValidate class="action-form" onSubmit={(e) => (e.preventDefault(), cmd.submit({ description }))}>
      <h3>{t('action.blocker')}</h3>
      <ErrorSummary error={cmd.error} fields={['description']} />
      <Field id="a-description" label={t('form.blockerDescription')} field="description" error={cmd.error}>
        {(a) => <textarea {...a} rows={3} value={description} onInput={onText(setDescription)} />}
      </Field>
      <button type="submit" disabled={cmd.busy}>
        {t('form.submit')}
      </button>
    </form>
  );
}

export function ResolveBlockers({ task, onDone }: { task: TaskDetail; onDone(): void }) {
  const { t, api, notify } = useApp();
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const open = task.blockers.filter((b) => !b.resolvedAt);
  const resolve = async (blockerId: string) => {
    setError(null);
    try {
      await api.post('/tasks/{id}/blockers/{blockerId}/resolution', {
        params: { path: { id: task.code, blockerId } },
        body: { note: textOrUndefined(note) },
      });
      notify(t('done.resolved', { code: task.code }));
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="resolve-blockers">
      <h3>{t('task.openBlockers')}</h3>
      <ErrorSummary error={error} fields={['note']} />
      <Field id="a-resolve-note" label={t('form.resolutionNote')} field="note" error={error}>
        {(a) => <input {...a} value={note} onInput={onText(setNote)} />}
      </Field>
      <ul>
        {open.map((b) => (
          <li key={b.blockerId}>
            {b.description}{' '}
            <button type="button" class="small" onClick={() => resolve(b.blockerId)}>
              {t('action.resolve')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
