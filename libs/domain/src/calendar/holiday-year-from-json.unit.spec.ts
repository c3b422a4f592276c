import { DomainError } from '../shared/domain-error';
import { holidayYearFromJson } from './holiday-year-from-json';

const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).details.map((d) => d.field);
  }
  throw new Error('expected a DomainError');
};

describe('holidayYearFromJson', () => {
  it('accepts a holiday year and returns its days sorted without duplicates', () => {
    expect(holidayYearFromJson({ year: 2026, days: ['2026-04-27', '2026-01-01', '2026-01-01'], workdays: ['2026-01-10'] })).toEqual({
      year: 2026,
      days: ['2026-01-01', '2026-04-27'],
      workdays: ['2026-01-10'],
    });
  });

  it('takes the year from the caller when the body has none (PUT /calendar/holidays/{year})', () => {
    expect(holidayYearFromJson({ days: ['2026-01-01'] }, 2026)).toEqual({ year: 2026, days: ['2026-01-01'], workdays: [] });
  });

  it('refuses a body whose year differs from the one in the URL', () => {
    expect(fieldsOf(() => holidayYearFromJson({ year: 2025, days: [] }, 2026))).toEqual(['year']);
  });

  it('refuses what is not an object or has no year', () => {
    expect(fieldsOf(() => holidayYearFromJson([]))).toEqual(['body']);
    expect(fieldsOf(() => holidayYearFromJson({ days: [] }))).toEqual(['year']);
  });

  it('names every impossible day, day of another year and weekday listed as a working Saturday', () => {
    const fields = fieldsOf(() =>
      holidayYearFromJson({ year: 2026, days: ['2026-02-30', '2025-12-31', 'soon'], workdays: ['2026-01-12', '2026-01-10'] }),
    );
    expect(fields).toEqual(['days[0]', 'days[1]', 'days[2]', 'workdays']);
  });

  it('refuses a day that is both off and worked', () => {
    expect(fieldsOf(() => holidayYearFromJson({ year: 2026, days: ['2026-01-10'], workdays: ['2026-01-10'] }))).toEqual(['workdays']);
  });

  it('refuses lists that are not lists', () => {
    expect(fieldsOf(() => holidayYearFromJson({ year: 2026, days: '2026-01-01' }))).toEqual(['days']);
  });
});
