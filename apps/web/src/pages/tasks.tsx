import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { queryString, saveFile } from '../download';
import { fmtDate } from '../format';
import { navigate, taskHref, type Route } from '../router';
import { TASK_STATUSES, taskStatusOrUndefined } from '../types';
import { RiskChip } from './task/risk-card';
import { ClarityFlag, LoadError, Loading, Progress, SortHeader, StatusBadge, onText, useLoad, type SortDir, DayInput } from '../ui';

const RISK_LEVELS = ['high', 'medium', 'low'] as const;
const riskLevelOrUndefined = (v: string) =>
  (RISK_LEVELS as readonly string[]).includes(v) ? (v as (typeof RISK_LEVELS)[number]) : undefined;

const TASK_SORTS = ['code', 'due', 'status', 'agency', 'source', 'title', 'progress', 'gaps'] as const;
const taskSortOrUndefined = (v: string) => ((TASK_SORTS as readonly string[]).includes(v) ? (v as (typeof TASK_SORTS)[number]) : undefined);

const VIEW_PAGE = 50;
const FINISHED: string[] = ['completed_on_time', 'completed_late', 'cancelled'];

export function TasksPage({ route }: { route: Route }) {
  const { t, lang, api, can, agencies, notify } = useApp();
  const q = route.query;
  const filters = {
    agency: q.get('agency') ?? '',
    status: q.get('status') ?? '',
    risk: q.get('risk') ?? '',
    source: q.get('source') ?? '',
    dueFrom: q.get('dueFrom') ?? '',
    dueTo: q.get('dueTo') ?? '',
    text: q.get('text') ?? '',
    gaps: q.get('gaps') ?? '',
    sort: q.get('sort') ?? 'due',
    dir: (q.get('dir') ?? 'asc') as SortDir,
  };
  const set = (changes: Partial<typeof filters>) => navigate('/tasks', { ...filters, ...changes }, true);
  const [text, setText] = useState(filters.text);
  useEffect(() => setText(filters.text), [filters.text]);

  // The server filters, orders and pages (50 rows at a time, as the keyset cursor continues the
  // order); the pages visited are a stack of cursors, so "previous" goes back exactly.
  const sortParam = taskSortOrUndefined(filters.sort);
  const serverQuery = {
    agency: filters.agency,
    status: taskStatusOrUndefined(filters.status),
    risk: riskLevelOrUndefined(filters.risk),
    source: filters.source,
    dueFrom: filters.dueFrom,
    dueTo: filters.dueTo,
    q: filters.text.trim() || undefined,
    gaps: filters.gaps ? true : undefined,
    sort: sortParam,
    dir: filters.dir === 'desc' ? ('desc' as const) : ('asc' as const),
  };
  const queryKey = JSON.stringify(serverQuery);
  // The stack belongs to the query it was built for: a changed filter reads page 1 in the same
  // render, never once more with the old query's cursor.
  const [paging, setPaging] = useState<{ key: string; cursors: (string | undefined)[] }>({ key: queryKey, cursors: [undefined] });
  const cursors = paging.key === queryKey ? paging.cursors : [undefined];
  const page = cursors.length - 1;
  const cursor = cursors[page];
  const list = useLoad(
    (signal) => api.get('/tasks', { params: { query: { ...serverQuery, limit: VIEW_PAGE, cursor } }, signal }),
    [queryKey, cursor],
  );
  const goBack = () => setPaging({ key: queryKey, cursors: cursors.slice(0, -1) });
  // a second click before the next page arrives must not push the same cursor again
  const goNext = (next: string) =>
    setPaging((p) => {
      const stack = p.key === queryKey ? p.cursors : [undefined];
      return stack[stack.length - 1] === next ? p : { key: queryKey, cursors: [...stack, next] };
    });
  // the same server-side filters as the list, as an Excel workbook
  const downloadXlsx = async () => {
    try {
      await saveFile(api, `/tasks/export.xlsx${queryString(serverQuery)}`, 'nhiem-vu.xlsx');
    } catch (err) {
      notify(String((err as Error).message), 'error');
    }
  };
  const sources = useLoad(
    (signal) => api.get('/reports/summary', { signal }).then((s) => s.bySource.flatMap((b) => (b.source ? [b.source] : []))),
    [],
  );

  const rows = list.data?.items ?? [];
  const agencyName = (code: string) => agencies.find((a) => a.code === code)?.name ?? code;

  const onSort = (column: string) => set({ sort: column, dir: filters.sort === column && filters.dir === 'asc' ? 'desc' : 'asc' });
  const sort = { column: filters.sort, dir: filters.dir };

  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('tasks.title')}</h1>
        {!can.readAll && <p class="muted">{t('tasks.agencyScope')}</p>}
        <div class="page-actions">
          <button type="button" class="secondary" onClick={downloadXlsx}>
            {t('tasks.downloadXlsx')}
          </button>
          {can.coordinate && (
            <a class="button secondary" href="#/tasks/import">
              {t('import.title')}
            </a>
          )}
          {can.coordinate && (
            <a class="button" href="#/tasks/new">
              {t('assign.open')}
            </a>
          )}
        </div>
      </div>
      <form
        noValidate
        class="filters"
        aria-label={t('common.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          set({ text });
        }}
      >
        <div class="field field-wide">
          <label for="f-text">{t('tasks.search')}</label>
          <input
            id="f-text"
            type="search"
            value={text}
            onInput={onText(setText)}
            onChange={onText((v) => set({ text: v }))}
            placeholder={t('tasks.searchHint')}
          />
        </div>
        <div class="field">
          <label for="f-agency">{t('tasks.agency')}</label>
          <select id="f-agency" value={filters.agency} onChange={onText((v) => set({ agency: v }))}>
            <option value="">{t('common.all')}</option>
            {agencies.map((a) => (
              <option key={a.code} value={a.code}>
                {a.code} — {a.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-source">{t('tasks.source')}</label>
          <select id="f-source" value={filters.source} onChange={onText((v) => set({ source: v }))}>
            <option value="">{t('common.all')}</option>
            {(sources.data ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            {filters.source && !(sources.data ?? []).includes(filters.source) && <option value={filters.source}>{filters.source}</option>}
          </select>
        </div>
        <div class="field">
          <label for="f-status">{t('tasks.status')}</label>
          <select id="f-status" value={filters.status} onChange={onText((v) => set({ status: v }))}>
            <option value="">{t('common.all')}</option>
            {TASK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-risk">{t('risk.filter')}</label>
          <select id="f-risk" value={filters.risk} onChange={onText((v) => set({ risk: v }))}>
            <option value="">{t('risk.any')}</option>
            {RISK_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`risk.${level}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-duefrom">{t('tasks.dueFrom')}</label>
          <DayInput id="f-duefrom" value={filters.dueFrom} onChange={(v) => set({ dueFrom: v })} />
        </div>
        <div class="field">
          <label for="f-dueto">{t('tasks.dueTo')}</label>
          <DayInput id="f-dueto" value={filters.dueTo} onChange={(v) => set({ dueTo: v })} />
        </div>
        <div class="field field-inline">
          <label>
            <input type="checkbox" checked={!!filters.gaps} onChange={(e) => set({ gaps: e.currentTarget.checked ? '1' : '' })} />{' '}
            {t('tasks.onlyGaps')}
          </label>
          <button type="button" class="btn-link" onClick={() => navigate('/tasks', {}, true)}>
            {t('tasks.clear')}
          </button>
        </div>
      </form>

      {list.error && <LoadError error={list.error} />}
      {!list.data && !list.error && <Loading />}
      {list.data && (
        <>
          <p class="muted" role="status">
            {rows.length > 0 ? t('tasks.rows', { from: page * VIEW_PAGE + 1, to: page * VIEW_PAGE + rows.length }) : t('tasks.none')}
          </p>
          <ul class="task-cards" aria-label={t('tasks.title')}>
            {rows.map((i) => (
              <li key={i.id} class={`task-card row-${i.status}`} data-task={i.code}>
                <div class="task-card-head">
                  <a class="button small" href={taskHref(i.code)}>
                    {can.readAll ? t('tasks.open') : t('tasks.openReport')}
                  </a>
                  <StatusBadge status={i.status} />
                  <RiskChip risk={i.risk} />
                  {i.awaitingConfirmation && <span class="chip chip-awaiting">{t('task.awaitingConfirmation')}</span>}
                </div>
                <a class="task-card-title" href={taskHref(i.code)}>
                  <strong>{i.code}</strong> {i.title}
                </a>
                <dl class="task-card-facts">
                  <dt>{t('tasks.deadline')}</dt>
                  <dd>{i.deadline.due ? fmtDate(i.deadline.due, lang) : t('deadline.ongoing')}</dd>
                  <dt>{t('tasks.agency')}</dt>
                  <dd>{agencyName(i.leadAgency)}</dd>
                  <dt>{t('tasks.progress')}</dt>
                  <dd>{i.progress ? `${i.progress.percent}%` : '—'}</dd>
                </dl>
              </li>
            ))}
          </ul>
          <div class="table-wrap tasks-table-wrap" tabIndex={0}>
            <table class="tasks-table">
              <thead>
                <tr>
                  <SortHeader label={t('tasks.code')} column="code" sort={sort} onSort={onSort} />
                  <SortHeader label={t('tasks.taskTitle')} column="title" sort={sort} onSort={onSort} />
                  <SortHeader label={t('tasks.agency')} column="agency" sort={sort} onSort={onSort} />
                  <SortHeader label={t('tasks.source')} column="source" sort={sort} onSort={onSort} class="col-source" />
                  <SortHeader label={t('tasks.deadline')} column="due" sort={sort} onSort={onSort} />
                  <SortHeader label={t('tasks.progress')} column="progress" sort={sort} onSort={onSort} />
                  <SortHeader label={t('tasks.status')} column="status" sort={sort} onSort={onSort} />
                  <SortHeader label={t('clarity.short')} column="gaps" sort={sort} onSort={onSort} />
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={8} class="muted">
                      {t('tasks.none')}
                    </td>
                  </tr>
                )}
                {rows.map((i) => (
                  <tr key={i.id} data-task={i.code} class={`row-${i.status}`}>
                    <td>
                      <a href={taskHref(i.code)}>{i.code}</a>
                    </td>
                    <td class="title-cell">
                      {i.title}
                      {i.openBlockers > 0 && <span class="chip chip-warn">{t('tasks.blockers', { n: i.openBlockers })}</span>}
                    </td>
                    <td>
                      <span title={i.leadAgency}>{agencyName(i.leadAgency)}</span>
                      <div class="sub show-narrow">{i.source?.ref}</div>
                    </td>
                    <td class="col-source">{i.source?.ref ?? '—'}</td>
                    <td>
                      {i.deadline.due ? fmtDate(i.deadline.due, lang) : t('deadline.ongoing')}
                      <div class="sub">{i.deadline.expression}</div>
                      {i.deadline.extensions > 0 && <span class="chip">{t('tasks.extended', { n: i.deadline.extensions })}</span>}
                    </td>
                    <td>
                      <Progress percent={i.progress?.percent} />
                    </td>
                    <td>
                      <StatusBadge status={i.status} />
                      <RiskChip risk={i.risk} />
                      {i.awaitingConfirmation && <span class="chip chip-awaiting">{t('task.awaitingConfirmation')}</span>}
                    </td>
                    <td>
                      {/* the gaps matter while the task is still to be done; a finished one needs no warning */}
                      {i.clarity?.missing.length && !FINISHED.includes(i.status) ? <ClarityFlag clarity={i.clarity} /> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {(page > 0 || list.data.nextCursor) && (
            <nav class="pager" aria-label={t('tasks.pager')}>
              <button type="button" class="secondary" disabled={page === 0 || list.loading} onClick={goBack}>
                {t('tasks.prev')}
              </button>
              <span>{t('tasks.pageN', { page: page + 1 })}</span>
              <button
                type="button"
                class="secondary"
                disabled={!list.data.nextCursor || list.loading}
                onClick={() => list.data?.nextCursor && goNext(list.data.nextCursor)}
              >
                {t('tasks.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </div>
  );
}
