import { addDays, dayNumber, dayOfNumber, daysBetween, isCalendarDay, isoWeekday } from './calendar-day';

describe('calendar days', () => {
  it('knows real days from impossible ones', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-04-31')).toBe(false);
    expect(isCalendarDay('2026-1-5')).toBe(false);
    expect(isCalendarDay(20260105)).toBe(false);
  });

  it('adds days across months and years', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts days between two days', () => {
    expect(daysBetween('2026-01-08', '2026-01-15')).toBe(7);
    expect(daysBetween('2026-01-15', '2026-01-08')).toBe(-7);
  });

  it('gives ISO weekdays', () => {
    expect(isoWeekday('2026-01-05')).toBe(1);
    expect(isoWeekday('2026-01-10')).toBe(6);
    expect(isoWeekday('2026-01-11')).toBe(7);
  });
});

describe('day numbers', () => {
  it('count days from 1970-01-01 and agree with addDays and daysBetween', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayOfNumber(0)).toBe('1970-01-01');
    for (let day = '1999-12-25', i = 0; i < 3_000; i++, day = addDays(day, 1)) {
      expect(dayOfNumber(dayNumber(day))).toBe(day);
      expect(dayNumber(addDays(day, 37)) - dayNumber(day)).toBe(37);
      expect(dayNumber(day) - dayNumber('2000-02-29')).toBe(daysBetween('2000-02-29', day));
    }
    expect(dayOfNumber(dayNumber('9999-12-31'))).toBe('9999-12-31');
    expect(dayOfNumber(dayNumber('1000-01-01'))).toBe('1000-01-01');
  });
});
