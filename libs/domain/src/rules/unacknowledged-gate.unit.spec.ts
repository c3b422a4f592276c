import { WorkingCalendar } from '../calendar/working-calendar';
import { unacknowledgedDecision, waitEnds } from './unacknowledged-gate';

const TZ = 'Asia/Ho_Chi_Minh';
const calendar = new WorkingCalendar([{ year: 2026, days: ['2026-04-30', '2026-05-01'], workdays: [] }]);
const at = (iso: string) => new Date(iso);
const rule = {
  level: 2,
  sendWindow: { start: '08:00', end: '17:00', workingDaysOnly: true },
  unacknowledgedAfter: { amount: 2, unit: 'working_days' as const },
};
// a level-1 letter delivered on Wednesday 29/04/2026 at 09:00; 30/04 and 01/05 are days off
const letter = { noticeId: 'n1', level: 1, sentAt: at('2026-04-29T09:00:00+07:00'), acknowledged: false };

describe('unacknowledgedAfter', () => {
  it('counts the wait from delivery: working days at the same clock time, days, hours', () => {
    expect(waitEnds(letter.sentAt, { amount: 2, unit: 'working_days' }, calendar, TZ)).toEqual(at('2026-05-05T09:00:00+07:00'));
    expect(waitEnds(letter.sentAt, { amount: 2, unit: 'days' }, calendar, TZ)).toEqual(at('2026-05-01T09:00:00+07:00'));
    expect(waitEnds(letter.sentAt, { amount: 5, unit: 'hours' }, calendar, TZ)).toEqual(at('2026-04-29T14:00:00+07:00'));
  });

  it('fires once a lower-level letter went unacknowledged for the wait, at the moment the wait ended', () => {
    expect(unacknowledgedDecision(rule, [letter], at('2026-05-05T08:59:00+07:00'), calendar, TZ)).toEqual({ kind: 'wait' });
    expect(unacknowledgedDecision(rule, [letter], at('2026-05-06T10:00:00+07:00'), calendar, TZ)).toEqual({
      kind: 'fire',
      at: at('2026-05-05T09:00:00+07:00'),
    });
  });

  it('places the end of the wait in the send window', () => {
    const evening = { ...letter, sentAt: at('2026-04-29T16:30:00+07:00') };
    const hours = { ...rule, unacknowledgedAfter: { amount: 2, unit: 'hours' as const } };
    expect(unacknowledgedDecision(hours, [evening], at('2026-04-29T20:00:00+07:00'), calendar, TZ)).toEqual({ kind: 'wait' });
    expect(unacknowledgedDecision(hours, [evening], at('2026-05-04T08:00:00+07:00'), calendar, TZ)).toEqual({
      kind: 'fire',
      at: at('2026-05-04T08:00:00+07:00'),
    });
  });

  it('is not needed once every lower-level letter was acknowledged, even within the wait', () => {
    const acknowledged = { ...letter, acknowledged: true };
    expect(unacknowledgedDecision(rule, [acknowledged], at('2026-04-29T10:00:00+07:00'), calendar, TZ)).toEqual({ kind: 'acknowledged' });
    expect(unacknowledgedDecision(rule, [acknowledged], at('2026-05-20T10:00:00+07:00'), calendar, TZ)).toEqual({ kind: 'acknowledged' });
  });

  it('waits while there is no lower-level letter, and ignores letters of its own level or above', () => {
    const same = { ...letter, noticeId: 'n2', level: 2 };
    expect(unacknowledgedDecision(rule, [], at('2026-05-20T10:00:00+07:00'), calendar, TZ)).toEqual({ kind: 'wait' });
    expect(unacknowledgedDecision(rule, [same], at('2026-05-20T10:00:00+07:00'), calendar, TZ)).toEqual({ kind: 'wait' });
  });

  it('fires for one unacknowledged letter beside an acknowledged one; waits on a recent one beside an acknowledged one', () => {
    const acknowledged = { ...letter, noticeId: 'n0', acknowledged: true };
    const recent = { ...letter, noticeId: 'n3', sentAt: at('2026-05-05T09:00:00+07:00') };
    expect(unacknowledgedDecision(rule, [acknowledged, letter], at('2026-05-06T10:00:00+07:00'), calendar, TZ).kind).toBe('fire');
    expect(unacknowledgedDecision(rule, [acknowledged, recent], at('2026-05-06T10:00:00+07:00'), calendar, TZ).kind).toBe('wait');
  });

  it('fires as usual for a rule without it', () => {
    const plain = { level: 2, sendWindow: null };
    expect(unacknowledgedDecision(plain, [], at('2026-05-06T10:00:00+07:00'), calendar, TZ)).toEqual({
      kind: 'fire',
      at: at('2026-05-06T10:00:00+07:00'),
    });
  });
});
