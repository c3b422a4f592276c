import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DomainError } from '../shared/domain-error';
import { WorkingCalendar } from '../calendar/working-calendar';
import { officialCalendar } from '../testing/official-calendar';
import { resolveDeadline } from './resolve-deadline';

interface Vectors {
  valid: { deadline: string; lastDay: string; due: string; adjusted: boolean }[];
  ongoing: { deadline: string; due: null };
  invalid: string[];
}
/** A copy of shared/data/deadline-vectors.json, kept in the repository so a lone clone tests it. */
const VECTORS_FILE = resolve(__dirname, 'testing/deadline-vectors.json');
const vectors: Vectors = JSON.parse(readFileSync(VECTORS_FILE, 'utf8'));

const calendar = officialCalendar();

describe('resolveDeadline against the shared deadline vectors', () => {
  it('has vectors to run', () => {
    expect(vectors.valid.length).toBeGreaterThanOrEqual(17);
    expect(vectors.invalid.length).toBeGreaterThanOrEqual(11);
  });

  it.each(vectors.valid)('resolves $deadline to last day $lastDay, due $due (adjusted: $adjusted)', (v) => {
    expect(resolveDeadline(v.deadline, calendar)).toEqual({ expression: v.deadline, lastDay: v.lastDay, due: v.due, adjusted: v.adjusted });
  });

  it('resolves ongoing to no deadline', () => {
    expect(resolveDeadline(vectors.ongoing.deadline, calendar)).toEqual({
      expression: 'ongoing',
      lastDay: null,
      due: null,
      adjusted: false,
    });
  });

  it.each(vectors.invalid.map((v) => [v]))('refuses %j with a 400 naming the field', (expr) => {
    expect(() => resolveDeadline(expr, calendar)).toThrow(DomainError);
    try {
      resolveDeadline(expr, calendar, 'Asia/Ho_Chi_Minh', 'newDeadline');
    } catch (error) {
      expect((error as DomainError).kind).toBe('validation');
      expect((error as DomainError).details).toEqual([{ field: 'newDeadline', message: expect.stringContaining('Q1/YYYY') }]);
    }
  });
});

describe('resolveDeadline', () => {
  it('moves a quarter ending on Tết to the first working day after it (Civil Code 2015 art. 148)', () => {
    const cal = new WorkingCalendar([{ year: 2026, days: ['2026-03-31'], workdays: [] }]);
    expect(resolveDeadline('Q1/2026', cal)).toMatchObject({ lastDay: '2026-03-31', due: '2026-04-01T23:59:59.999+07:00', adjusted: true });
  });

  it('moves the last day of 2026 Tết (Sunday 02-22) to Monday 02-23', () => {
    expect(resolveDeadline('22/02/2026', calendar)).toEqual({
      expression: '22/02/2026',
      lastDay: '2026-02-22',
      due: '2026-02-23T23:59:59.999+07:00',
      adjusted: true,
    });
  });

  it('keeps a deadline on a swapped working Saturday', () => {
    expect(resolveDeadline('2026-01-10', calendar)).toMatchObject({ due: '2026-01-10T23:59:59.999+07:00', adjusted: false });
  });

  it('ends the day in the configured time zone', () => {
    expect(resolveDeadline('2025-12-24', calendar, 'UTC').due).toBe('2025-12-24T23:59:59.999Z');
    expect(resolveDeadline('2025-12-24', calendar, 'Asia/Tokyo').due).toBe('2025-12-24T23:59:59.999+09:00');
  });

  it('accepts the Vietnamese "thường xuyên" as ongoing, keeping the wording', () => {
    expect(resolveDeadline('Thường xuyên', calendar)).toEqual({ expression: 'Thường xuyên', lastDay: null, due: null, adjusted: false });
  });

  it('keeps the directive wording verbatim and resolves it', () => {
    expect(resolveDeadline('trong Quý I/2026', calendar)).toEqual({
      expression: 'trong Quý I/2026',
      lastDay: '2026-03-31',
      due: '2026-03-31T23:59:59.999+07:00',
      adjusted: false,
    });
    // 2026-06-30 is a Tuesday; 2027-06-30 a Wednesday
    expect(resolveDeadline('giữa năm 2026', calendar)).toMatchObject({ lastDay: '2026-06-30', adjusted: false });
    expect(resolveDeadline('Quý II/2027', calendar)).toMatchObject({ expression: 'Quý II/2027', lastDay: '2027-06-30' });
  });

  it('reads "trước ngày" strictly only when configured, then shifts past a day off', () => {
    // 2026-01-05 is a Monday: strictly the last day is Sunday 01-04, a day off, so it ends on Monday
    expect(resolveDeadline('trước ngày 05/01/2026', calendar)).toMatchObject({ lastDay: '2026-01-05', adjusted: false });
    expect(resolveDeadline('trước ngày 05/01/2026', calendar, 'Asia/Ho_Chi_Minh', 'deadline', { strictBefore: true })).toEqual({
      expression: 'trước ngày 05/01/2026',
      lastDay: '2026-01-04',
      due: '2026-01-05T23:59:59.999+07:00',
      adjusted: true,
    });
  });

  it('refuses impossible dates from the quality bars', () => {
    for (const expr of ['2026-02-30', 'Q5/2026', '  ']) expect(() => resolveDeadline(expr, calendar)).toThrow(DomainError);
  });
});
