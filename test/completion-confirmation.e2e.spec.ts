import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

/**
 * Completion as the Government counts it (COMPLETION_CONFIRMATION=required, the default): the
 * officer's report moves neither the summary nor the ranking until a coordinator accepts it.
 */
describe('completion confirmation over HTTP (real PostgreSQL)', () => {
  let t: TestApp;
  let last = 0;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { COMPLETION_CONFIRMATION: 'required' } });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  });
  afterAll(() => t.close());

  const post = async (who: Parameters<TestApp['as']>[0], url: string, body: unknown, status = 201) => {
    const res = await t.as(who).post(`/api/v1${url}`, body).expect(status);
    if (res.body.position) last = res.body.position;
    return res.body;
  };
  const read = async (id: string) => (await t.as('coordinator').get(`/api/v1/tasks/${id}?minPosition=${last}`).expect(200)).body;
  const summary = async () => (await t.as('auditor').get(`/api/v1/reports/summary?minPosition=${last}`).expect(200)).body;
  const bca = async () =>
    ((await t.as('auditor').get(`/api/v1/reports/agencies?minPosition=${last}`).expect(200)).body as any[]).find((r) => r.agency === 'BCA');
  const listed = async (code: string) =>
    ((await t.as('coordinator').get(`/api/v1/tasks?agency=BCA&minPosition=${last}`).expect(200)).body.items as any[]).find(
      (i) => i.code === code,
    );

  it('keeps a backdated report by its deadline until accepted; a return puts it back; acceptance counts it by the reported date', async () => {
    const task = await post('coordinator', '/tasks', {
      ...taskBody({ code: 'XN-1', deadline: '31/03/2025', coordinatingAgencies: [] }),
      assignedAt: '2025-03-01T09:00:00+07:00',
    });
    const before = { summary: await summary(), bca: await bca() };
    expect(before.summary).toMatchObject({ overdue: 1, completed: 0 });
    expect(before.bca).toMatchObject({ overdue: 1, completedOnTime: 0 });

    // 279 days overdue, the officer reports it done on 20/03/2025, before its deadline.
    const reported = await post('bca', `/tasks/${task.id}/completion`, {
      completedAt: '2025-03-20T10:00:00+07:00',
      deliverableRef: 'Quyết định số 15/QĐ-BCA',
    });
    expect(reported.status).toBe('overdue');
    const pending = await read(task.id);
    expect(pending).toMatchObject({
      status: 'overdue',
      completedAt: null,
      awaitingConfirmation: true,
      completion: {
        status: 'reported',
        completedAt: '2025-03-20T10:00:00.000+07:00',
        reportedAt: '2026-01-05T09:00:00.000+07:00',
        backdated: true,
        deliverableRef: 'Quyết định số 15/QĐ-BCA',
      },
    });
    expect(await summary()).toMatchObject({ overdue: 1, completed: 0, completedOnTime: 0, awaitingConfirmation: 1 });
    expect(await bca()).toMatchObject({ overdue: 1, completedOnTime: 0 });
    expect((await listed('XN-1')).status).toBe(pending.status);
    expect((await listed('XN-1')).awaitingConfirmation).toBe(true); // the SQL read model and the domain agree

    // A second report while one waits is refused; the officer cannot accept their own.
    await post('bca', `/tasks/${task.id}/completion`, {}, 409);
    await post('bca', `/tasks/${task.id}/completion/acceptance`, {}, 403);

    const returned = await post('coordinator', `/tasks/${task.id}/completion/return`, { reason: 'Chưa có văn bản kết quả kèm theo' });
    expect(returned.status).toBe('overdue');
    expect(await read(task.id)).toMatchObject({
      awaitingConfirmation: false,
      completion: { status: 'returned', returnReason: 'Chưa có văn bản kết quả kèm theo' },
    });
    expect(await summary()).toMatchObject({ overdue: 1, completed: 0, awaitingConfirmation: 0 });
    await post('coordinator', `/tasks/${task.id}/completion/acceptance`, {}, 409);

    // Reported again with the document; accepted, it counts on time by the reported date, marked backdated.
    t.clock.set('2026-01-06T09:00:00+07:00');
    await post('bca', `/tasks/${task.id}/completion`, {
      completedAt: '2025-03-20T10:00:00+07:00',
      deliverableRef: 'Quyết định số 15/QĐ-BCA',
      deliverableIssuedOn: '2025-03-18', // the result document's number and date, as the Government counts it
    });
    expect((await read(task.id)).completion).toMatchObject({ status: 'reported', deliverableIssuedOn: '2025-03-18' });
    const accepted = await post('coordinator', `/tasks/${task.id}/completion/acceptance`, { note: 'Đã kiểm tra văn bản' });
    expect(accepted.status).toBe('completed_on_time');
    const done = await read(task.id);
    expect(done).toMatchObject({
      status: 'completed_on_time',
      completedAt: '2025-03-20T10:00:00.000+07:00',
      awaitingConfirmation: false,
      completion: {
        status: 'accepted',
        backdated: true,
        onTime: true,
        reportedAt: '2026-01-06T09:00:00.000+07:00',
        deliverableRef: 'Quyết định số 15/QĐ-BCA',
        deliverableIssuedOn: '2025-03-18',
      },
    });
    expect(await summary()).toMatchObject({ overdue: 0, completed: 1, completedOnTime: 1 });
    expect(await bca()).toMatchObject({ overdue: 0, completedOnTime: 1 });
    expect((await listed('XN-1')).status).toBe('completed_on_time');
    const history = await t.as('auditor').get(`/api/v1/tasks/${task.id}/history`).expect(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'TaskAssigned',
      'CompletionReported',
      'CompletionReturned',
      'CompletionReported',
      'TaskCompleted',
    ]);
    t.clock.set('2026-01-05T09:00:00+07:00');
  });

  it("counts a coordinator's own completion at once, late when after the deadline, and not backdated when stated the same day", async () => {
    const task = await post('coordinator', '/tasks', taskBody({ code: 'XN-2', deadline: '2025-12-30', coordinatingAgencies: [] }));
    const done = await post('coordinator', `/tasks/${task.id}/completion`, { deliverableRef: 'Báo cáo số 2/BC-BCA' });
    expect(done.status).toBe('completed_late');
    expect((await read(task.id)).completion).toMatchObject({ status: 'accepted', backdated: false, onTime: false });
  });

  it('refuses a return without a reason, naming the field, and acceptance by an agency officer', async () => {
    const task = await post('coordinator', '/tasks', taskBody({ code: 'XN-3', deadline: 'Q1/2026', coordinatingAgencies: [] }));
    const reported = await post('bca', `/tasks/${task.id}/completion`, {});
    expect(reported.status).toBe('on_track');
    const res = await t.as('coordinator').post(`/api/v1/tasks/${task.id}/completion/return`, {}).expect(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await read(task.id)).completion).toMatchObject({ status: 'reported', backdated: false });
  });
});
