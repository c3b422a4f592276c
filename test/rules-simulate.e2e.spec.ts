import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

/**
 * POST /reminder-rules/simulate: the dry run over a date range. The clock stands on Saturday
 * 2026-01-03, 21:00 in Hanoi, so nothing planned here is due while the suite runs.
 */
const at = (local: string) => `${local}:00.000+07:00`;

interface Simulated {
  taskCode: string;
  ruleId: string;
  fireAt: string;
  level: number;
  recipients: { email: string; as: string }[];
  noticeKey: string;
  catchUp: boolean;
  occurrence: number;
}

describe('reminder rule dry run (POST /reminder-rules/simulate)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-03T21:00:00+07:00' });
    for (const [code, name] of [
      ['BCA', 'Bộ Công an'],
      ['BTC', 'Bộ Tài chính'],
      ['BKHCN', 'Bộ Khoa học và Công nghệ'],
    ]) {
      await t.as('coordinator').post('/api/v1/agencies', agencyBody(code, name)).expect(201);
    }
    await t
      .as('admin')
      .put('/api/v1/settings/coordinators', { emails: ['vpcp@example.org'] })
      .expect(200);
    await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'SIM-1', deadline: '2026-02-24' }))
      .expect(201);
    await t
      .as('coordinator')
      .post(
        '/api/v1/tasks',
        taskBody({
          code: 'SIM-2',
          deadline: '2026-02-27',
          leadAgency: 'BTC',
          assignee: { name: 'Trần Thị Bình', email: 'binh@btc.example.org' },
        }),
      )
      .expect(201);
    const closed = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'SIM-DONE', deadline: '2026-02-24' }))
      .expect(201);
    await t.as('bca').post(`/api/v1/tasks/${closed.body.id}/completion`, {}).expect(201);
    await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'SIM-ONGOING', deadline: 'ongoing' }))
      .expect(201);
  });
  afterAll(() => t.close());

  const lastPosition = async () => Number((await t.sql('SELECT coalesce(max(position), 0)::int AS n FROM events'))[0].n);
  const simulate = async (body: unknown, who: 'admin' | 'coordinator' = 'coordinator') =>
    (
      await t
        .as(who)
        .post(`/api/v1/reminder-rules/simulate?minPosition=${await lastPosition()}`, body)
        .expect(200)
    ).body as { notices: Simulated[] };
  const brief = (list: Simulated[]) => list.map((n) => [n.fireAt, n.taskCode, n.ruleId]);

  it('lists every notice the saved rules would send in the range, in fire order, over open tasks only', async () => {
    const { notices } = await simulate({ from: '2026-02-01', to: '2026-02-28' });
    expect(brief(notices)).toEqual([
      [at('2026-02-06T08:00'), 'SIM-1', 'default-assignee-7wd'],
      [at('2026-02-11T08:00'), 'SIM-2', 'default-assignee-7wd'], // 7 working days back over Tết
      [at('2026-02-12T08:00'), 'SIM-1', 'default-assignee-3wd'],
      [at('2026-02-24T08:00'), 'SIM-1', 'default-due-today'],
      [at('2026-02-24T08:00'), 'SIM-2', 'default-assignee-3wd'],
      [at('2026-02-25T08:00'), 'SIM-1', 'default-overdue-1wd'],
      [at('2026-02-27T08:00'), 'SIM-2', 'default-due-today'],
    ]);
  });

  it('resolves recipients as of now: assignee, lead agency head, coordinators', async () => {
    const { notices } = await simulate({ from: '2026-02-25T00:00:00+07:00', to: '2026-02-25T23:59:59+07:00' });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ taskCode: 'SIM-1', ruleId: 'default-overdue-1wd', level: 2 });
    expect(notices[0].recipients.map((r) => [r.email, r.as])).toEqual([
      ['an.nguyen@bca.example.org', 'assignee'],
      ['head@bca.example.org', 'agency_head'],
      ['vpcp@example.org', 'coordinators'],
    ]);
    await t
      .as('coordinator')
      .put('/api/v1/agencies/BCA/head', { name: 'Người mới', title: 'Bộ trưởng', email: 'moi@bca.example.org' })
      .expect(200);
    const after = await simulate({ from: '2026-02-25T00:00:00+07:00', to: '2026-02-25T23:59:59+07:00' });
    expect(after.notices[0].recipients.map((r) => r.email)).toContain('moi@bca.example.org');
  });

  it('tries unsaved rules instead of the saved ones, disabled ones included, named by position', async () => {
    const { notices } = await simulate({
      from: '2026-02-01',
      to: '2026-02-28',
      rules: [
        {
          name: 'Lãnh đạo Bộ Tài chính',
          enabled: false,
          scope: { agencies: ['BTC'] },
          offset: { amount: -1, unit: 'days' },
          recipients: ['email:lanh-dao@example.org', 'assignee'],
          level: 5,
        },
        {
          id: 'try-weekly',
          name: 'Thử',
          offset: { amount: -14, unit: 'days' },
          repeat: { every: { amount: 7, unit: 'days' }, maxTimes: 1 },
          recipients: ['agency_head'],
          level: 1,
          sendWindow: { start: '09:00', end: '11:00', workingDaysOnly: true },
        },
      ],
    });
    expect(notices.map((n) => [n.fireAt, n.taskCode, n.ruleId, n.level])).toEqual([
      [at('2026-02-10T09:00'), 'SIM-1', 'try-weekly', 1],
      [at('2026-02-13T09:00'), 'SIM-2', 'try-weekly', 1],
      [at('2026-02-23T09:00'), 'SIM-1', 'try-weekly', 1], // 02-17 is in Tết: the next working day
      [at('2026-02-23T09:00'), 'SIM-2', 'try-weekly', 1], // 02-20 likewise
      [at('2026-02-26T08:00'), 'SIM-2', 'rules[0]', 5],
    ]);
    expect(notices[4].recipients.map((r) => [r.email, r.as])).toEqual([
      ['lanh-dao@example.org', 'email'],
      ['binh@btc.example.org', 'assignee'],
    ]);
  });

  it('names every bad unsaved rule field as rules[i].field, and a range over 366 days as to', async () => {
    const res = await t
      .as('coordinator')
      .post('/api/v1/reminder-rules/simulate', {
        from: '2026-02-01',
        to: '2027-03-01',
        rules: [
          { name: 'ok', offset: { amount: 1, unit: 'days' }, recipients: ['assignee'], level: 0 },
          { name: '', offset: { amount: 1, unit: 'weeks' }, recipients: ['nobody'], level: 0 },
        ],
      })
      .expect(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['to', 'rules[1].name', 'rules[1].offset.unit', 'rules[1].recipients[0]']),
    );
    const missing = await t.as('coordinator').post('/api/v1/reminder-rules/simulate', { to: '2026-01-01' }).expect(400);
    expect(missing.body.error.details.map((d: { field: string }) => d.field)).toEqual(['from']);
  });

  it('sends nothing and appends nothing', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM events');
    const pendingBefore = await t.sql('SELECT * FROM rm_pending_notices ORDER BY notice_key');
    await simulate({ from: '2026-01-01', to: '2026-12-31' });
    await simulate({
      from: '2026-01-01',
      to: '2026-12-31',
      rules: [{ name: 'x', offset: { amount: 0, unit: 'days' }, recipients: ['coordinators'], level: 0 }],
    });
    expect(await t.sql('SELECT count(*)::int AS n FROM events')).toEqual(before);
    expect(await t.sql('SELECT * FROM rm_pending_notices ORDER BY notice_key')).toEqual(pendingBefore);
  });

  it('agrees with the live plan: the first simulated notice of each task and rule is its pending notice', async () => {
    const { notices } = await simulate({ from: '2026-01-03T21:00:00+07:00', to: '2027-01-02' });
    const first = new Map<string, Simulated>();
    for (const n of notices) if (!first.has(`${n.taskCode}/${n.ruleId}`)) first.set(`${n.taskCode}/${n.ruleId}`, n);
    const pending = await t.sql(`SELECT task_code, rule_id, notice_key, fire_at FROM rm_pending_notices`);
    expect(pending.length).toBeGreaterThan(0);
    expect(first.size).toBe(pending.length);
    for (const row of pending) {
      const n = first.get(`${row.task_code}/${row.rule_id}`)!;
      expect([n.noticeKey, new Date(n.fireAt).toISOString()]).toEqual([row.notice_key, new Date(row.fire_at).toISOString()]);
    }
  });

  it('shows a pending catch-up at the time it will really be sent', async () => {
    await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'SIM-OLD', deadline: '2025-11-03', assignedAt: '2025-10-01T09:00:00+07:00' }))
      .expect(201);
    const { notices } = await simulate({ from: '2026-01-03', to: '2026-01-16' });
    const old = notices.filter((n) => n.taskCode === 'SIM-OLD');
    expect(old.map((n) => [n.fireAt, n.ruleId, n.occurrence, n.catchUp])).toEqual([
      [at('2026-01-05T08:00'), 'default-assignee-3wd', 0, true],
      [at('2026-01-05T08:00'), 'default-assignee-7wd', 0, true],
      [at('2026-01-05T08:00'), 'default-due-today', 0, true],
      [at('2026-01-05T08:00'), 'default-overdue-1wd', 0, true],
      [at('2026-01-05T08:00'), 'default-overdue-30d-weekly', 4, true],
      [at('2026-01-05T08:00'), 'default-overdue-7d', 0, true],
      [at('2026-01-07T08:00'), 'default-overdue-30d-weekly', 5, false],
      [at('2026-01-14T08:00'), 'default-overdue-30d-weekly', 6, false],
    ]);
  });

  it('is open to coordinators and admins only', async () => {
    await t.as('admin').post('/api/v1/reminder-rules/simulate', { from: '2026-02-01', to: '2026-02-02' }).expect(200);
    await t.as('auditor').post('/api/v1/reminder-rules/simulate', { from: '2026-02-01', to: '2026-02-02' }).expect(403);
    await t.as('bca').post('/api/v1/reminder-rules/simulate', { from: '2026-02-01', to: '2026-02-02' }).expect(403);
  });
});
