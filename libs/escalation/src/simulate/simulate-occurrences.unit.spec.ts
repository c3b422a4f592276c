import { dueOn, hanoi, officialCalendar, rule } from '@app/domain/rules/testing/fixtures';
import { simulateOccurrences } from './simulate-notices';

const calendar = officialCalendar();
const TZ = 'Asia/Ho_Chi_Minh';
const weekly = rule({ offset: { amount: 1, unit: 'days' }, repeat: { every: { amount: 7, unit: 'days' }, maxTimes: 4 } });
const due = dueOn('2026-03-10');
const times = (list: { fireAt: Date }[]) => list.map((o) => o.fireAt.toISOString());

describe('simulateOccurrences: one task and rule over a window', () => {
  const window = { from: hanoi('2026-03-11T08:00'), to: hanoi('2026-03-25T08:00'), now: hanoi('2026-03-01T00:00') };

  it('lists every occurrence in [from, to], both ends included', () => {
    expect(times(simulateOccurrences(weekly, due, calendar, TZ, window))).toEqual(
      [hanoi('2026-03-11T08:00'), hanoi('2026-03-18T08:00'), hanoi('2026-03-25T08:00')].map((d) => d.toISOString()),
    );
  });

  it('for a saved rule, leaves out future occurrences already issued and shows a pending catch-up when it is really sent', () => {
    const live = { issuedUpTo: 1, catchUp: null };
    expect(
      simulateOccurrences(weekly, due, calendar, TZ, { ...window, now: hanoi('2026-03-12T00:00') }, live).map((o) => o.occurrence),
    ).toEqual([0, 2]);
    const catchUp = { issuedUpTo: null, catchUp: { occurrence: 0, fireAt: hanoi('2026-03-16T08:00') } };
    const list = simulateOccurrences(weekly, due, calendar, TZ, window, catchUp);
    expect(list.map((o) => [o.occurrence, o.fireAt.toISOString(), o.catchUp])).toEqual([
      [0, hanoi('2026-03-16T08:00').toISOString(), true],
      [1, hanoi('2026-03-18T08:00').toISOString(), false],
      [2, hanoi('2026-03-25T08:00').toISOString(), false],
    ]);
  });
});
