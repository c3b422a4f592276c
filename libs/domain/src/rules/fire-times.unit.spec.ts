import {
  dueOccurrences,
  fireTimes,
  localDueDay,
  nextOccurrence,
  placeInSendWindow,
  planOccurrences,
  plannedOccurrences,
  type PlannedOccurrence,
} from './fire-times';
import { dueOn, hanoi, officialCalendar, OFFICE_HOURS, rule } from './testing/fixtures';

const calendar = officialCalendar();
const TZ = 'Asia/Ho_Chi_Minh';
const iso = (list: { fireAt: Date }[]): string[] => list.map((o) => o.fireAt.toISOString());
const at = (...locals: string[]): string[] => locals.map((l) => hanoi(l).toISOString());

describe('fireTimes: reminders before the deadline', () => {
  it('counts working days back over the 2026 Tết break (02-14..02-22 off)', () => {
    const due = dueOn('2026-02-24');
    expect(iso(fireTimes(rule({ offset: { amount: -3, unit: 'working_days' } }), due, calendar))).toEqual(at('2026-02-12T08:00'));
    expect(iso(fireTimes(rule({ offset: { amount: -7, unit: 'working_days' } }), due, calendar))).toEqual(at('2026-02-06T08:00'));
  });

  it('counts the swapped working Saturday 2026-01-10 as a working day and sends on it', () => {
    const due = dueOn('2026-01-13');
    expect(iso(fireTimes(rule({ offset: { amount: -2, unit: 'working_days' } }), due, calendar))).toEqual(at('2026-01-10T08:00'));
    expect(iso(fireTimes(rule({ offset: { amount: -3, unit: 'working_days' } }), due, calendar))).toEqual(at('2026-01-09T08:00'));
  });

  it('skips the New Year days off back into the previous year', () => {
    expect(iso(fireTimes(rule({ offset: { amount: -1, unit: 'working_days' } }), dueOn('2026-01-05'), calendar))).toEqual(
      at('2025-12-31T08:00'),
    );
  });

  it('fires on the due day itself at the window opening for a zero offset', () => {
    expect(iso(fireTimes(rule({ offset: { amount: 0, unit: 'working_days' } }), dueOn('2026-03-31'), calendar))).toEqual(
      at('2026-03-31T08:00'),
    );
    expect(iso(fireTimes(rule({ offset: { amount: 0, unit: 'days' }, sendWindow: null }), dueOn('2026-03-31'), calendar))).toEqual(
      at('2026-03-31T08:00'),
    );
  });

  it('fires day offsets at the start of a custom window', () => {
    const late = rule({
      offset: { amount: -1, unit: 'working_days' },
      sendWindow: { start: '09:30', end: '16:00', workingDaysOnly: true },
    });
    expect(iso(fireTimes(late, dueOn('2026-03-31'), calendar))).toEqual(at('2026-03-30T09:30'));
  });

  it('reads the due day of a deadline stored as 24:00 (next midnight) as the day before', () => {
    expect(localDueDay(hanoi('2026-04-01T00:00'), TZ)).toBe('2026-03-31');
    expect(localDueDay(dueOn('2026-03-31'), TZ)).toBe('2026-03-31');
  });
});

describe('fireTimes: the send window', () => {
  it('moves a calendar-day offset that lands on a weekend to the next working day', () => {
    const dayAfter = rule({ offset: { amount: 1, unit: 'days' } });
    expect(iso(fireTimes(dayAfter, dueOn('2026-03-27'), calendar))).toEqual(at('2026-03-30T08:00'));
  });

  it('moves a calendar-day offset that lands in Tết to the first working day after it', () => {
    expect(iso(fireTimes(rule({ offset: { amount: -7, unit: 'days' } }), dueOn('2026-02-24'), calendar))).toEqual(at('2026-02-23T08:00'));
  });

  it('sends on any day at the computed instant without a window', () => {
    const dayAfter = rule({ offset: { amount: 1, unit: 'days' }, sendWindow: null });
    expect(iso(fireTimes(dayAfter, dueOn('2026-03-27'), calendar))).toEqual(at('2026-03-28T08:00'));
  });

  it('allows weekend sends inside the hours when the window is not limited to working days', () => {
    const dayAfter = rule({ offset: { amount: 1, unit: 'days' }, sendWindow: { ...OFFICE_HOURS, workingDaysOnly: false } });
    expect(iso(fireTimes(dayAfter, dueOn('2026-03-27'), calendar))).toEqual(at('2026-03-28T08:00'));
  });
});

