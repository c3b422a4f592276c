import { officialCalendar } from '../testing/official-calendar';
import { WorkingCalendar } from './working-calendar';

const calendar = officialCalendar();

describe('WorkingCalendar', () => {
  describe('isWorkingDay', () => {
    it('counts Monday to Friday and rests on Saturday and Sunday', () => {
      expect(calendar.isWorkingDay('2025-12-26')).toBe(true); // Fri
      expect(calendar.isWorkingDay('2025-12-27')).toBe(false); // Sat
      expect(calendar.isWorkingDay('2025-12-28')).toBe(false); // Sun
      expect(calendar.isWorkingDay('2025-12-29')).toBe(true); // Mon
    });

    it('rests on official days off that fall on weekdays', () => {
      expect(calendar.isWorkingDay('2025-04-07')).toBe(false); // Hùng Kings 2025
      expect(calendar.isWorkingDay('2026-02-16')).toBe(false); // Tết 2026
      expect(calendar.isWorkingDay('2026-04-27')).toBe(false); // Hùng Kings' day moved off Sunday
      expect(calendar.isWorkingDay('2025-05-02')).toBe(false); // swapped day off
    });

    it('counts a swapped Saturday as a working day', () => {
      expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
      expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
      expect(calendar.isWorkingDay('2026-08-22')).toBe(true);
      expect(calendar.isWorkingDay('2026-01-17')).toBe(false); // an ordinary Saturday
    });

    it('treats a year without a holiday list as weekends only', () => {
      expect(calendar.isWorkingDay('2030-01-01')).toBe(true);
      expect(new WorkingCalendar().isWorkingDay('2025-01-01')).toBe(true);
    });

    it('refuses something that is not a day', () => {
      expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    });
  });

  describe('onOrNextWorkingDay', () => {
    it('keeps a working day', () => {
      expect(calendar.onOrNextWorkingDay('2025-12-24')).toBe('2025-12-24');
    });

    it('moves a weekend day to Monday', () => {
      expect(calendar.onOrNextWorkingDay('2025-06-15')).toBe('2025-06-16');
    });

    it('moves a day inside Tết past the whole holiday', () => {
      expect(calendar.onOrNextWorkingDay('2025-01-27')).toBe('2025-02-03');
      expect(calendar.onOrNextWorkingDay('2026-02-14')).toBe('2026-02-23');
    });

    it('lands on a swapped working Saturday', () => {
      expect(calendar.onOrNextWorkingDay('2026-01-10')).toBe('2026-01-10');
    });

    it('carries a holiday that spans the new year into the next year', () => {
      const withNewYearsEveOff = calendar.withYear({ year: 2025, days: ['2025-12-31'], workdays: [] });
      expect(withNewYearsEveOff.onOrNextWorkingDay('2025-12-31')).toBe('2026-01-05');
    });
  });

  describe('addWorkingDays', () => {
    it('counts from the day after: Friday + 1 is Monday', () => {
      expect(calendar.addWorkingDays('2025-12-26', 1)).toBe('2025-12-29');
    });

    it('counts a swapped working Saturday', () => {
      expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
      expect(calendar.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
    });

    it('goes back across Tết with a negative count', () => {
      expect(calendar.addWorkingDays('2026-02-23', -1)).toBe('2026-02-13');
      expect(calendar.addWorkingDays('2026-02-23', -3)).toBe('2026-02-11');
      expect(calendar.addWorkingDays('2025-02-03', -1)).toBe('2025-01-24');
    });

    it('goes back across the new year holidays into the previous year', () => {
      expect(calendar.addWorkingDays('2026-01-05', -1)).toBe('2025-12-31');
      expect(calendar.addWorkingDays('2026-01-05', -2)).toBe('2025-12-30');
    });

    it('goes forward across the 30/4 - 1/5 holidays', () => {
      expect(calendar.addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
    });

    it('with zero returns the day itself or the next working day', () => {
      expect(calendar.addWorkingDays('2025-12-24', 0)).toBe('2025-12-24');
      expect(calendar.addWorkingDays('2025-08-30', 0)).toBe('2025-09-03');
    });

    it('from a day off counts from that day: Saturday + 1 is Monday, Saturday - 1 is Friday', () => {
      expect(calendar.addWorkingDays('2025-12-27', 1)).toBe('2025-12-29');
      expect(calendar.addWorkingDays('2025-12-27', -1)).toBe('2025-12-26');
    });

    it('refuses a fractional count', () => {
      expect(() => calendar.addWorkingDays('2025-12-24', 1.5)).toThrow(RangeError);
    });
  });

  describe('withYear', () => {
    it('replaces one year and leaves the calendar it came from unchanged', () => {
      const amended = calendar.withYear({ year: 2027, days: ['2027-02-12'], workdays: ['2027-02-20'] });
      expect(amended.isWorkingDay('2027-02-12')).toBe(false);
      expect(amended.isWorkingDay('2027-02-20')).toBe(true);
      expect(amended.isWorkingDay('2027-02-08')).toBe(true); // the old 2027 list is gone
      expect(calendar.isWorkingDay('2027-02-08')).toBe(false);
      expect(amended.isWorkingDay('2026-02-16')).toBe(false); // other years kept
    });

    it('lists its years in order', () => {
      expect(calendar.holidayYears().map((y) => y.year)).toEqual([2025, 2026, 2027]);
      expect(calendar.holidayYear(2026)?.workdays).toEqual(['2026-01-10', '2026-08-22']);
    });
  });
});
