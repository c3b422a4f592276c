import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import { fmtDateTime } from '../../format';
import type { TaskDetail } from '../../types';
import { Card, ErrorSummary, Field, LoadError, onText, useLoad } from '../../ui';

/** The task's comment thread between the lead agency's officer and the coordinator. */
export function CommentsCard({ task }: { task: TaskDetail }) {
  const { t, lang, api, can, notify } = useApp();
  const thread = useLoad((signal) => api.get('/tasks/{id}/comments', { params: { path: { id: task.code } }, signal }), [task.code]);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const mayWrite = can.coordinate || can.report(task.leadAgency);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.postDraft('/tasks/{id}/comments', { id: task.code }, { text });
      setText('');
      notify(t('done.comment', { code: task.code }));
      thread.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('comments.title')} id="comments">
      {thread.error && <LoadError error={thread.error} />}
      {thread.data && thread.data.items.length === 0 && <p class="muted">{t('comments.empty')}</p>}
      {thread.data && thread.data.items.length > 0 && (
        <ol class="comments">
          {thread.data.items.map((c) => (
            <li key={c.commentId} class="comment">
              <p class="muted">
                {c.author?.name ?? '—'}
                {c.author?.agency ? ` (${c.author.agency})` : ''} · {fmtDateTime(c.at, lang)}
              </p>
              <p class="comment-text">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
      {mayWrite && (
        <form noValidate class="action-form comment-form" onSubmit={(e) => (e.preventDefault(), void send())}>
          <ErrorSummary error={error} fields={['text']} />
          <Field id="c-text" label={t('comments.new')} field="text" error={error}>
            {(a) => <textarea {...a} rows={2} value={text} onInput={onText(setText)} />}
          </Field>
          <button type="submit" disabled={busy}>
            {t('comments.send')}
          </button>
        </form>
      )}
    </Card>
  );
}