describe('fireTimes: hours offsets', () => {
  const hours = (amount: number, sendWindow = { ...OFFICE_HOURS } as typeof OFFICE_HOURS | null) =>
    fireTimes(rule({ offset: { amount, unit: 'hours' }, sendWindow }), dueOn('2026-03-31'), calendar);

  it('counts from the end of the due day (24:00) and keeps a time inside the window', () => {
    expect(iso(hours(-10))).toEqual(at('2026-03-31T14:00'));
    expect(iso(hours(-10, null))).toEqual(at('2026-03-31T14:00'));
  });

  it('moves a time before the opening to the opening of the same day', () => {
    expect(iso(hours(-20))).toEqual(at('2026-03-31T08:00'));
  });

  it('moves a time after the closing to the next opening', () => {
    expect(iso(hours(-30))).toEqual(at('2026-03-31T08:00'));
    expect(iso(hours(2))).toEqual(at('2026-04-01T08:00'));
  });

  it('treats the window end as exclusive', () => {
    expect(iso(hours(-7))).toEqual(at('2026-04-01T08:00'));
    expect(iso(hours(-8))).toEqual(at('2026-03-31T16:00'));
  });

  it('moves an after-hours Friday time past the weekend', () => {
    const friday = fireTimes(rule({ offset: { amount: 2, unit: 'hours' } }), dueOn('2026-03-27'), calendar);
    expect(iso(friday)).toEqual(at('2026-03-30T08:00'));
  });

  it('sends at the exact instant without a window', () => {
    expect(iso(hours(2, null))).toEqual(at('2026-04-01T02:00'));
  });
});

