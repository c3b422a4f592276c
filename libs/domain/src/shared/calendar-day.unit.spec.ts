import { addDays, daysBetween, isCalendarDay, isoWeekday } from './calendar-day';

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
