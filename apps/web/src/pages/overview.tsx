import { useRef, useState } from 'preact/hooks';
import { MonthlyPlanChart, RankingChart } from '../charts';
import { useApp } from '../context';
import { queryString, saveFile } from '../download';
import { fmtDate, fmtDateTime, fmtNumber, fmtPercent, todayInHanoi, ymd } from '../format';
import { navigate, taskHref, type Route } from '../router';
import type { BlockerRow, PlanRow, RankingRow, Summary } from '../types';
import { Card, LoadError, Loading, StatusBadge, onText, useInterval, useLoad, DayInput } from '../ui';

/** How often the overview asks again; a page left open follows the events as they arrive. */
export const POLL_MS = 4000;

interface OverviewData {
  summary: Summary;
  ranking: RankingRow[];
  plan: PlanRow[];
  blockers: BlockerRow[];
  year: number;
  loadedAt: Date;
}

export function OverviewPage({ route }: { route: Route }) {
  const { t, lang, api, can, serverNow, setServerNow, agencies, notify } = useApp();
  const q = route.query;
  const asOf = q.get('asOf') ?? '';
  const knownAt = q.get('knownAt') ?? '';
  const source = q.get('source') ?? '';
  const agency = q.get('agency') ?? '';
  const yearParam = q.get('year') ?? '';
  const set = (changes: Record<string, string>) => navigate('/', { asOf, knownAt, source, agency, year: yearParam, ...changes }, true);
  const [live, setLive] = useState(true);

  const load = async (signal?: AbortSignal): Promise<OverviewData> => {
    const when = { asOf, knownAt };
    const summary = await api.get('/reports/summary', { params: { query: { ...when, source, agency } }, signal });
    const year = Number(yearParam) || Number((asOf || summary.asOf).slice(0, 4));
    const [ranking, plan, blockers] = await Promise.all([
      api.get('/reports/agencies', { params: { query: when }, signal }),
      api.get('/reports/monthly-plan', { params: { query: { ...when, year, agency } }, signal }),
      api.get('/reports/blockers', { params: { query: { ...when, status: 'open', agency } }, signal }),
    ]);
    if (!asOf && !knownAt) setServerNow(summary.asOf);
    return { summary, ranking, plan, blockers, year, loadedAt: new Date() };
  };
  const data = useLoad((signal) => load(signal), [asOf, knownAt, source, agency, yearParam]);

  // Live: new events change the figures without a reload. A view fixed in record time (knownAt)
  // cannot change. An answer for filters changed meanwhile is dropped.
  const filtersKey = JSON.stringify([asOf, knownAt, source, agency, yearParam]);
  const currentKey = useRef(filtersKey);
  currentKey.current = filtersKey;
  useInterval(
    () => {
      const asked = filtersKey;
      load().then(
        (fresh) => asked === currentKey.current && data.setData(fresh),
        () => undefined,
      );
    },
    live && !knownAt ? POLL_MS : null,
  );

  const d = data.data;
  const s = d?.summary;
  const thisYear = Number(todayInHanoi(serverNow).slice(0, 4));
  // The workbooks of what is shown, under the same filters (each report takes the ones it knows).
  const download = async (path: string, query: Record<string, string | number>, name: string) => {
    try {
      await saveFile(api, `${path}${queryString(query)}`, name);
    } catch (err) {
      notify(String((err as Error).message), 'error');
    }
  };
  const asOfDay = s ? ymd(s.asOf) : '';
  const downloadButton = (label: string, onClick: () => void) => (
    <button type="button" class="secondary small" aria-label={label} title={label} onClick={onClick}>
      {t('overview.downloadXlsx')}
    </button>
  );
  return (
    <div class="page">
      <div class="page-head">
        <h1>{t('overview.title')}</h1>
        {s && (
          <div class="page-actions">
            <button
              type="button"
              class="secondary"
              onClick={() => download('/reports/summary.xlsx', { asOf, knownAt, source, agency }, `tong-hop-${asOfDay}.xlsx`)}
            >
              {t('overview.downloadSummary')}
            </button>
          </div>
        )}
        <p class="muted" aria-live="polite">
          {s && t('overview.asOfLine', { asOf: fmtDateTime(s.asOf, lang), knownAt: fmtDateTime(s.knownAt, lang) })}
          {d && !knownAt && live && (
            <span class="live"> · {t('overview.updated', { time: d.loadedAt.toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB') })}</span>
          )}
        </p>
      </div>

      <form noValidate class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('common.filters')}>
        <div class="field">
          <label for="ov-asof">{t('overview.asOf')}</label>
          <DayInput id="ov-asof" value={asOf} onChange={(v) => set({ asOf: v })} aria-describedby="ov-asof-hint" />
          <small id="ov-asof-hint" class="hint">
            {t('overview.asOfHint')}
          </small>
        </div>
        <div class="field">
          <label for="ov-knownat">{t('overview.knownAt')}</label>
          <DayInput id="ov-knownat" value={knownAt} onChange={(v) => set({ knownAt: v })} aria-describedby="ov-knownat-hint" />
          <small id="ov-knownat-hint" class="hint">
            {t('overview.knownAtHint')}
          </small>
        </div>
        <div class="field">
          <label for="ov-source">{t('tasks.source')}</label>
          <select id="ov-source" value={source} onChange={onText((v) => set({ source: v }))}>
            <option value="">{t('common.all')}</option>
            {(s?.bySource ?? []).map((b) => (
              <option key={b.source ?? ''} value={b.source ?? ''}>
                {b.source ?? '—'}
              </option>
            ))}
            {source && !s?.bySource.some((b) => b.source === source) && <option value={source}>{source}</option>}
          </select>
        </div>
        {can.readAll && (
          <div class="field">
            <label for="ov-agency">{t('tasks.agency')}</label>
            <select id="ov-agency" value={agency} onChange={onText((v) => set({ agency: v }))}>
              <option value="">{t('common.all')}</option>
              {agencies.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.code} — {a.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="field">
          <label for="ov-year">{t('overview.year')}</label>
          <select id="ov-year" value={String(d?.year ?? yearParam)} onChange={onText((v) => set({ year: v }))}>
            {[thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-inline">
          <label>
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} /> {t('overview.live')}
          </label>
          {(asOf || knownAt || source || agency) && (
            <button type="button" class="btn-link" onClick={() => navigate('/', {}, true)}>
              {t('overview.reset')}
            </button>
          )}
        </div>
      </form>

      {data.error && <LoadError error={data.error} />}
      {!d && !data.error && <Loading />}
      {s && d && (
        <>
          <div class="figures" role="group" aria-label={t('overview.figures')}>
            <Figure name="total" label={t('overview.total')} value={fmtNumber(s.total, lang)} />
            <Figure
              name="completed"
              label={t('overview.completed')}
              value={fmtNumber(s.completed, lang)}
              sub={`${t('overview.onTime')} ${s.completedOnTime} · ${t('overview.late')} ${s.completedLate}`}
              tone="ok"
            />
            <Figure
              name="inProgress"
              label={t('overview.inProgress')}
              value={fmtNumber(s.inProgress, lang)}
              sub={`${t('status.on_track')} ${s.onTrack} · ${t('status.due_soon')} ${s.dueSoon} · ${t('status.ongoing')} ${s.ongoing}`}
            />
            <Figure name="dueSoon" label={t('status.due_soon')} value={fmtNumber(s.dueSoon, lang)} tone="warn" />
            <Figure
              name="awaitingConfirmation"
              label={t('task.awaitingConfirmation')}
              value={fmtNumber(s.awaitingConfirmation, lang)}
              sub={t('overview.awaitingHint')}
            />
            <Figure name="atRisk" label={t('summary.atRisk')} value={fmtNumber(s.atRisk, lang)} sub={t('risk.high')} tone="warn" />
            <Figure name="overdue" label={t('overview.overdue')} value={fmtNumber(s.overdue, lang)} tone="bad" />
            <Figure
              name="overdueRate"
              label={t('overview.overdueRate')}
              value={fmtPercent(s.overdueRate, 1, lang)}
              sub={t('overview.overdueRateHint')}
              tone="bad"
            />
            <Figure name="cancelled" label={t('status.cancelled')} value={fmtNumber(s.cancelled, lang)} sub={t('overview.cancelledHint')} />
          </div>

          <div class="grid-2">
            <Card title={t('overview.twoByTwo')} id="two-by-two">
              <div class="table-wrap" tabIndex={0}>
                <table class="two-by-two">
                  <caption class="sr-only">{t('overview.twoByTwo')}</caption>
                  <thead>
                    <tr>
                      <td />
                      <th scope="col">{t('overview.withinDeadline')}</th>
                      <th scope="col">{t('overview.pastDeadline')}</th>
                      <th scope="col">{t('common.total')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <th scope="row">{t('overview.completedRow')}</th>
                      <td class="cell-ok" data-cell="completedOnTime">
                        {s.completedOnTime}
                      </td>
                      <td class="cell-warn" data-cell="completedLate">
                        {s.completedLate}
                      </td>
                      <td>{s.completed}</td>
                    </tr>
                    <tr>
                      <th scope="row">{t('overview.openRow')}</th>
                      <td class="cell-ok" data-cell="withinDeadline">
                        {s.onTrack + s.dueSoon}
                      </td>
                      <td class="cell-bad" data-cell="overdue">
                        {s.overdue}
                      </td>
                      <td>{s.onTrack + s.dueSoon + s.overdue}</td>
                    </tr>
                  </tbody>
                </table>
              </div>
              <p class="hint">{t('overview.twoByTwoNote', { n: s.recurring })}</p>
            </Card>
            <Card title={t('overview.bySource')} id="by-source">
              <div class="table-wrap" tabIndex={0}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('tasks.source')}</th>
                      <th scope="col" class="num">
                        {t('overview.total')}
                      </th>
                      <th scope="col" class="num">
                        {t('overview.completed')}
                      </th>
                      <th scope="col" class="num">
                        {t('overview.overdue')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.bySource.map((b) => (
                      <tr key={b.source ?? ''}>
                        <td>
                          <a href={taskListHref({ source: b.source ?? '' })}>{b.source ?? '—'}</a>
                        </td>
                        <td class="num">{b.total}</td>
                        <td class="num">{b.completed}</td>
                        <td class="num">{b.overdue}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
          </div>

          <div class="grid-2">
            <Card
              title={t('overview.ranking')}
              id="ranking"
              actions={downloadButton(t('overview.downloadRanking'), () =>
                download('/reports/agencies.xlsx', { asOf, knownAt }, `xep-hang-${asOfDay}.xlsx`),
              )}
            >
              <RankingChart rows={d.ranking} />
              <details>
                <summary>{t('overview.rankingTable')}</summary>
                <div class="table-wrap" tabIndex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">{t('tasks.agency')}</th>
                        <th scope="col" class="num">
                          {t('overview.total')}
                        </th>
                        <th scope="col" class="num">
                          {t('overview.onTime')}
                        </th>
                        <th scope="col" class="num">
                          {t('overview.late')}
                        </th>
                        <th scope="col" class="num">
                          {t('overview.overdue')}
                        </th>
                        <th scope="col" class="num">
                          {t('overview.onTimeRate')}
                        </th>
                        <th scope="col" class="num">
                          {t('overview.avgDaysLate')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.ranking.map((r) => (
                        <tr key={r.agency}>
                          <td>{r.rank}</td>
                          <td>
                            {r.name}
                            <div class="sub">{r.agency}</div>
                          </td>
                          <td class="num">{r.total}</td>
                          <td class="num">{r.completedOnTime}</td>
                          <td class="num">{r.completedLate}</td>
                          <td class="num">{r.overdue}</td>
                          <td class="num">{fmtPercent(r.onTimeRate)}</td>
                          <td class="num">{r.avgDaysLate === null ? '—' : fmtNumber(r.avgDaysLate, lang, 1)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </Card>
            <Card
              title={`${t('overview.plan')} ${d.year}`}
              id="plan"
              actions={downloadButton(t('overview.downloadPlan'), () =>
                download('/reports/monthly-plan.xlsx', { asOf, knownAt, year: d.year, agency }, `ke-hoach-${d.year}.xlsx`),
              )}
            >
              <MonthlyPlanChart rows={d.plan} year={d.year} />
            </Card>
          </div>

          <Card title={`${t('overview.blockers')} (${d.blockers.length})`} id="blockers">
            {d.blockers.length === 0 ? (
              <p class="muted">{t('overview.noBlockers')}</p>
            ) : (
              <div class="table-wrap" tabIndex={0}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('tasks.code')}</th>
                      <th scope="col">{t('tasks.agency')}</th>
                      <th scope="col">{t('tasks.status')}</th>
                      <th scope="col">{t('task.blocker')}</th>
                      <th scope="col">{t('task.raisedAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.blockers.map((b) => (
                      <tr key={b.blockerId}>
                        <td>
                          <a href={taskHref(b.taskCode)}>{b.taskCode}</a>
                        </td>
                        <td>{b.leadAgency}</td>
                        <td>
                          <StatusBadge status={b.taskStatus} />
                        </td>
                        <td>{b.description}</td>
                        <td>{fmtDate(b.raisedAt, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </>
      )}
    </div>
  );
}

function taskListHref(query: Record<string, string>): string {
  return `#/tasks?${new URLSearchParams(query)}`;
}

function Figure({
  name,
  label,
  value,
  sub,
  tone,
}: {
  name: string;
  label: string;
  value: string;
  sub?: string;
  tone?: 'ok' | 'warn' | 'bad';
}) {
  const id = `fig-${name}`;
  return (
    <div class={`figure ${tone ? `figure-${tone}` : ''}`} data-figure={name} role="group" aria-labelledby={`${id}-label`}>
      <div id={`${id}-label`} class="figure-label">
        {label}
      </div>
      <div class="figure-value" aria-live="polite">
        {value}
      </div>
      {sub && <div class="figure-sub">{sub}</div>}
    </div>
  );
}
