import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../context';
import { fmtDateTime } from '../../format';
import { Card, ErrorSummary, Field, LoadError, Loading, onText, useLoad } from '../../ui';

type Name =
  | 'notice.subject'
  | 'notice.text'
  | 'notice.html'
  | 'digest.subject'
  | 'digest.text'
  | 'digest.html'
  | '_task-vi.text'
  | '_task-vi.html'
  | '_task-en.text'
  | '_task-en.html';

interface Preview {
  subject: string;
  text: string;
  html: string;
}

/**
 * The letters' templates (admin): pick one, edit its Handlebars text, preview the letter a real
 * task would get with the text not yet saved, save it (a version kept with who saved it) or go
 * back to the shipped text. A text that does not parse is refused with its line named.
 */
export function LetterTemplates() {
  const { t, lang, api, can, notify } = useApp();
  const list = useLoad((signal) => api.get('/settings/templates', { signal }), []);
  const [name, setName] = useState<Name>('notice.html');
  const one = useLoad((signal) => api.get('/settings/templates/{name}', { params: { path: { name } }, signal }), [name]);
  const [body, setBody] = useState('');
  const [task, setTask] = useState('');
  const [kind, setKind] = useState<'reminder' | 'escalation'>('escalation');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (one.data) {
      setBody(one.data.body);
      setError(null);
      setPreview(null);
    }
  }, [one.data]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      await api.put('/settings/templates/{name}', { params: { path: { name } }, body: { body } });
      notify(t('templates.saved', { name }));
      one.reload();
      list.reload();
    });
  };
  const restore = () =>
    run(async () => {
      await api.put('/settings/templates/{name}', { params: { path: { name } }, body: { body: null } });
      notify(t('templates.restored', { name }));
      one.reload();
      list.reload();
    });
  const show = () =>
    run(async () => {
      const letter = await api.post('/settings/templates/{name}/preview', {
        params: { path: { name } },
        body: { task: task.trim(), kind, locale: lang === 'en' ? 'en' : 'vi', body },
      });
      setPreview(letter);
    });

  if (!can.writeSettings) return null;
  const isHtml = name.endsWith('.html');
  return (
    <Card title={t('templates.title')} id="letter-templates">
      <p class="hint">{t('templates.hint')}</p>
      {list.error && <LoadError error={list.error} />}
      {!list.data && !list.error && <Loading />}
      {list.data && (
        <form noValidate onSubmit={save} aria-label={t('templates.title')}>
          <ErrorSummary error={error} fields={['body', 'task', 'kind']} />
          <div class="form-grid">
            <Field id="tpl-name" label={t('templates.name')}>
              {(a) => (
                <select {...a} value={name} onChange={onText((v) => setName(v as Name))}>
                  {list.data!.templates.map((x) => (
                    <option key={x.name} value={x.name}>
                      {t(`templates.file.${x.name}`)}
                      {x.custom ? ` · ${t('templates.custom')}` : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="tpl-task" label={t('templates.task')} field="task" error={error} hint={t('templates.taskHint')}>
              {(a) => <input {...a} value={task} onInput={onText(setTask)} placeholder="NQ71-012" />}
            </Field>
            <Field id="tpl-kind" label={t('templates.kind')} field="kind" error={error}>
              {(a) => (
                <select {...a} value={kind} onChange={onText((v) => setKind(v as 'reminder' | 'escalation'))}>
                  <option value="reminder">{t('templates.kind.reminder')}</option>
                  <option value="escalation">{t('templates.kind.escalation')}</option>
                </select>
              )}
            </Field>
          </div>
          {one.error && <LoadError error={one.error} />}
          {one.data && (
            <>
              <Field id="tpl-body" label={t('templates.body')} field="body" error={error} hint={t('templates.bodyHint')}>
                {(a) => <textarea {...a} class="code" rows={16} spellcheck={false} value={body} onInput={onText(setBody)} />}
              </Field>
              <div class="actions">
                <button type="button" class="btn" disabled={busy || task.trim() === ''} onClick={show}>
                  {t('templates.preview')}
                </button>
                <button type="submit" class="btn btn-primary" disabled={busy || body === one.data.body}>
                  {t('templates.save')}
                </button>
                <button type="button" class="btn" disabled={busy || !one.data.custom} onClick={restore}>
                  {t('templates.restore')}
                </button>
              </div>
              {one.data.versions.length > 0 && (
                <details class="versions">
                  <summary>{t('templates.versions', { n: one.data.versions.length })}</summary>
                  <ol>
                    {one.data.versions.map((v) => (
                      <li key={v.version}>
                        {t('templates.version', { n: v.version, at: fmtDateTime(v.savedAt, lang), by: v.savedBy || '—' })}
                        {v.custom ? '' : ` · ${t('templates.restoredShort')}`}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </>
          )}
          {preview && (
            <section class="letter-preview" aria-label={t('templates.previewTitle')}>
              <h3>{t('templates.previewTitle')}</h3>
              <p>
                <strong>{t('templates.subject')}:</strong> {preview.subject}
              </p>
              {isHtml || name.endsWith('.subject') ? (
                <iframe title={t('templates.previewTitle')} sandbox="" srcdoc={preview.html} class="letter-frame" />
              ) : (
                <pre class="letter-text">{preview.text}</pre>
              )}
            </section>
          )}
        </form>
      )}
    </Card>
  );
}
