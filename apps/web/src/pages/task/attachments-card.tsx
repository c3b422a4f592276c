import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import { saveFile } from '../../download';
import { fmtDateTime, fmtNumber } from '../../format';
import type { TaskDetail } from '../../types';
import { Card, ErrorSummary, Field } from '../../ui';

const ACCEPT = '.pdf,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

/** Evidence files: listed with size and time, downloaded with the session's rights; the lead agency's officers and coordinators attach. */
export function AttachmentsCard({ task, onDone }: { task: TaskDetail; onDone: () => void }) {
  const { t, lang, api, can, notify } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // a new input after each upload: a file input cannot be cleared by state
  const [inputKey, setInputKey] = useState(0);
  const mayWrite = can.coordinate || can.report(task.leadAgency);
  const files = task.attachments ?? [];

  const open = async (a: (typeof files)[number]) => {
    try {
      await saveFile(api, `/tasks/${encodeURIComponent(task.id)}/attachments/${a.attachmentId}`, a.name);
    } catch (e) {
      setError(e);
    }
  };
  const send = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      await api.upload(`/tasks/${encodeURIComponent(task.id)}/attachments`, form);
      notify(t('attachments.added', { name: file.name }));
      setFile(null);
      setInputKey((k) => k + 1);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('attachments.title')} id="attachments">
      {files.length === 0 ? (
        <p class="muted">{t('attachments.none')}</p>
      ) : (
        <ul class="attachments">
          {files.map((a) => (
            <li key={a.attachmentId}>
              <button type="button" class="btn-link" onClick={() => void open(a)}>
                {a.name}
              </button>{' '}
              <span class="muted">
                ({fmtNumber(Math.max(1, Math.round(a.size / 1024)), lang)} KB · {fmtDateTime(a.at, lang)})
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayWrite && (
        <form noValidate class="action-form" onSubmit={(e) => (e.preventDefault(), void send())}>
          <ErrorSummary error={error} fields={['file']} />
          <Field id="a-file" label={t('attachments.choose')} field="file" error={error} hint={t('attachments.hint')}>
            {(a) => (
              <input
                {...a}
                key={inputKey}
                type="file"
                accept={ACCEPT}
                onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
              />
            )}
          </Field>
          <button type="submit" disabled={busy || !file}>
            {t('attachments.send')}
          </button>
        </form>
      )}
    </Card>
  );
}
