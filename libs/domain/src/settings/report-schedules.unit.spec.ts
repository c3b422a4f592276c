import { DomainError } from '../shared/domain-error';
import { ReportSchedule, dueRun, fireInstant, parseReportSchedules } from './report-schedules';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (local: string) => new Date(`${local}+07:00`);
const base: ReportSchedule = {
  id: 'bao-cao-thang',
  name: 'Báo cáo tháng',
  enabled: true,
  dayOfMonth: 31,
  time: '08:00',
  title: 'Báo cáo tình hình thực hiện nhiệm vụ',
  recipients: ['vpcp@example.org'],
  source: null,
  agency: null,
};

describe('report schedules', () => {
  it('fires on the day at the time in Vietnam, on the last day of a shorter month', () => {
    expect(fireInstant(base, 2026, 1, TZ)).toEqual(at('2026-01-31T08:00:00'));
    expect(fireInstant(base, 2026, 2, TZ)).toEqual(at('2026-02-28T08:00:00'));
    expect(fireInstant({ ...base, dayOfMonth: 25 }, 2026, 4, TZ)).toEqual(at('2026-04-25T08:00:00'));
  });

  it("is due from its instant, catches up last month's run, but never one from before it was set", () => {
    const since = at('2026-01-01T00:00:00');
    expect(dueRun(base, since, at('2026-01-31T07:59:59'), TZ)).toBeNull();
    expect(dueRun(base, since, at('2026-01-31T08:00:00'), TZ)).toEqual({ key: 'bao-cao-thang/2026-01', fireAt: at('2026-01-31T08:00:00') });
    // the worker was down on 31/01: on 05/02 January's run is still due
    expect(dueRun(base, since, at('2026-02-05T10:00:00'), TZ)?.key).toBe('bao-cao-thang/2026-01');
    expect(dueRun(base, at('2026-02-01T00:00:00'), at('2026-02-05T10:00:00'), TZ)).toBeNull();
    expect(dueRun({ ...base, enabled: false }, since, at('2026-01-31T09:00:00'), TZ)).toBeNull();
  });

  it('names every field at fault', () => {
    const fields = (input: unknown) => {
      try {
        parseReportSchedules(input);
        return [];
      } catch (e) {
        return (e as DomainError).details.map((i) => i.field);
      }
    };
    expect(fields({ schedules: 'x' })).toEqual(['schedules']);
    expect(
      fields({
        schedules: [
          { ...base, id: 'Bao Cao', time: '24:00', dayOfMonth: 0, recipients: ['x'] },
          { ...base, agency: 'b c a' },
        ],
      }),
    ).toEqual(['schedules[0].id', 'schedules[0].dayOfMonth', 'schedules[0].time', 'schedules[0].recipients[0]', 'schedules[1].agency']);
    expect(fields({ schedules: [base, base] })).toEqual(['schedules[1].id']);
    expect(parseReportSchedules({ schedules: [{ ...base, enabled: undefined }] }).schedules[0].enabled).toBe(true);
  });
});
