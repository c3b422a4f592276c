import { addDays } from '../shared/calendar-day';
import { endOfLocalDay } from '../shared/time';
import { RiskInputs, riskOf, riskSchedule, scheduledPoints } from './task-risk';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (local: string) => new Date(`${local}+07:00`);

/**
 * The schedule form of the formula (what rm_task_tally keeps) against riskOf itself, every day
 * from before the assignment to the due day, over a spread of inputs: progress around the 50 %
 * and 100 % edges, short and long deadlines, reports old and new, blockers and extensions.
 */
describe('riskSchedule', () => {
  const cases: RiskInputs[] = [];
  for (const dueDay of ['2026-01-06', '2026-01-15', '2026-02-25', '2026-06-30'])
    for (const progressPercent of [null, 0, 20, 49, 50, 70, 99, 100])
      for (const lastReportAt of [null, at('2026-01-10T15:00:00'), at('2026-02-01T23:30:00')])
        for (const [openBlockers, extensions, awaitingConfirmation] of [
          [0, 0, false],
          [1, 0, false],
          [0, 2, false],
          [0, 0, true],
        ] as const)
          cases.push({
            assignedAt: at('2026-01-05T09:00:00'),
            due: endOfLocalDay(dueDay, TZ),
            lastReportAt,
            progressPercent,
            awaitingConfirmation,
            openBlockers,
            extensions,
            leadAgency: 'BCA',
          });

  it('gives riskOf’s points on every day before the due instant', () => {
    let compared = 0;
    const differing: unknown[] = [];
    for (const inputs of cases) {
      const schedule = riskSchedule(inputs, TZ);
      for (let day = '2026-01-01'; endOfLocalDay(day, TZ) <= inputs.due; day = addDays(day, 1)) {
        for (const time of ['00:00:00', '23:59:59']) {
          const [scheduled, formula] = [scheduledPoints(schedule, day), riskOf(inputs, at(`${day}T${time}`), [], TZ).points];
          if (scheduled !== formula) differing.push({ inputs, day, time, scheduled, formula });
          compared += 1;
        }
      }
    }
    expect(differing).toEqual([]);
    expect(compared).toBe(49_536);
  });

  it('names the days: 80 % of the time, the 30-point gap, 30 days since the last report', () => {
    const inputs = cases.find((c) => c.progressPercent === 20 && c.lastReportAt === null && c.openBlockers === 1)!;
    // assigned 05/01, due 06/01: one day in all
    expect(riskSchedule(inputs, TZ)).toEqual({ fixedPoints: 2, severeFrom: '2026-01-06', mildFrom: '2026-01-06', staleFrom: '2026-02-04' });
  });
});
