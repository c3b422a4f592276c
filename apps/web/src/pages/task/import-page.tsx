import { useState } from 'preact/hooks';
import { useApp } from '../../context';
import { ImportErrorsTable } from '../import-errors';
import { fmtDate } from '../../format';

interface ImportRow {
  row: number;
  kind: 'agency' | 'task';
  code: string | null;
  outcome: 'create' | 'unchanged' | 'invalid' | 'valid';
  name: string | null;
  leadAgency: string | null;
  deadline: string | null;
}

/** rows shown in the preview; a larger file is summed up above and its faults all listed */
const PREVIEW_ROWS = 200;

interface ImportAnswer {
  created: number;
  unchanged: number;
  errors: { row: number; field: string; message: string; column?: string | null }[];
  rows: ImportRow[];
  dryRun: boolean;
  warnings: string[];
  position: number | null;
}

/**
 * "Nhập từ Excel": upload an .xlsx (or .csv) of tasks or agencies; the engine first checks every
 * row (a dry run: nothing recorded) and lists the rows at fault by row and column; the import is
 * then one click, all or nothing, or only the good rows.
 */
export function ImportPage() {
  const { t, api, notify, lang } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportAnswer | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (query: string): Promise<ImportAnswer | null> => {
    if (!file) return null;
    const form = new FormData();
    form.append('file', file, file.name);
    setBusy(true);
    try {
      return (await api.upload(`/imports${query}`, form)) as ImportAnswer;
    } catch (err) {
      notify(String((err as Error).message), 'error');
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
    notify(t('import.done', { created: done.created, unchanged: done.unchanged }), done.errors.length ? 'error' : 'ok');
  };

  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('import.title')}</h1>
      </div>
      <p class="muted">{t('import.intro')}</p>
      <form class="card" noValidate onSubmit={check}>
        <div class="field">
          <label for="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            onChange={(e) => (setFile(e.currentTarget.files?.[0] ?? null), setPreview(null))}
          />
        </div>
        <button type="submit" disabled={!file || busy}>
          {t('import.check')}
        </button>
      </form>
      {preview && (
        <section class="card">
          <h2>{t('import.preview')}</h2>
          <p>{t('import.summary', { created: preview.created, unchanged: preview.unchanged, errors: preview.errors.length })}</p>
          {preview.warnings.map((w) => (
            <p key={w} class="muted">
              {w}
            </p>
          ))}
          {preview.errors.length > 0 && <ImportErrorsTable errors={preview.errors} />}
          {preview.rows.length > 0 && (
            <div class="table-wrap" tabIndex={0}>
              <table class="import-rows">
                <caption>
                  {preview.rows.length > PREVIEW_ROWS
                    ? t('import.rowsFirst', { n: PREVIEW_ROWS, total: preview.rows.length })
                    : t('import.rows', { n: preview.rows.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('import.row')}</th>
                    <th scope="col">{t('import.code')}</th>
                    <th scope="col">{t('import.name')}</th>
                    <th scope="col">{t('import.lead')}</th>
                    <th scope="col">{t('import.deadline')}</th>
                    <th scope="col">{t('import.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.slice(0, PREVIEW_ROWS).map((r) => (
                    <tr key={r.row} data-row={r.row} class={r.outcome === 'invalid' ? 'row-invalid' : undefined}>
                      <td>{r.row}</td>
                      <td>{r.code ?? '—'}</td>
                      <td>
                        {r.kind === 'agency' ? `${t('import.agency')}: ` : ''}
                        {r.name ?? '—'}
                      </td>
                      <td>{r.leadAgency ?? '—'}</td>
                      <td>{r.deadline ? fmtDate(r.deadline, lang) : '—'}</td>
                      <td>{t(`import.outcome.${r.outcome}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="actions">
            {preview.errors.length === 0 ? (
              <button type="button" disabled={busy || preview.created === 0} onClick={() => run(false)}>
                {t('import.run', { n: preview.created })}
              </button>
            ) : (
              <button type="button" class="secondary" disabled={busy} onClick={() => run(true)}>
                {t('import.runPartial')}
              </button>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
