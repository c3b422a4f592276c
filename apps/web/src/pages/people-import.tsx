import { useState } from 'preact/hooks';
import { useApp } from '../context';
import { roleWords } from '../format';
import { ErrorSummary } from '../ui';
import { ImportErrorsTable } from './import-errors';

interface PeopleImportAnswer {
  created: number;
  unchanged: number;
  errors: { row: number; field: string; message: string; column: string | null }[];
  dryRun: boolean;
  position: number | null;
  people: { row: number; name: string; email: string; agency: string | null; roles: string[]; status: 'new' | 'exists' }[];
}

/**
 * "Nhập danh sách từ Excel" on the people page (admins): upload the agency's list of people; the
 * engine checks every row first (nothing done) and shows who would be invited and each row at
 * fault; then one click invites them (each gets their letter), all or only the good rows.
 */
export function PeopleImportCard({ onDone, onClose }: { onDone: (position: number | null) => void; onClose: () => void }) {
  const { t, api, notify } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<PeopleImportAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async (query: string): Promise<PeopleImportAnswer | null> => {
    if (!file) return null;
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    setError(null);
    try {
      return (await api.upload(`/users/import${query}`, form)) as PeopleImportAnswer;
    } catch (err) {
      setError(err);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const check = async (e: Event) => {
    e.preventDefault();
    setPreview(await send('?dryRun=true'));
  };
  const run = async (partial: boolean) => {
    const done = await send(partial ? '?partial=true' : '');
    if (!done) return;
    setPreview(null);
    notify(t('peopleImport.done', { created: done.created, unchanged: done.unchanged }));
    onDone(done.position);
  };

  return (
    <section class="card" aria-label={t('peopleImport.title')}>
      <h2>{t('peopleImport.title')}</h2>
      <p class="hint">{t('peopleImport.hint')}</p>
      <form noValidate onSubmit={check}>
        <ErrorSummary error={error} />
        <div class="field">
          <label for="people-file">{t('peopleImport.file')}</label>
          <input
            id="people-file"
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            onChange={(e) => (setFile(e.currentTarget.files?.[0] ?? null), setPreview(null))}
          />
        </div>
        <div class="actions">
          <button type="submit" disabled={!file || busy}>
            {t('import.check')}
          </button>
          <button type="button" class="secondary" onClick={onClose}>
            {t('peopleImport.close')}
          </button>
        </div>
      </form>
      {preview && (
        <div class="import-preview">
          <p>{t('peopleImport.summary', { created: preview.created, unchanged: preview.unchanged, errors: preview.errors.length })}</p>
          {preview.errors.length > 0 && <ImportErrorsTable errors={preview.errors} caption={t('peopleImport.errors')} />}
          {preview.people.length > 0 && (
            <div class="table-wrap" tabIndex={0}>
              <table>
                <caption>{t('peopleImport.rows')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('import.row')}</th>
                    <th scope="col">{t('people.name')}</th>
                    <th scope="col">{t('signin.email')}</th>
                    <th scope="col">{t('people.agency')}</th>
                    <th scope="col">{t('people.roles')}</th>
                    <th scope="col">{t('peopleImport.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.people.map((p) => (
                    <tr key={p.row}>
                      <td>{p.row}</td>
                      <td>{p.name}</td>
                      <td>{p.email}</td>
                      <td>{p.agency ?? '—'}</td>
                      <td>{p.roles.map((r) => roleWords(r, t)).join(', ')}</td>
                      <td>{p.status === 'new' ? t('peopleImport.new') : t('peopleImport.exists')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="actions">
            {preview.errors.length === 0 ? (
              <button type="button" disabled={busy || preview.created === 0} onClick={() => run(false)}>
                {t('peopleImport.run', { n: preview.created })}
              </button>
            ) : (
              <button type="button" class="secondary" disabled={busy} onClick={() => run(true)}>
                {t('peopleImport.runPartial')}
              </button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
