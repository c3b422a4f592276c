import { useMemo } from 'preact/hooks';
import { useApp } from '../../context';
import { addDays, fmtDate, weekday, ymd } from '../../format';
import type { SimulatedNotice } from '../../types';

/** The dry run as a month calendar: notices on the days they would be sent, days off marked. */
export function PreviewCalendar({
  notices,
  from,
  to,
  daysOff,
  workdays,
}: {
  notices: SimulatedNotice[];
  from: string;
  to: string;
  daysOff: Set<string>;
  workdays: Set<string>;
}) {
  const { t, lang } = useApp();
  const byDay = useMemo(() => {
    const map = new Map<string, SimulatedNotice[]>();
    for (const n of notices) {
      const day = ymd(n.fireAt);
      map.set(day, [...(map.get(day) ?? []), n]);
    }
    return map;
  }, [notices]);
  // Whole weeks, Monday first (Vietnamese calendars start the week on Monday).
  const start = addDays(from, -((weekday(from) + 6) % 7));
  const end = addDays(to, (7 - weekday(to)) % 7);
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  const weekdays = lang === 'vi' ? ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'] : ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const weeksOf = Array.from({ length: days.length / 7 }, (_, i) => days.slice(i * 7, i * 7 + 7));
  return (
    <div class="calendar-wrap">
      <table class="calendar" aria-label={t('preview.calendar')}>
        <thead>
          <tr>
            {weekdays.map((w) => (
              <th key={w} scope="col">
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeksOf.map((week) => (
            <tr key={week[0]}>
              {week.map((day) => {
                const list = byDay.get(day) ?? [];
                const wd = weekday(day);
                const off = daysOff.has(day) || ((wd === 0 || wd === 6) && !workdays.has(day));
                const outside = day < from || day > to;
                const label = `${fmtDate(day, lang)}: ${t('preview.dayCount', { n: list.length })}${off ? ` (${t('preview.dayOff')})` : ''}`;
                return (
                  <td
                    key={day}
                    class={`${off ? 'off' : ''} ${outside ? 'outside' : ''} ${list.length ? 'has' : ''}`}
                    aria-label={label}
                    data-day={day}
                  >
                    <div class="day-num">
                      {day.slice(8) === '01' || day === start
                        ? fmtDate(day, lang)
                            .replace(/\/\d{4}$/, '')
                            .replace(/ \d{4}$/, '')
                        : Number(day.slice(8))}
                    </div>
                    {list.length > 0 && <div class="day-count">{list.length}</div>}
                    <ul class="day-list">
                      {list.slice(0, 3).map((n, i) => (
                        <li
                          key={i}
                          class={`level-${Math.min(n.level, 4)}`}
                          title={`${n.taskCode} · ${n.ruleId} · ${n.fireAt.slice(11, 16)}`}
                        >
                          {n.taskCode}
                        </li>
                      ))}
                      {list.length > 3 && <li class="more">+{list.length - 3}</li>}
                    </ul>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint legend">
        <span class="swatch off" /> {t('preview.dayOff')} <span class="swatch level-0" /> {t('rules.level')} 0{' '}
        <span class="swatch level-2" /> 2 <span class="swatch level-4" /> 4+
      </p>
    </div>
  );
}
