import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

/** Extension requests listed on the task, approved with the decision's reference or refused with a reason. */
describe('extension requests over HTTP (real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00' });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  });
  afterAll(() => t.close());

  const eventCount = async () => Number((await t.sql('SELECT count(*)::int AS n FROM events'))[0].n);

  it('lists a request, refuses it with a reason, keeps the deadline, and approves a second with the decision reference', async () => {
    const { body: task } = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'GH-1', deadline: '2026-01-20' }))
      .expect(201);
    const first = await t
      .as('bca')
      .post(`/api/v1/tasks/${task.id}/extension-requests`, { proposedDeadline: 'trong Quý II/2026', reason: 'Chờ ý kiến các bộ' })
      .expect(201);
    t.clock.set('2026-01-07T10:00:00+07:00');
    const refused = await t
      .as('coordinator')
      .post(`/api/v1/tasks/${task.id}/extension-requests/${first.body.requestId}/refusal`, { reason: 'Chưa đủ căn cứ để gia hạn' })
      .expect(201);
    expect(refused.body.deadline).toMatchObject({ due: '2026-01-20T23:59:59.999+07:00', extensions: 0 });

    const second = await t
      .as('bca')
      .post(`/api/v1/tasks/${task.id}/extension-requests`, { proposedDeadline: '27/02/2026', reason: 'Đã bổ sung hồ sơ' })
      .expect(201);
    await t
      .as('coordinator')
      .post(`/api/v1/tasks/${task.id}/extensions`, {
        newDeadline: '27/02/2026',
        reason: 'Thủ tướng đồng ý',
        decisionRef: '123/VPCP-KSTT',
        requestId: second.body.requestId,
      })
      .expect(201);

    const read = await t.as('bca').get(`/api/v1/tasks/${task.id}`).expect(200);
    expect(read.body.extensionRequests).toEqual([
      expect.objectContaining({
        requestId: first.body.requestId,
        proposedDeadline: 'trong Quý II/2026',
        reason: 'Chờ ý kiến các bộ',
        requestedAt: '2026-01-05T09:00:00.000+07:00',
        status: 'refused',
        decidedAt: '2026-01-07T10:00:00.000+07:00',
        decisionRef: null,
        refusalReason: 'Chưa đủ căn cứ để gia hạn',
      }),
      expect.objectContaining({
        requestId: second.body.requestId,
        proposedDeadline: '27/02/2026',
        status: 'approved',
        decidedAt: '2026-01-07T10:00:00.000+07:00',
        decisionRef: '123/VPCP-KSTT',
        refusalReason: null,
      }),
    ]);
    expect(read.body.deadline).toMatchObject({ due: '2026-02-27T23:59:59.999+07:00', extensions: 1 });
    const history = await t.as('auditor').get(`/api/v1/tasks/${task.id}/history`).expect(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toContain('ExtensionRefused');
    t.clock.set('2026-01-05T09:00:00+07:00');
  });

  it('decides a request once, refuses without a reason with a 400 naming it, and keeps refusal to coordinators', async () => {
    const { body: task } = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'GH-2', deadline: '2026-01-20' }))
      .expect(201);
    const { body: req } = await t
      .as('bca')
      .post(`/api/v1/tasks/${task.id}/extension-requests`, { proposedDeadline: '2026-03-31', reason: 'Chờ ý kiến' })
      .expect(201);
    const url = `/api/v1/tasks/${task.id}/extension-requests/${req.requestId}/refusal`;
    const before = await eventCount();
    const missing = await t.as('coordinator').post(url, {}).expect(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ field: 'reason' })]);
    await t.as('bca').post(url, { reason: 'Tự từ chối' }).expect(403);
    expect(await eventCount()).toBe(before);
    await t.as('coordinator').post(url, { reason: 'Không có căn cứ' }).expect(201);
    const again = await t.as('coordinator').post(url, { reason: 'Lần nữa' }).expect(409);
    expect(again.body.error.code).toBe('invalid_transition');
    await t
      .as('coordinator')
      .post(`/api/v1/tasks/${task.id}/extensions`, { newDeadline: '2026-03-31', reason: 'Đồng ý', requestId: req.requestId })
      .expect(409);
  });
});
