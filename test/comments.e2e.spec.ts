import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

/** The comment thread of a task between the lead agency's officer and the coordinator, scoped like the task. */
describe('task comments over HTTP (real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00' });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BTC', 'Bộ Tài chính')).expect(201);
  });
  afterAll(() => t.close());

  it('keeps the thread in order with each author; officers of other agencies neither read nor write it', async () => {
    const { body: task } = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'TD-1', deadline: 'Q1/2026', leadAgency: 'BCA', coordinatingAgencies: ['BKHCN'] }))
      .expect(201);
    const asked = await t
      .as('coordinator')
      .post(`/api/v1/tasks/${task.id}/comments`, { text: 'Đề nghị bổ sung văn bản kết quả.\nHạn trong tuần này.' })
      .expect(201);
    expect(asked.body.commentId).toMatch(/^[0-9a-f-]{36}$/);
    t.clock.set('2026-01-05T10:30:00+07:00');
    await t.as('bca').post(`/api/v1/tasks/${task.id}/comments`, { text: 'Đã gửi Quyết định số 15/QĐ-BCA.' }).expect(201);
    t.clock.set('2026-01-05T09:00:00+07:00');

    const thread = await t.as('bkhcn').get(`/api/v1/tasks/${task.id}/comments`).expect(200); // coordinating: reads
    expect(thread.body.items).toEqual([
      {
        commentId: asked.body.commentId,
        text: 'Đề nghị bổ sung văn bản kết quả.\nHạn trong tuần này.',
        at: '2026-01-05T09:00:00.000+07:00',
        author: expect.objectContaining({ role: 'coordinator', name: 'Văn phòng Chính phủ' }),
      },
      expect.objectContaining({
        text: 'Đã gửi Quyết định số 15/QĐ-BCA.',
        at: '2026-01-05T10:30:00.000+07:00',
        author: expect.objectContaining({ role: 'agency', agency: 'BCA' }),
      }),
    ]);
    await t.as('bkhcn').post(`/api/v1/tasks/${task.id}/comments`, { text: 'Ý kiến phối hợp' }).expect(403); // only the lead writes
    const { body: other } = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'TD-2', deadline: 'Q1/2026', leadAgency: 'BTC', coordinatingAgencies: [] }))
      .expect(201);
    await t.as('bca').get(`/api/v1/tasks/${other.id}/comments`).expect(404); // not its agency's: not found, as for the task
    await t.as('auditor').get(`/api/v1/tasks/${other.id}/comments`).expect(200);
  });

  it('refuses an empty or oversized comment with a 400 naming text, and appends nothing', async () => {
    const { body: task } = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'TD-3', deadline: 'Q1/2026' }))
      .expect(201);
    for (const text of ['', '   ', 'x'.repeat(4001)]) {
      const res = await t.as('coordinator').post(`/api/v1/tasks/${task.id}/comments`, { text }).expect(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'text' })]);
    }
    expect((await t.as('coordinator').get(`/api/v1/tasks/${task.id}/comments`).expect(200)).body.items).toEqual([]);
  });
});
