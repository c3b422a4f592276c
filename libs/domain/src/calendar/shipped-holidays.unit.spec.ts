import { shippedHolidayYear } from '../testing/official-calendar';
import { isWeekend } from '../shared/calendar-day';

/** config/holidays/*.json against domain-facts.md "Official days off for civil servants". */
describe('shipped holiday calendars', () => {
  const weekdaysOff = (year: number) => shippedHolidayYear(year).days.filter((d) => !isWeekend(d));

  it('2025: New Year, Tết, Hùng Kings, 30/4-1/5 with Saturday 04-26 worked, National Day', () => {
    expect(weekdaysOff(2025)).toEqual([
      '2025-01-01',
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-09-01',
      '2025-09-02',
    ]);
    expect(shippedHolidayYear(2025).workdays).toEqual(['2025-04-26']);
  });

  it('2026: swapped 01-02 and 08-31 repaid on Saturdays 01-10 and 08-22', () => {
    expect(weekdaysOff(2026)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-08-31',
      '2026-09-01',
      '2026-09-02',
    ]);
    expect(shippedHolidayYear(2026).workdays).toEqual(['2026-01-10', '2026-08-22']);
  });

  it('2027: statutory days, with the Tết weekend days given back on the next working days', () => {
    expect(weekdaysOff(2027)).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-04-16',
      '2027-04-30',
      '2027-05-03',
      '2027-09-02',
      '2027-09-03',
    ]);
  });
});
