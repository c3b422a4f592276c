import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

describe('tasks over HTTP (real PostgreSQL, in-process worker)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00' });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BTC', 'Bộ Tài chính')).expect(201);
  });
  afterAll(() => t.close());

  const eventCount = async () => Number((await t.sql('SELECT count(*)::int AS n FROM events'))[0].n);

  it('assigns a task, resolving Q1/2026 to the end of 31/03/2026 in Hanoi time, and reports the 6 rõ check', async () => {
    const res = await t.as('coordinator').post('/api/v1/tasks', taskBody()).expect(201);
    expect(res.body).toMatchObject({
      code: 'NQ71-012',
      status: 'on_track',
      deadline: { due: '2026-03-31T23:59:59.999+07:00', expression: 'Q1/2026', adjusted: false },
      version: 1,
    });
    expect(res.body.clarity.missing).toEqual([]);
    expect(res.body.position).toBeGreaterThan(0);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads the task back by id and by code with exact Vietnamese text, after waiting for minPosition', async () => {
    const created = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'NQ71-013', deadline: '2026-02-14' }))
      .expect(201);
    // 14/02/2026 is a Saturday in Tết: the deadline moves to the next working day, 23/02/2026.
    expect(created.body.deadline).toMatchObject({ due: '2026-02-23T23:59:59.999+07:00', adjusted: true });
    const byId = await t.as('auditor').get(`/api/v1/tasks/${created.body.id}`).expect(200);
    expect(byId.body.title).toBe(taskBody().title);
    const byCode = await t.as('auditor').get('/api/v1/tasks/NQ71-013').expect(200);
    expect(byCode.body.id).toBe(created.body.id);
    const list = await t.as('auditor').get(`/api/v1/tasks?minPosition=${created.body.position}&source=71/NQ-CP`).expect(200);
    expect(list.body.items.map((i: { code: string }) => i.code)).toContain('NQ71-013');
  });

  it('refuses a duplicate code with 409 and appends nothing', async () => {
    const before = await eventCount();
    const res = await t.as('coordinator').post('/api/v1/tasks', taskBody()).expect(409);
    expect(res.body.error.code).toBe('duplicate_task');
    expect(await eventCount()).toBe(before);
  });

  it('names every bad field in one 400 and appends nothing', async () => {
    const before = await eventCount();
    const res = await t
      .as('coordinator')
      .post(
        '/api/v1/tasks',
        taskBody({
          code: 'BAD-1',
          deadline: 'Q5/2026',
          leadAgency: 'XYZ',
          priority: 'urgent',
          assignee: { name: 'A', email: 'a\r\nBcc: x@y.z' },
        }),
      )
      .expect(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['deadline', 'leadAgency', 'priority', 'assignee.email']));
    expect(res.body.error.code).toBe('validation_failed');
    expect(await eventCount()).toBe(before);
  });

  it('answers malformed JSON with a 400 naming the body, without a stack trace', async () => {
    const res = await t.as('coordinator').post('/api/v1/tasks').set('Content-Type', 'application/json').send('{"code": ').expect(400);
    expect(res.body.error).toMatchObject({ code: 'malformed_json' });
    expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(/);
  });

  it('refuses an impossible date with a 400 naming the field', async () => {
    const res = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'BAD-2', deadline: '2026-02-30' }))
      .expect(400);
    expect(res.body.error.details[0].field).toBe('deadline');
  });

  it('takes the whole lifecycle: progress, blocker, extension, completion, with version and position', async () => {
    const { body: task } = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'NQ71-020', deadline: '2026-01-20' }))
      .expect(201);
    await t.as('bca').post(`/api/v1/tasks/${task.id}/progress`, { percent: 40, note: 'Đã xong dự thảo' }).expect(201);
    const blocker = await t.as('bca').post(`/api/v1/tasks/${task.id}/blockers`, { description: 'Thiếu kinh phí' }).expect(201);
    expect(blocker.body.openBlockers).toBe(1);
    await t.as('bca').post(`/api/v1/tasks/${task.id}/blockers/${blocker.body.blockerId}/resolution`, { note: 'Đã bố trí' }).expect(201);
    const request = await t
      .as('bca')
      .post(`/api/v1/tasks/${task.id}/extension-requests`, { proposedDeadline: '2026-02-27', reason: 'Chờ ý kiến' })
      .expect(201);
    expect(request.body.requestId).toBeDefined();
    const extended = await t
      .as('coordinator')
      .post(`/api/v1/tasks/${task.id}/extensions`, {
        newDeadline: '2026-02-27',
        reason: 'Đồng ý',
        decisionRef: '123/VPCP-KSTT',
        requestId: request.body.requestId,
      })
      .expect(201);
    expect(extended.body.deadline).toMatchObject({
      due: '2026-02-27T23:59:59.999+07:00',
      original: '2026-01-20T23:59:59.999+07:00',
      extensions: 1,
    });
    t.clock.set('2026-02-25T10:00:00+07:00');
    const done = await t.as('bca').post(`/api/v1/tasks/${task.id}/completion`, { deliverableRef: 'BC 12/BC-BCA' }).expect(201);
    // Completed after the original deadline but before the extended one: on time.
    expect(done.body.status).toBe('completed_on_time');
    expect(done.body.version).toBe(7);
    t.clock.set('2026-01-05T09:00:00+07:00');
  });

  it('reads a task as of a time before its completion, and as known before it was recorded', async () => {
    t.clock.set('2026-01-06T09:00:00+07:00');
    const { body: task } = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'NQ71-030', deadline: '2026-01-09' }))
      .expect(201);
    t.clock.set('2026-01-12T09:00:00+07:00');
    await t.as('bca').post(`/api/v1/tasks/${task.id}/completion`, {}).expect(201);
    const now = await t.as('auditor').get(`/api/v1/tasks/${task.id}`).expect(200);
    expect(now.body.status).toBe('completed_late');
    const before = await t.as('auditor').get(`/api/v1/tasks/${task.id}?asOf=2026-01-11T12:00:00%2B07:00`).expect(200);
    expect(before.body).toMatchObject({ status: 'overdue', completedAt: null });
    const known = await t
      .as('auditor')
      .get(`/api/v1/tasks/${task.id}?knownAt=2026-01-10T00:00:00%2B07:00&asOf=2026-01-12T12:00:00%2B07:00`)
      .expect(200);
    expect(known.body.status).toBe('overdue');
    const history = await t.as('auditor').get(`/api/v1/tasks/${task.id}/history`).expect(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['TaskAssigned', 'TaskCompleted']);
    expect(history.body.events[1]).toMatchObject({ actor: { role: 'agency', agency: 'BCA' }, occurredAt: '2026-01-12T09:00:00.000+07:00' });
    const past = await t.as('auditor').get('/api/v1/tasks?asOf=2026-01-11&code=NQ71-030&status=overdue').expect(200);
    expect(past.body.items.map((i: { code: string }) => i.code)).toContain('NQ71-030');
    t.clock.set('2026-01-05T09:00:00+07:00');
  });

  it('refuses invalid transitions with 409', async () => {
    const { body: task } = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'NQ71-040' }))
      .expect(201);
    await t.as('coordinator').post(`/api/v1/tasks/${task.id}/cancellation`, { reason: 'Không còn phù hợp' }).expect(201);
    const res = await t.as('bca').post(`/api/v1/tasks/${task.id}/completion`, {}).expect(409);
    expect(res.body.error.code).toBe('invalid_transition');
  });

  it('scopes agency officers to their own tasks', async () => {
    const { body: task } = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'TC-001', leadAgency: 'BTC', coordinatingAgencies: [] }))
      .expect(201);
    // Another agency's task is, to BCA's officers, not there (the same 404 as an unknown code).
    await t.as('bca').get(`/api/v1/tasks/${task.id}`).expect(404);
    await t.as('bca').post(`/api/v1/tasks/${task.id}/progress`, { percent: 10 }).expect(404);
    // BKHCN coordinates NQ71-012: it may read it but not report on it.
    await t.as('bkhcn').get('/api/v1/tasks/NQ71-012').expect(200);
    await t.as('bkhcn').post('/api/v1/tasks/NQ71-012/progress', { percent: 10 }).expect(403);
    const list = await t.as('bca').get(`/api/v1/tasks?minPosition=${task.position}&limit=500`).expect(200);
    expect(
      list.body.items.every(
        (i: { leadAgency: string; coordinatingAgencies: string[] }) => i.leadAgency === 'BCA' || i.coordinatingAgencies.includes('BCA'),
      ),
    ).toBe(true);
    await t
      .as('bca')
      .post('/api/v1/tasks', taskBody({ code: 'X-1' }))
      .expect(403);
    await t.as('auditor').post(`/api/v1/tasks/${task.id}/progress`, { percent: 10 }).expect(403);
  });

  it('requires a known bearer token', async () => {
    await t.as('admin').get('/api/v1/tasks').set('Authorization', '').expect(401);
    const res = await t.as('admin').get('/api/v1/tasks').set('Authorization', 'Bearer nope-nope-nope').expect(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('answers a repeated Idempotency-Key with the same answer and no new event; another body is 409', async () => {
    const body = taskBody({ code: 'IDEM-1' });
    const first = await t.as('coordinator').post('/api/v1/tasks', body).set('Idempotency-Key', 'k-1').expect(201);
    const count = await eventCount();
    const again = await t.as('coordinator').post('/api/v1/tasks', body).set('Idempotency-Key', 'k-1').expect(201);
    expect(again.body).toEqual(first.body);
    expect(await eventCount()).toBe(count);
    await t
      .as('coordinator')
      .post('/api/v1/tasks', { ...body, title: 'khác' })
      .set('Idempotency-Key', 'k-1')
      .expect(409);
  });

  it('lets admins amend the holiday calendar, and new deadlines follow it', async () => {
    await t
      .as('admin')
      .put('/api/v1/calendar/holidays/2026', { days: ['2026-03-31'], workdays: [] })
      .expect(200);
    const holidays = await t.as('auditor').get('/api/v1/calendar/holidays/2026').expect(200);
    expect(holidays.body.days).toEqual(['2026-03-31']);
    const res = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'CAL-1', deadline: 'Q1/2026' }))
      .expect(201);
    expect(res.body.deadline).toMatchObject({ due: '2026-04-01T23:59:59.999+07:00', adjusted: true });
    await t.as('coordinator').put('/api/v1/calendar/holidays/2026', { days: [] }).expect(403);
  });

  it('serves the global feed in commit order and verifies the hash chains', async () => {
    const feed = await t.as('auditor').get('/api/v1/events?limit=5').expect(200);
    expect(feed.body.events).toHaveLength(5);
    const next = await t.as('auditor').get(`/api/v1/events?afterPosition=${feed.body.afterPosition}&limit=5`).expect(200);
    expect(next.body.events[0].position).not.toBe(feed.body.events[4].position);
    const verify = await t.as('auditor').get('/api/v1/audit/verify').expect(200);
    expect(verify.body).toMatchObject({ ok: true, failures: [] });
    expect(verify.body.events).toBe(await eventCount());
    await t.as('bca').get('/api/v1/events').expect(403);
  });

  it('changes an agency head and reads it back', async () => {
    const res = await t
      .as('coordinator')
      .put('/api/v1/agencies/BTC/head', { name: 'Nguyễn Thị Mới', title: 'Bộ trưởng', email: 'moi@btc.example.org' })
      .expect(200);
    const agency = await t.as('auditor').get(`/api/v1/agencies/BTC?minPosition=${res.body.position}`).expect(200);
    expect(agency.body.head).toMatchObject({ name: 'Nguyễn Thị Mới', email: 'moi@btc.example.org' });
    await t.as('auditor').get('/api/v1/agencies/NOPE').expect(404);
  });

  it('reports health without a token', async () => {
    const res = await t.as('admin').get('/health').set('Authorization', '').expect(200);
    expect(res.body.checks.database.status).toBe('up');
    expect(res.body.checks.redis.status).toBe('up');
  });
});