describe('fireTimes: repeats', () => {
  const weeklyOverdue = rule({
    offset: { amount: 30, unit: 'days' },
    repeat: { every: { amount: 7, unit: 'days' }, maxTimes: 12 },
  });

  it('repeats weekly while overdue, keeping the weekday after a holiday pushed one send', () => {
    // due Fri 2026-03-20 + 30 days = Sun 04-19 → Mon 04-20; Mon 04-27 is Hùng Kings' day off.
    const list = fireTimes(weeklyOverdue, dueOn('2026-03-20'), calendar);
    expect(list.map((o) => o.occurrence)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(iso(list.slice(0, 4))).toEqual(at('2026-04-20T08:00', '2026-04-28T08:00', '2026-05-04T08:00', '2026-05-11T08:00'));
    expect(iso(list.slice(-1))).toEqual(at('2026-07-13T08:00'));
  });

  it('honours limit', () => {
    expect(fireTimes(weeklyOverdue, dueOn('2026-03-20'), calendar, TZ, { limit: 2 })).toHaveLength(2);
  });

  it('folds daily repeats that the window puts on the same Monday, leaving gaps in occurrence numbers', () => {
    const daily = rule({ offset: { amount: 1, unit: 'working_days' }, repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 4 } });
    const list = fireTimes(daily, dueOn('2026-03-26'), calendar);
    expect(list.map((o) => o.occurrence)).toEqual([0, 1, 4]);
    expect(iso(list)).toEqual(at('2026-03-27T08:00', '2026-03-30T08:00', '2026-03-31T08:00'));
  });

  it('folds hourly repeats after closing time into the next opening', () => {
    const hourly = rule({ offset: { amount: -8, unit: 'hours' }, repeat: { every: { amount: 1, unit: 'hours' }, maxTimes: 3 } });
    const list = fireTimes(hourly, dueOn('2026-03-31'), calendar);
    expect(list.map((o) => o.occurrence)).toEqual([0, 1]);
    expect(iso(list)).toEqual(at('2026-03-31T16:00', '2026-04-01T08:00'));
  });

  it('repeats in working days across Tết', () => {
    const wd = rule({ repeat: { every: { amount: 1, unit: 'working_days' }, maxTimes: 2 } });
    expect(iso(fireTimes(wd, dueOn('2026-02-24'), calendar))).toEqual(at('2026-02-12T08:00', '2026-02-13T08:00', '2026-02-23T08:00'));
  });

  it('returns fire times strictly ascending', () => {
    const list = fireTimes(weeklyOverdue, dueOn('2026-01-30'), calendar);
    for (let i = 1; i < list.length; i++) expect(list[i].fireAt.getTime()).toBeGreaterThan(list[i - 1].fireAt.getTime());
  });

  it('refuses an invalid due date or time zone', () => {
    expect(() => fireTimes(rule(), new Date(Number.NaN), calendar)).toThrow(RangeError);
    expect(() => fireTimes(rule(), dueOn('2026-03-31'), calendar, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('dueOccurrences', () => {
  const daily = rule({
    offset: { amount: 1, unit: 'days' },
    sendWindow: null,
    repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 5 },
  });
  const due = dueOn('2026-03-10');

  it('returns the occurrences in (after, until]: after exclusive, until inclusive', () => {
    const found = dueOccurrences(daily, due, calendar, TZ, { after: hanoi('2026-03-12T08:00'), until: hanoi('2026-03-14T08:00') });
    expect(found.map((o) => o.occurrence)).toEqual([2, 3]);
  });

  it('returns every passed occurrence when there is no lower bound', () => {
    expect(dueOccurrences(daily, due, calendar, TZ, { after: null, until: hanoi('2026-03-13T09:00') })).toHaveLength(3);
  });

  it('returns nothing before the first fire time', () => {
    expect(dueOccurrences(daily, due, calendar, TZ, { after: null, until: hanoi('2026-03-11T07:59') })).toEqual([]);
  });
});

describe('planOccurrences: catch-up for tasks planned late', () => {
  it('keeps only the latest passed occurrence, firing it at plannedAt with its own number', () => {
    const daily = rule({
      offset: { amount: 1, unit: 'days' },
      sendWindow: null,
      repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 5 },
    });
    const plannedAt = hanoi('2026-03-13T10:00');
    const plan = planOccurrences(daily, dueOn('2026-03-10'), calendar, TZ, plannedAt);
    expect(plan.map((o) => o.occurrence)).toEqual([2, 3, 4, 5]);
    expect(plan[0]).toEqual({ occurrence: 2, fireAt: plannedAt, scheduledAt: hanoi('2026-03-13T08:00'), catchUp: true });
    expect(plan.slice(1).every((o) => !o.catchUp && o.fireAt === o.scheduledAt)).toBe(true);
  });

  it('fires a catch-up planned at the weekend at the next window opening', () => {
    const plan = planOccurrences(rule(), dueOn('2026-03-31'), calendar, TZ, hanoi('2026-03-28T21:00'));
    expect(plan).toEqual([{ occurrence: 0, fireAt: hanoi('2026-03-30T08:00'), scheduledAt: hanoi('2026-03-26T08:00'), catchUp: true }]);
  });

  it('drops the catch-up when the window would delay it to the next regular occurrence', () => {
    const daily = rule({
      offset: { amount: 0, unit: 'working_days' },
      repeat: { every: { amount: 1, unit: 'working_days' }, maxTimes: 3 },
    });
    const plan = planOccurrences(daily, dueOn('2026-03-27'), calendar, TZ, hanoi('2026-03-28T21:00'));
    expect(plan.map((o) => [o.occurrence, o.catchUp])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
  });

  it('plans every occurrence when none has passed', () => {
    const plan = planOccurrences(
      rule({ repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 2 } }),
      dueOn('2026-03-31'),
      calendar,
      TZ,
      hanoi('2026-03-01T00:00'),
    );
    expect(plan.map((o) => o.occurrence)).toEqual([0, 1, 2]);
    expect(plan.some((o) => o.catchUp)).toBe(false);
  });

  it('sends one notice, not all of them, when every occurrence has passed', () => {
    const weekly = rule({ offset: { amount: 1, unit: 'days' }, repeat: { every: { amount: 7, unit: 'days' }, maxTimes: 4 } });
    const plannedAt = hanoi('2026-12-01T10:00');
    const plan = planOccurrences(weekly, dueOn('2026-03-10'), calendar, TZ, plannedAt);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ occurrence: 4, fireAt: plannedAt, catchUp: true });
  });

  it('treats an occurrence exactly at plannedAt as on time, not caught up', () => {
    const plan = planOccurrences(rule(), dueOn('2026-03-31'), calendar, TZ, hanoi('2026-03-26T08:00'));
    expect(plan).toEqual([{ occurrence: 0, fireAt: hanoi('2026-03-26T08:00'), scheduledAt: hanoi('2026-03-26T08:00'), catchUp: false }]);
  });
});

describe('nextOccurrence', () => {
  const daily = rule({ offset: { amount: 1, unit: 'working_days' }, repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 4 } });
  const due = dueOn('2026-03-26');

  it('gives the first occurrence, then the one after a given number, skipping folded numbers', () => {
    expect(nextOccurrence(daily, due, calendar, TZ, null)).toEqual({ occurrence: 0, fireAt: hanoi('2026-03-27T08:00') });
    expect(nextOccurrence(daily, due, calendar, TZ, 1)).toEqual({ occurrence: 4, fireAt: hanoi('2026-03-31T08:00') });
  });

  it('returns null after the last occurrence', () => {
    expect(nextOccurrence(daily, due, calendar, TZ, 4)).toBeNull();
    expect(nextOccurrence(rule(), due, calendar, TZ, 0)).toBeNull();
  });
});

describe('plannedOccurrences (lazy) against the eager rule it replaced', () => {
  /** planOccurrences as it was written before it became lazy: every occurrence computed first. */
  function eagerPlan(r: ReturnType<typeof rule>, due: Date, plannedAt: Date): PlannedOccurrence[] {
    const now = plannedAt.getTime();
    let latestPassed: { occurrence: number; fireAt: Date } | null = null;
    const future: PlannedOccurrence[] = [];
    for (const o of fireTimes(r, due, calendar, TZ)) {
      if (o.fireAt.getTime() <= now) latestPassed = o;
      else future.push({ ...o, scheduledAt: o.fireAt, catchUp: false });
    }
    if (latestPassed === null) return future;
    if (latestPassed.fireAt.getTime() === now) return [{ ...latestPassed, scheduledAt: latestPassed.fireAt, catchUp: false }, ...future];
    const sendAt = placeInSendWindow(plannedAt, r.sendWindow, calendar, TZ);
    if (future.length > 0 && sendAt.getTime() >= future[0].fireAt.getTime()) return future;
    return [{ occurrence: latestPassed.occurrence, fireAt: sendAt, scheduledAt: latestPassed.fireAt, catchUp: true }, ...future];
  }

  const rules = [
    rule({ offset: { amount: -3, unit: 'working_days' } }),
    rule({ offset: { amount: 1, unit: 'working_days' }, repeat: { every: { amount: 7, unit: 'days' }, maxTimes: 12 } }),
    rule({ offset: { amount: 0, unit: 'days' }, sendWindow: null, repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 5 } }),
    rule({
      offset: { amount: -10, unit: 'hours' },
      sendWindow: OFFICE_HOURS,
      repeat: { every: { amount: 4, unit: 'hours' }, maxTimes: 6 },
    }),
    rule({ offset: { amount: 2, unit: 'days' }, repeat: { every: { amount: 2, unit: 'working_days' }, maxTimes: 4 } }),
  ];
  const dues = ['2026-02-13', '2026-02-24', '2026-03-31', '2026-04-30', '2026-09-02'].map(dueOn);
  // planning instants from weeks before to months after, at night, in office hours and at 08:00 sharp
  const offsetsHours = [-24 * 40, -24 * 8, -30, -14, 0, 9, 24 + 1, 24 * 3 + 8.5, 24 * 9, 24 * 30, 24 * 120];

  it('gives the same plan for every rule, deadline and planning time, and stops early when read partly', () => {
    let compared = 0;
    for (const r of rules) {
      for (const due of dues) {
        for (const h of offsetsHours) {
          const plannedAt = new Date(due.getTime() + h * 3_600_000);
          const eager = eagerPlan(r, due, plannedAt);
          expect(planOccurrences(r, due, calendar, TZ, plannedAt)).toEqual(eager);
          const lazy = plannedOccurrences(r, due, calendar, TZ, plannedAt);
          const head = lazy.next();
          expect(head.done ? undefined : head.value).toEqual(eager[0]);
          compared++;
        }
      }
    }
    expect(compared).toBe(rules.length * dues.length * offsetsHours.length);
  });
});
