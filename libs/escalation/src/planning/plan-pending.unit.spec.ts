import { noticeId } from '@app/domain';
import { dueOn, hanoi, officialCalendar, rule } from '@app/domain/rules/testing/fixtures';
import { PlanningTask, planPendingNotice } from './plan-pending';

const calendar = officialCalendar();
const TZ = 'Asia/Ho_Chi_Minh';

const task = (overrides: Partial<PlanningTask> = {}): PlanningTask => ({
  taskId: '6f1c2d3e-4b5a-5c6d-8e7f-0a1b2c3d4e5f',
  code: 'NQ71-012',
  sourceRef: '71/NQ-CP',
  leadAgency: 'BCA',
  priority: 'high',
  due: dueOn('2026-02-24'),
  deadlineVersion: 0,
  open: true,
  ...overrides,
});
const plan = (at: string, issuedUpTo: number | null = null) => ({ kind: 'plan' as const, at: hanoi(at), issuedUpTo });
const issued = (at: string, issuedUpTo: number) => ({ kind: 'issued' as const, at: hanoi(at), issuedUpTo });

describe('planPendingNotice: the next notice of one task and rule', () => {
  it('plans the first occurrence, counting working days back over Tết, with the notice id of its key', () => {
    const row = planPendingNotice(rule({ id: 'r3' }), task(), calendar, TZ, plan('2026-01-05T09:00'))!;
    expect(row).toMatchObject({
      ruleId: 'r3',
      occurrence: 0,
      fireAt: hanoi('2026-02-12T08:00'),
      catchUp: false,
      deadlineVersion: 0,
      level: 0,
    });
    expect(row.noticeKey).toBe(noticeId({ taskId: task().taskId, ruleId: 'r3', deadlineVersion: 0, occurrence: 0 }));
  });

  it('plans nothing for an ongoing, closed or out-of-scope task, or a disabled rule', () => {
    const r = rule();
    expect(planPendingNotice(r, task({ due: null }), calendar, TZ, plan('2026-01-05T09:00'))).toBeNull();
    expect(planPendingNotice(r, task({ open: false }), calendar, TZ, plan('2026-01-05T09:00'))).toBeNull();
    expect(planPendingNotice(rule({ enabled: false }), task(), calendar, TZ, plan('2026-01-05T09:00'))).toBeNull();
    const scoped = rule({ scope: { sources: ['02-KH/BCĐTW'], agencies: [], priorities: [] } });
    expect(planPendingNotice(scoped, task(), calendar, TZ, plan('2026-01-05T09:00'))).toBeNull();
    expect(
      planPendingNotice(
        rule({ scope: { sources: [], agencies: ['BTC'], priorities: [] } }),
        task(),
        calendar,
        TZ,
        plan('2026-01-05T09:00'),
      ),
    ).toBeNull();
    expect(
      planPendingNotice(
        rule({ scope: { sources: [], agencies: [], priorities: ['critical'] } }),
        task(),
        calendar,
        TZ,
        plan('2026-01-05T09:00'),
      ),
    ).toBeNull();
    expect(
      planPendingNotice(
        rule({ scope: { sources: ['71/NQ-CP'], agencies: ['BCA'], priorities: ['high'] } }),
        task(),
        calendar,
        TZ,
        plan('2026-01-05T09:00'),
      ),
    ).not.toBeNull();
  });

  it('fires only the latest passed occurrence, once, when planned late (catch-up at the next window opening)', () => {
    const weekly = rule({ offset: { amount: 1, unit: 'days' }, repeat: { every: { amount: 7, unit: 'days' }, maxTimes: 4 } });
    // Saturday night: the catch-up waits for Monday 08:00.
    const row = planPendingNotice(weekly, task({ due: dueOn('2026-03-10') }), calendar, TZ, plan('2026-03-28T21:00'))!;
    expect(row).toMatchObject({ occurrence: 2, fireAt: hanoi('2026-03-30T08:00'), catchUp: true });
  });

  it('never plans again an occurrence already issued for this deadline version', () => {
    const daily = rule({
      offset: { amount: 1, unit: 'days' },
      sendWindow: null,
      repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 5 },
    });
    const due = dueOn('2026-03-10');
    // Occurrence 2 (03-13 08:00) passed and was issued: a re-plan at 10:00 has no catch-up to send.
    expect(planPendingNotice(daily, task({ due }), calendar, TZ, plan('2026-03-13T10:00', 2))).toMatchObject({
      occurrence: 3,
      fireAt: hanoi('2026-03-14T08:00'),
      catchUp: false,
    });
    // Without that record, the passed occurrence is caught up.
    expect(planPendingNotice(daily, task({ due }), calendar, TZ, plan('2026-03-13T10:00'))).toMatchObject({ occurrence: 2, catchUp: true });
    expect(planPendingNotice(daily, task({ due }), calendar, TZ, plan('2026-03-13T10:00', 5))).toBeNull();
  });

  it('after a notice is issued, plans the next occurrence that is still to come (no burst after downtime)', () => {
    const daily = rule({
      offset: { amount: 1, unit: 'days' },
      sendWindow: null,
      repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 5 },
    });
    const due = dueOn('2026-03-10');
    // Issued on time: the next is the following day.
    expect(planPendingNotice(daily, task({ due }), calendar, TZ, issued('2026-03-11T08:00', 0))).toMatchObject({
      occurrence: 1,
      fireAt: hanoi('2026-03-12T08:00'),
    });
    // Occurrence 0 issued three days late: occurrences 1-3 passed meanwhile and are not sent.
    expect(planPendingNotice(daily, task({ due }), calendar, TZ, issued('2026-03-14T09:00', 0))).toMatchObject({
      occurrence: 4,
      fireAt: hanoi('2026-03-15T08:00'),
      catchUp: false,
    });
    expect(planPendingNotice(daily, task({ due }), calendar, TZ, issued('2026-03-16T08:00', 5))).toBeNull();
  });

  it('keys a new deadline version apart from the old one', () => {
    const a = planPendingNotice(rule(), task(), calendar, TZ, plan('2026-01-05T09:00'))!;
    const b = planPendingNotice(rule(), task({ deadlineVersion: 1 }), calendar, TZ, plan('2026-01-05T09:00'))!;
    expect(a.noticeKey).not.toBe(b.noticeKey);
  });
});
