import { CLOCK, Clock, formatInZone, noticeId, noticeStreamId } from '@app/domain';
import { EVENT_STORE, EventStore, expect as expectVersion } from '@app/event-store';
import request from 'supertest';
import { TOKENS, TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

/**
 * The pending-notices read model (rm_pending_notices) as the projector keeps it: one row per open
 * task × rule, its next notice, re-planned when tasks, rules or holidays change.
 *
 * The clock stands on Saturday 2026-01-03, 21:00 in Hanoi: outside office hours, so every
 * notice planned here lies in the future and nothing becomes due while the suite runs.
 */
const NOW = '2026-01-03T21:00:00+07:00';
const TZ = 'Asia/Ho_Chi_Minh';
const at = (local: string) => `${local}:00.000+07:00`;

const DEFAULTS = [
  'default-assignee-7wd',
  'default-assignee-3wd',
  'default-due-today',
  'default-overdue-1wd',
  'default-overdue-7d',
  'default-overdue-30d-weekly',
];

interface Row {
  rule: string;
  occurrence: number;
  deadlineVersion: number;
  fireAt: string;
  catchUp: boolean;
  level: number;
  digest: boolean;
  noticeKey: string;
}

describe('pending notices planned by the projector (real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BTC', 'Bộ Tài chính')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  });
  afterAll(() => t.close());

  /** Waits until the read models have every event appended so far. */
  async function settle(): Promise<void> {
    const [{ max }] = await t.sql('SELECT coalesce(max(position), 0)::int AS max FROM events');
    await t.as('admin').get(`/api/v1/reminder-rules?minPosition=${max}`).expect(200);
  }

  async function pending(code: string): Promise<Row[]> {
    await settle();
    const rows = await t.sql(`SELECT * FROM rm_pending_notices WHERE task_code = $1 ORDER BY fire_at, rule_id`, [code]);
    return rows.map((r) => ({
      rule: r.rule_id,
      occurrence: r.occurrence,
      deadlineVersion: r.deadline_version,
      fireAt: formatInZone(new Date(r.fire_at), TZ),
      catchUp: r.catch_up,
      level: r.level,
      digest: r.digest,
      noticeKey: r.notice_key,
    }));
  }
  const fireAtByRule = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.rule, r.fireAt]));

  async function assign(overrides: Record<string, unknown>) {
    return (await t.as('coordinator').post('/api/v1/tasks', taskBody(overrides)).expect(201)).body as { id: string; code: string };
  }

  it('plans each default rule when a task is assigned: 7 and 3 working days before (over Tết), on the due day, and after', async () => {
    const task = await assign({ code: 'PLAN-1', deadline: '2026-02-24' });
    const rows = await pending('PLAN-1');
    expect(fireAtByRule(rows)).toEqual({
      'default-assignee-7wd': at('2026-02-06T08:00'),
      'default-assignee-3wd': at('2026-02-12T08:00'), // 02-14..02-22 are Tết days off
      'default-due-today': at('2026-02-24T08:00'),
      'default-overdue-1wd': at('2026-02-25T08:00'),
      'default-overdue-7d': at('2026-03-03T08:00'),
      'default-overdue-30d-weekly': at('2026-03-26T08:00'),
    });
    expect(rows.map((r) => [r.rule, r.level, r.digest])).toEqual([
      ['default-assignee-7wd', 0, false],
      ['default-assignee-3wd', 0, false],
      ['default-due-today', 1, true],
      ['default-overdue-1wd', 2, true],
      ['default-overdue-7d', 3, true],
      ['default-overdue-30d-weekly', 4, true],
    ]);
    expect(rows.every((r) => r.occurrence === 0 && r.deadlineVersion === 0 && !r.catchUp)).toBe(true);
    const first = rows[0];
    expect(first.noticeKey).toBe(noticeId({ taskId: task.id, ruleId: first.rule, deadlineVersion: 0, occurrence: 0 }));
  });

  it('plans a deadline that falls in Tết from the working day it moves to', async () => {
    await assign({ code: 'PLAN-TET', deadline: '2026-02-14' });
    const rows = fireAtByRule(await pending('PLAN-TET'));
    expect(rows['default-due-today']).toBe(at('2026-02-23T08:00'));
    expect(rows['default-assignee-3wd']).toBe(at('2026-02-11T08:00'));
  });

  it('gives an ongoing task no notices', async () => {
    await assign({ code: 'PLAN-ONGOING', deadline: 'ongoing' });
    expect(await pending('PLAN-ONGOING')).toEqual([]);
  });

  it('replaces the pending notices on an extension: nothing of the old deadline version remains', async () => {
    const task = await assign({ code: 'PLAN-EXT', deadline: '2026-02-24' });
    const old = await pending('PLAN-EXT');
    await t
      .as('coordinator')
      .post(`/api/v1/tasks/${task.id}/extensions`, { newDeadline: '2026-03-31', reason: 'Gia hạn theo đề nghị' })
      .expect(201);
    const rows = await pending('PLAN-EXT');
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.deadlineVersion === 1)).toBe(true);
    expect(rows.map((r) => r.noticeKey)).not.toEqual(expect.arrayContaining([old[0].noticeKey]));
    expect(fireAtByRule(rows)).toMatchObject({
      'default-assignee-7wd': at('2026-03-20T08:00'),
      'default-assignee-3wd': at('2026-03-26T08:00'),
      'default-due-today': at('2026-03-31T08:00'),
    });
    const stale = await t.sql(`SELECT count(*)::int AS n FROM rm_pending_notices WHERE task_id = $1 AND deadline_version = 0`, [task.id]);
    expect(stale[0].n).toBe(0);
  });

  it('drops the pending notices of a completed task, plans them again on reopening, and drops them on cancellation', async () => {
    const task = await assign({ code: 'PLAN-LIFE', deadline: '2026-03-31' });
    expect(await pending('PLAN-LIFE')).toHaveLength(6);
    await t.as('bca').post(`/api/v1/tasks/${task.id}/completion`, { deliverableRef: 'BC 1/BC-BCA' }).expect(201);
    expect(await pending('PLAN-LIFE')).toEqual([]);
    await t.as('coordinator').post(`/api/v1/tasks/${task.id}/reopening`, { reason: 'Sản phẩm chưa đạt' }).expect(201);
    expect((await pending('PLAN-LIFE')).map((r) => r.rule).sort()).toEqual([...DEFAULTS].sort());
    await t.as('coordinator').post(`/api/v1/tasks/${task.id}/cancellation`, { reason: 'Không còn phù hợp' }).expect(201);
    expect(await pending('PLAN-LIFE')).toEqual([]);
  });

  it('re-plans a reassigned task against the scope of each rule', async () => {
    const rule = {
      name: 'Chỉ Bộ Tài chính',
      scope: { agencies: ['BTC'] },
      offset: { amount: -2, unit: 'days' },
      recipients: ['agency_head'],
      level: 1,
    };
    await t
      .as('admin')
      .post('/api/v1/reminder-rules', { id: 'btc-only-test', ...rule })
      .expect(201);
    const task = await assign({ code: 'PLAN-MOVE', deadline: '2026-03-31', leadAgency: 'BCA', coordinatingAgencies: [] });
    expect((await pending('PLAN-MOVE')).map((r) => r.rule)).not.toContain('btc-only-test');
    await t
      .as('coordinator')
      .post(`/api/v1/tasks/${task.id}/reassignment`, { leadAgency: 'BTC', reason: 'Điều chỉnh phân công' })
      .expect(201);
    const rows = await pending('PLAN-MOVE');
    // No send window: two calendar days before the due day, 08:00, Sunday or not.
    expect(fireAtByRule(rows)['btc-only-test']).toBe(at('2026-03-29T08:00'));
    expect(rows).toHaveLength(7);
    await t
      .as('admin')
      .put('/api/v1/reminder-rules/btc-only-test', { ...rule, enabled: false })
      .expect(200);
    expect(await pending('PLAN-MOVE')).toHaveLength(6);
  });

  it('applies a rule created, changed, disabled or deleted to every open task in its scope at once', async () => {
    await assign({ code: 'PLAN-R1', deadline: '2026-03-31' });
    await assign({ code: 'PLAN-R2', deadline: '2026-04-15' });
    await assign({ code: 'PLAN-R3', deadline: '2026-03-31', source: { kind: 'decision', ref: '02-KH/BCĐTW' } });
    const body = {
      name: 'Nhắc NQ71 trước 5 ngày làm việc',
      scope: { sources: ['71/NQ-CP'] },
      offset: { amount: -5, unit: 'working_days' },
      recipients: ['assignee'],
      level: 0,
      sendWindow: { start: '08:30', end: '17:00', workingDaysOnly: true },
    };
    await t
      .as('admin')
      .post('/api/v1/reminder-rules', { id: 'nq71-5wd', ...body })
      .expect(201);
    expect(fireAtByRule(await pending('PLAN-R1'))['nq71-5wd']).toBe(at('2026-03-24T08:30'));
    expect(fireAtByRule(await pending('PLAN-R2'))['nq71-5wd']).toBe(at('2026-04-08T08:30'));
    expect(fireAtByRule(await pending('PLAN-R3'))['nq71-5wd']).toBeUndefined();
    // Closed tasks get nothing.
    expect(await pending('PLAN-LIFE')).toEqual([]);

    await t
      .as('admin')
      .put('/api/v1/reminder-rules/nq71-5wd', { ...body, offset: { amount: -10, unit: 'working_days' } })
      .expect(200);
    expect(fireAtByRule(await pending('PLAN-R1'))['nq71-5wd']).toBe(at('2026-03-17T08:30'));

    await t
      .as('admin')
      .put('/api/v1/reminder-rules/nq71-5wd', { ...body, enabled: false })
      .expect(200);
    expect(fireAtByRule(await pending('PLAN-R1'))['nq71-5wd']).toBeUndefined();
    await t.as('admin').put('/api/v1/reminder-rules/nq71-5wd', body).expect(200);
    expect(fireAtByRule(await pending('PLAN-R2'))['nq71-5wd']).toBe(at('2026-04-08T08:30'));

    await request(t.app.getHttpServer())
      .delete('/api/v1/reminder-rules/nq71-5wd')
      .set('Authorization', `Bearer ${TOKENS.admin}`)
      .expect(200);
    await settle();
    const left = await t.sql(`SELECT count(*)::int AS n FROM rm_pending_notices WHERE rule_id = 'nq71-5wd'`);
    expect(left[0].n).toBe(0);
  });

  it('re-plans every open task when the holidays change (working-day offsets move)', async () => {
    await assign({ code: 'PLAN-HOL', deadline: '2026-03-16' });
    expect(fireAtByRule(await pending('PLAN-HOL'))).toMatchObject({
      'default-assignee-7wd': at('2026-03-05T08:00'),
      'default-assignee-3wd': at('2026-03-11T08:00'),
    });
    const shipped = (await t.as('admin').get('/api/v1/calendar/holidays/2026').expect(200)).body;
    await t
      .as('admin')
      .put('/api/v1/calendar/holidays/2026', { days: [...shipped.days, '2026-03-12', '2026-03-13'], workdays: shipped.workdays })
      .expect(200);
    expect(fireAtByRule(await pending('PLAN-HOL'))).toMatchObject({
      'default-assignee-7wd': at('2026-03-03T08:00'),
      'default-assignee-3wd': at('2026-03-09T08:00'),
      'default-due-today': at('2026-03-16T08:00'),
    });
    // Other open tasks were re-planned with the same calendar (PLAN-1's Tết reminders are unchanged).
    expect(fireAtByRule(await pending('PLAN-1'))['default-assignee-3wd']).toBe(at('2026-02-12T08:00'));
    await t.as('admin').put('/api/v1/calendar/holidays/2026', { days: shipped.days, workdays: shipped.workdays }).expect(200);
    expect(fireAtByRule(await pending('PLAN-HOL'))['default-assignee-3wd']).toBe(at('2026-03-11T08:00'));
  });

  it('catches up a backdated import with a passed deadline: only the latest passed occurrence of each rule, once', async () => {
    await assign({ code: 'PLAN-OLD', deadline: '2025-11-03', assignedAt: '2025-10-01T09:00:00+07:00' });
    const rows = await pending('PLAN-OLD');
    // One row per rule, not one per passed occurrence; sent at the next office opening (Monday).
    expect(rows.map((r) => [r.rule, r.occurrence, r.catchUp, r.fireAt])).toEqual(
      [
        ['default-assignee-7wd', 0],
        ['default-assignee-3wd', 0],
        ['default-due-today', 0],
        ['default-overdue-1wd', 0],
        ['default-overdue-7d', 0],
        // 12-03, 12-10, 12-17, 12-24 and 12-31 passed; the weekly escalation sends the last of them.
        ['default-overdue-30d-weekly', 4],
      ]
        .map(([rule, occurrence]) => [rule, occurrence, true, at('2026-01-05T08:00')])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('catches up only what passed for a task assigned late, and plans the rest on time', async () => {
    await assign({ code: 'PLAN-LATE', deadline: '2026-01-09' });
    const rows = await pending('PLAN-LATE');
    const byRule = Object.fromEntries(rows.map((r) => [r.rule, [r.fireAt, r.catchUp]]));
    // 7 working days before 01-09 was 2025-12-29 (01-01..01-04 are days off): caught up on Monday.
    expect(byRule['default-assignee-7wd']).toEqual([at('2026-01-05T08:00'), true]);
    expect(byRule['default-assignee-3wd']).toEqual([at('2026-01-06T08:00'), false]);
    expect(byRule['default-due-today']).toEqual([at('2026-01-09T08:00'), false]);
  });

  it('moves to the next occurrence once a notice is issued, and never plans an issued one again', async () => {
    const body = {
      name: 'Đôn đốc hằng tuần (thử)',
      scope: { sources: ['TEST/NOTICE'] },
      offset: { amount: 1, unit: 'days' },
      repeat: { every: { amount: 7, unit: 'days' }, maxTimes: 3 },
      recipients: ['agency_head'],
      level: 2,
      sendWindow: { start: '08:00', end: '17:00', workingDaysOnly: true },
    };
    await t
      .as('admin')
      .post('/api/v1/reminder-rules', { id: 'weekly-test', ...body })
      .expect(201);
    const task = await assign({ code: 'PLAN-ISSUE', deadline: '2026-02-27', source: { kind: 'plan', ref: 'TEST/NOTICE' } });
    const [row] = (await pending('PLAN-ISSUE')).filter((r) => r.rule === 'weekly-test');
    // Saturday 02-28 → Monday 03-02 at the window opening.
    expect(row).toMatchObject({ occurrence: 0, fireAt: at('2026-03-02T08:00') });

    // What the scanner appends when it issues that row.
    const store = t.app.get<EventStore>(EVENT_STORE);
    const now = t.app.get<Clock>(CLOCK).now();
    const item = {
      taskId: task.id,
      taskCode: 'PLAN-ISSUE',
      ruleId: 'weekly-test',
      occurrence: 0,
      deadlineVersion: 0,
      due: '2026-02-27T23:59:59.999+07:00',
    };
    await store.append(
      noticeStreamId(row.noticeKey),
      [
        {
          type: 'NoticeIssued',
          data: {
            noticeId: row.noticeKey,
            kind: 'escalation',
            ruleId: 'weekly-test',
            level: 2,
            digest: false,
            items: [item],
            recipients: [],
            fireAt: new Date(row.fireAt).toISOString(),
            catchUp: false,
          },
          metadata: { actor: { role: 'system', name: 'scanner' } },
          occurredAt: now,
        },
      ],
      { expectedVersion: expectVersion.noStream(), recordedAt: now },
    );
    const next = (await pending('PLAN-ISSUE')).filter((r) => r.rule === 'weekly-test');
    expect(next).toEqual([expect.objectContaining({ occurrence: 1, fireAt: at('2026-03-09T08:00'), catchUp: false })]);

    // A rule edit re-plans the pair, but occurrence 0 was issued: it is not planned again.
    await t
      .as('admin')
      .put('/api/v1/reminder-rules/weekly-test', { ...body, name: 'Đôn đốc hằng tuần' })
      .expect(200);
    expect((await pending('PLAN-ISSUE')).filter((r) => r.rule === 'weekly-test')).toEqual([expect.objectContaining({ occurrence: 1 })]);
  });
});
