import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { useApp } from '../../context';
import { addDays, fmtDate, todayInHanoi } from '../../format';
import { Card, Loading, errorText, onText, useLoad, DayInput } from '../../ui';
import { PreviewTable } from './preview-table';
import { PreviewCalendar } from './preview-calendar';

/**
 * The dry run (POST /reminder-rules/simulate): what the given rules (or the saved ones) would
 * send to the open tasks over the next weeks, as a table and as a calendar. Nothing is sent.
 */
export function Preview({
  title,
  rules,
  onRuleError,
}: {
  title: string;
  rules: Record<string, unknown>[] | null;
  onRuleError?: (e: unknown) => void;
}) {
  const { t, lang, api, serverNow } = useApp();
  const today = todayInHanoi(serverNow);
  const [from, setFrom] = useState(today);
  const [weeks, setWeeks] = useState(6);
  const [view, setView] = useState<'table' | 'calendar'>('table');
  const to = addDays(from, weeks * 7 - 1);
  const rulesKey = JSON.stringify(rules);
  const result = useLoad(
    async (signal) => {
      const years = [...new Set([from.slice(0, 4), to.slice(0, 4)])];
      try {
        const [sim, ...calendars] = await Promise.all([
          api.postDraft('/reminder-rules/simulate', {}, rules ? { from, to, rules } : { from, to }, signal),
          ...years.map((y) => api.get('/calendar/holidays/{year}', { params: { path: { year: Number(y) } }, signal })),
        ]);
        onRuleError?.(null);
        return {
          notices: [...sim.notices].sort((a, b) => (a.fireAt < b.fireAt ? -1 : a.fireAt > b.fireAt ? 1 : a.taskCode < b.taskCode ? -1 : 1)),
          daysOff: new Set(calendars.flatMap((c) => c.days)),
          workdays: new Set(calendars.flatMap((c) => c.workdays)),
        };
      } catch (e) {
        // The draft's own faults go back to its form, next to their fields.
        if (e instanceof ApiError && e.status === 400 && rules) onRuleError?.(e.withoutPrefix('rules[0].'));
        throw e;
      }
    },
    [rulesKey, from, weeks],
  );

  return (
    <Card title={title} id="preview" class="preview">
      <p class="hint">{t('preview.nothingSent')}</p>
      <div class="filters">
        <div class="field">
          <label for="p-from">{t('preview.from')}</label>
          <DayInput id="p-from" value={from} onChange={(v) => v && setFrom(v)} />
        </div>
        <div class="field">
          <label for="p-weeks">{t('preview.weeks')}</label>
          <select id="p-weeks" value={String(weeks)} onChange={onText((v) => setWeeks(Number(v)))}>
            {[2, 4, 6, 8, 12].map((w) => (
              <option key={w} value={String(w)}>
                {t('preview.weeksN', { n: w })}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-inline" role="group" aria-label={t('preview.view')}>
          <button
            type="button"
            class={view === 'table' ? 'active' : 'secondary'}
            aria-pressed={view === 'table'}
            onClick={() => setView('table')}
          >
            {t('preview.table')}
          </button>
          <button
            type="button"
            class={view === 'calendar' ? 'active' : 'secondary'}
            aria-pressed={view === 'calendar'}
            onClick={() => setView('calendar')}
          >
            {t('preview.calendar')}
          </button>
        </div>
      </div>
      {result.error ? (
        <div class="alert alert-error" role="alert">
          {errorText(result.error, t)}
        </div>
      ) : !result.data ? (
        <Loading />
      ) : (
        <>
          <p role="status" class="preview-count">
            {t('preview.count', { n: result.data.notices.length, from: fmtDate(from, lang), to: fmtDate(to, lang) })}
          </p>
          {view === 'table' ? (
            <PreviewTable notices={result.data.notices} />
          ) : (
            <PreviewCalendar
              notices={result.data.notices}
              from={from}
              to={to}
              daysOff={result.data.daysOff}
              workdays={result.data.workdays}
            />
          )}
        </>
      )}
    </Card>
  );
}
