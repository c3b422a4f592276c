import { useState } from 'preact/hooks';
import { useApp } from '../context';
import { saveFile } from '../download';
import { fmtDate, fmtDateTime, fmtNumber, todayInHanoi } from '../format';
import type { Route } from '../router';
import { ErrorSummary, Field, LoadError, Loading, onText, useLoad, DayInput } from '../ui';

const CATEGORY: Record<string, string> = {
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
  on_track: 'Trong hạn',
  due_soon: 'Sắp đến hạn',
  overdue: 'Quá hạn',
  ongoing: 'Thường xuyên',
  cancelled: 'Đã hủy',
  not_assigned: 'Chưa giao',
};

/**
 * "Ấn bản báo cáo": a coordinator publishes the report of a date (frozen forever), as recorded by
 * a date if need be and of one source document or lead agency, downloads the official report as
 * Word or PDF, and sees what moved since (the restatement).
 */
export function EditionsPage({ route }: { route: Route }) {
  const { t, lang, api, can, notify, agencies, serverNow } = useApp();
  // after a publication, the list is read once it holds the new edition (its position)
  const [shownFrom, setShownFrom] = useState<number | undefined>(undefined);
  const selected = route.path[1] ?? null;
  const list = useLoad((signal) => api.get('/reports/editions', { params: { query: { minPosition: shownFrom } }, signal }), [shownFrom]);
  const sources = useLoad(
    (signal) =>
      can.coordinate
        ? api.get('/reports/summary', { signal }).then((s) => s.bySource.flatMap((b) => (b.source ? [b.source] : [])))
        : Promise.resolve([]),
    [],
  );
  const [title, setTitle] = useState('');
  const [number, setNumber] = useState('');
  // today in Hà Nội until a date is typed (the engine's day once known; never the UTC day)
  const [typedAsOf, setAsOf] = useState<string | null>(null);
  const asOf = typedAsOf ?? todayInHanoi(serverNow);
  const [knownAt, setKnownAt] = useState('');
  const [source, setSource] = useState('');
  const [agency, setAgency] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const publish = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.postDraft(
        '/reports/editions',
        {},
        { title, number: number || null, asOf, ...(knownAt ? { knownAt } : {}), source: source || null, agency: agency || null },
      );
      notify(t('editions.published'));
      // a fresh form for the next edition: another date or scope is a deliberate choice, not a leftover
      setTitle('');
      setNumber('');
      setAsOf(null);
      setKnownAt('');
      setSource('');
      setAgency('');
      setShownFrom(created.position);
      location.hash = `#/editions/${created.id}`;
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('editions.title')}</h1>
      </div>
      <p class="muted">{t('editions.intro')}</p>
      {can.coordinate && (
        <form class="card form-grid" noValidate onSubmit={publish} aria-label={t('editions.publish')}>
          <h2>{t('editions.publish')}</h2>
          <ErrorSummary error={error} fields={['title', 'number', 'asOf', 'knownAt', 'source', 'agency']} />
          <Field id="ed-title" label={t('editions.docTitle')} field="title" error={error} hint={t('editions.docTitleHint')}>
            {(a) => <input {...a} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}
          </Field>
          <Field id="ed-number" label={t('editions.number')} field="number" error={error} hint="512/BC-VPCP">
            {(a) => <input {...a} value={number} onInput={(e) => setNumber(e.currentTarget.value)} />}
          </Field>
          <Field id="ed-asof" label={t('editions.asOf')} field="asOf" error={error}>
            {(a) => <DayInput {...a} value={asOf} onChange={setAsOf} />}
          </Field>
          <Field id="ed-knownat" label={t('editions.knownAt')} field="knownAt" error={error} hint={t('editions.knownAtHint')}>
            {(a) => <DayInput {...a} value={knownAt} onChange={setKnownAt} />}
          </Field>
          <Field id="ed-source" label={t('editions.source')} field="source" error={error}>
            {(a) => (
              <select {...a} value={source} onChange={onText(setSource)}>
                <option value="">{t('editions.allSources')}</option>
                {(sources.data ?? []).map((ref) => (
                  <option key={ref} value={ref}>
                    {ref}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="ed-agency" label={t('editions.agency')} field="agency" error={error}>
            {(a) => (
              <select {...a} value={agency} onChange={onText(setAgency)}>
                <option value="">{t('editions.allAgencies')}</option>
                {agencies.map((ag) => (
                  <option key={ag.code} value={ag.code}>
                    {ag.code} — {ag.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {t('editions.publishButton')}
            </button>
          </div>
        </form>
      )}
      {list.error && <LoadError error={list.error} />}
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.length === 0 && <p class="muted">{t('editions.none')}</p>}
      {list.data && list.data.length > 0 && (
        <ul class="edition-list">
          {list.data.map((e) => (
            <li key={e.id} class={selected === e.id ? 'active' : ''}>
              <a href={`#/editions/${e.id}`}>
                <strong>{e.number ? `${e.number} · ` : ''}</strong>
                {e.title}
              </a>
              <span class="muted">
                {' '}
                · {t('editions.asOf')} {fmtDate(e.asOf, lang)}
                {(e.source || e.agency) && ` · ${[e.source, e.agency].filter(Boolean).join(', ')}`} · {t('editions.publishedAt')}{' '}
                {fmtDateTime(e.publishedAt, lang)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {selected && <EditionDetail id={selected} />}
    </div>
  );
}

function EditionDetail({ id }: { id: string }) {
  const { t, lang, api, notify } = useApp();
  const edition = useLoad((signal) => api.get('/reports/editions/{id}', { params: { path: { id } }, signal }), [id]);
  const restatement = useLoad((signal) => api.get('/reports/editions/{id}/restatement', { params: { path: { id } }, signal }), [id]);
  const e = edition.data;
  const download = async (format: 'pdf' | 'docx') => {
    try {
      await saveFile(api, `/reports/editions/${id}/document.${format}`, `bao-cao-${(e?.asOf ?? '').slice(0, 10)}.${format}`);
    } catch (err) {
      notify(String((err as Error).message), 'error');
    }
  };
  return (
    <section class="card edition-detail">
      {edition.error && <LoadError error={edition.error} />}
      {!e && edition.loading && <Loading />}
      {e && (
        <>
          <h2>{e.title}</h2>
          <p class="muted">
            {e.number ? `${t('editions.number')}: ${e.number} · ` : ''}
            {t('editions.asOf')} {fmtDateTime(e.asOf, lang)} · {t('editions.knownAt')} {fmtDateTime(e.knownAt, lang)}
            {(e.source || e.agency) && ` · ${t('editions.scope')}: ${[e.source, e.agency].filter(Boolean).join(', ')}`} ·{' '}
            {t('editions.publishedBy')} {e.publishedBy}
          </p>
          <div class="actions">
            <button type="button" onClick={() => download('docx')}>
              {t('editions.downloadDocx')}
            </button>{' '}
            <button type="button" class="secondary" onClick={() => download('pdf')}>
              {t('editions.downloadPdf')}
            </button>
          </div>
          <dl class="facts">
            <dt>{t('editions.total')}</dt>
            <dd>{fmtNumber(e.figures.total, lang)}</dd>
            <dt>{t('editions.completed')}</dt>
            <dd>
              {fmtNumber(e.figures.completed, lang)} ({fmtNumber(e.figures.completedOnTime, lang)} /{' '}
              {fmtNumber(e.figures.completedLate, lang)})
            </dd>
            <dt>{t('editions.overdue')}</dt>
            <dd>{fmtNumber(e.figures.overdue, lang)}</dd>
            <dt>{t('editions.atRisk')}</dt>
            <dd>{fmtNumber(e.atRisk.length, lang)}</dd>
            <dt>{t('editions.chainHead')}</dt>
            <dd>
              <code class="secret">{e.chainHead.root}</code>
            </dd>
          </dl>
        </>
      )}
      <h3>{t('editions.restatement')}</h3>
      {restatement.error && <LoadError error={restatement.error} />}
      {restatement.data && restatement.data.changes.length === 0 && <p class="muted">{t('editions.unchanged')}</p>}
      {restatement.data && restatement.data.changes.length > 0 && (
        <>
          <p>
            {t('editions.movedFigures', {
              then: fmtNumber(restatement.data.figuresThen.overdue, lang),
              now: fmtNumber(restatement.data.figuresNow.overdue, lang),
            })}
          </p>
          <div class="table-wrap" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('editions.task')}</th>
                  <th scope="col">{t('editions.then')}</th>
                  <th scope="col">{t('editions.now')}</th>
                  <th scope="col">{t('editions.because')}</th>
                </tr>
              </thead>
              <tbody>
                {restatement.data.changes.map((c) => (
                  <tr key={c.taskId}>
                    <td>
                      <a href={`#/tasks/${encodeURIComponent(c.code)}`}>{c.code}</a>
                    </td>
                    <td>{CATEGORY[c.then] ?? c.then}</td>
                    <td>{CATEGORY[c.now] ?? c.now}</td>
                    <td>
                      {c.because.map((b) => (
                        <div key={b.position}>
                          {b.type} · {t('editions.recordedAt')} {fmtDateTime(b.recordedAt, lang)} ({t('editions.occurredAt')}{' '}
                          {fmtDateTime(b.occurredAt, lang)})
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
