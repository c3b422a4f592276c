import { DomainError } from '../shared/domain-error';
import { lastDayOf, parseDeadlineExpression } from './deadline-expression';

describe('parseDeadlineExpression', () => {
  it.each([
    ['2026-03-31', { kind: 'day', expression: '2026-03-31', day: '2026-03-31' }],
    ['15/01/2026', { kind: 'day', expression: '15/01/2026', day: '2026-01-15' }],
    ['5/1/2026', { kind: 'day', expression: '5/1/2026', day: '2026-01-05' }],
    ['01/2026', { kind: 'month', expression: '01/2026', year: 2026, month: 1 }],
    ['Q1/2026', { kind: 'quarter', expression: 'Q1/2026', year: 2026, quarter: 1 }],
    ['q4/2026', { kind: 'quarter', expression: 'q4/2026', year: 2026, quarter: 4 }],
    ['2026', { kind: 'year', expression: '2026', year: 2026 }],
    ['ongoing', { kind: 'ongoing', expression: 'ongoing' }],
    ['thường xuyên', { kind: 'ongoing', expression: 'thường xuyên' }],
    [' Q2/2026 ', { kind: 'quarter', expression: 'Q2/2026', year: 2026, quarter: 2 }],
  ])('reads %j', (expr, expected) => {
    expect(parseDeadlineExpression(expr)).toEqual(expected);
  });

  it('reads "thường xuyên" typed in decomposed Unicode', () => {
    expect(parseDeadlineExpression('thường xuyên'.normalize('NFD')).kind).toBe('ongoing');
  });

  it.each(['Q5/2026', 'Q0/2026', '2026-02-30', '29/02/2025', '31/04/2026', '13/2026', '', 'soon', '2026-1-5', '0900', 'Q1-2026', '26'])(
    'refuses %j naming the accepted forms',
    (expr) => {
      expect(() => parseDeadlineExpression(expr, 'proposedDeadline')).toThrow(DomainError);
      try {
        parseDeadlineExpression(expr, 'proposedDeadline');
      } catch (error) {
        const e = error as DomainError;
        expect(e.details[0].field).toBe('proposedDeadline');
        expect(e.message).toMatch(
          /YYYY-MM-DD or dd\/mm\/yyyy, a month MM\/YYYY, a quarter Q1\/YYYY\.\.Q4\/YYYY, a year YYYY, or "ongoing"/,
        );
      }
    },
  );

  it('refuses what is not text', () => {
    expect(() => parseDeadlineExpression(undefined as unknown as string)).toThrow(DomainError);
  });
});

describe('lastDayOf', () => {
  it.each([
    ['Q1/2026', '2026-03-31'],
    ['Q2/2026', '2026-06-30'],
    ['Q3/2026', '2026-09-30'],
    ['Q4/2026', '2026-12-31'],
    ['02/2028', '2028-02-29'],
    ['02/2026', '2026-02-28'],
    ['2026', '2026-12-31'],
    ['15/01/2026', '2026-01-15'],
  ])('the period %s ends on %s', (expr, day) => {
    expect(lastDayOf(parseDeadlineExpression(expr))).toBe(day);
  });

  it('an ongoing task has no last day', () => {
    expect(lastDayOf(parseDeadlineExpression('ongoing'))).toBeNull();
  });
});
