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
    // domain-facts.md "Deadline wording", as the directives write it, kept verbatim
    ['trong Quý I/2026', { kind: 'quarter', expression: 'trong Quý I/2026', year: 2026, quarter: 1 }],
    ['Quý II/2027', { kind: 'quarter', expression: 'Quý II/2027', year: 2027, quarter: 2 }],
    ['quý III/2026', { kind: 'quarter', expression: 'quý III/2026', year: 2026, quarter: 3 }],
    ['Quý IV năm 2026', { kind: 'quarter', expression: 'Quý IV năm 2026', year: 2026, quarter: 4 }],
    ['trong quý 2/2026', { kind: 'quarter', expression: 'trong quý 2/2026', year: 2026, quarter: 2 }],
    ['trong tháng 01/2026', { kind: 'month', expression: 'trong tháng 01/2026', year: 2026, month: 1 }],
    ['tháng 1/2026', { kind: 'month', expression: 'tháng 1/2026', year: 2026, month: 1 }],
    ['Tháng 3 năm 2026', { kind: 'month', expression: 'Tháng 3 năm 2026', year: 2026, month: 3 }],
    ['giữa tháng 3/2026', { kind: 'midMonth', expression: 'giữa tháng 3/2026', year: 2026, month: 3 }],
    ['trong năm 2026', { kind: 'year', expression: 'trong năm 2026', year: 2026 }],
    ['năm 2026', { kind: 'year', expression: 'năm 2026', year: 2026 }],
    ['cuối năm 2026', { kind: 'year', expression: 'cuối năm 2026', year: 2026 }],
    ['giữa năm 2026', { kind: 'midYear', expression: 'giữa năm 2026', year: 2026 }],
    ['trước ngày 15/01/2026', { kind: 'before', expression: 'trước ngày 15/01/2026', day: '2026-01-15' }],
    ['chậm nhất trước ngày 15/01/2026', { kind: 'before', expression: 'chậm nhất trước ngày 15/01/2026', day: '2026-01-15' }],
    ['chậm nhất ngày 15/01/2026', { kind: 'day', expression: 'chậm nhất ngày 15/01/2026', day: '2026-01-15' }],
    ['Chậm nhất là ngày 5/1/2026', { kind: 'day', expression: 'Chậm nhất là ngày 5/1/2026', day: '2026-01-05' }],
    ['nhiệm vụ thường xuyên', { kind: 'ongoing', expression: 'nhiệm vụ thường xuyên' }],
    ['TRONG  QUÝ  I/2026', { kind: 'quarter', expression: 'TRONG  QUÝ  I/2026', year: 2026, quarter: 1 }],
  ])('reads %j', (expr, expected) => {
    expect(parseDeadlineExpression(expr)).toEqual(expected);
  });

  it('reads "thường xuyên" typed in decomposed Unicode', () => {
    expect(parseDeadlineExpression('thường xuyên'.normalize('NFD')).kind).toBe('ongoing');
  });

  it('reads the wording typed in decomposed Unicode', () => {
    expect(parseDeadlineExpression('trong Quý I/2026'.normalize('NFD'))).toMatchObject({ kind: 'quarter', quarter: 1 });
  });

  it.each([
    'Q5/2026',
    'Q0/2026',
    '2026-02-30',
    '29/02/2025',
    '31/04/2026',
    '13/2026',
    '',
    'soon',
    '2026-1-5',
    '0900',
    'Q1-2026',
    '26',
    'Quý V/2026',
    'trong tháng 13/2026',
    'trước ngày 30/02/2026',
    'giữa năm',
    '3 năm 2026',
    'sau ngày 15/01/2026',
  ])('refuses %j naming the accepted forms', (expr) => {
    expect(() => parseDeadlineExpression(expr, 'proposedDeadline')).toThrow(DomainError);
    try {
      parseDeadlineExpression(expr, 'proposedDeadline');
    } catch (error) {
      const e = error as DomainError;
      expect(e.details[0].field).toBe('proposedDeadline');
      expect(e.message).toMatch(/YYYY-MM-DD or dd\/mm\/yyyy, a month MM\/YYYY, a quarter Q1\/YYYY\.\.Q4\/YYYY, a year YYYY, or "ongoing"/);
    }
  });

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
    ['trong Quý I/2026', '2026-03-31'],
    ['Quý II/2027', '2027-06-30'],
    ['trong tháng 01/2026', '2026-01-31'],
    ['cuối năm 2026', '2026-12-31'],
    ['giữa năm 2026', '2026-06-30'],
    ['giữa tháng 3/2026', '2026-03-15'],
    ['trước ngày 15/01/2026', '2026-01-15'],
    ['chậm nhất ngày 15/01/2026', '2026-01-15'],
  ])('the period %s ends on %s', (expr, day) => {
    expect(lastDayOf(parseDeadlineExpression(expr))).toBe(day);
  });

  it.each([
    ['trước ngày 15/01/2026', '2026-01-14'],
    ['chậm nhất trước ngày 01/03/2026', '2026-02-28'],
    ['chậm nhất ngày 15/01/2026', '2026-01-15'],
    ['15/01/2026', '2026-01-15'],
  ])('read strictly (DEADLINE_BEFORE_STRICT), %s ends on %s', (expr, day) => {
    expect(lastDayOf(parseDeadlineExpression(expr), { strictBefore: true })).toBe(day);
  });

  it('an ongoing task has no last day', () => {
    expect(lastDayOf(parseDeadlineExpression('ongoing'))).toBeNull();
  });
});
