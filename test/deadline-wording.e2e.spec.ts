import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

/** domain-facts.md "Deadline wording": what the directives write is accepted, kept verbatim and resolved. */
describe('deadline wording over HTTP (real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00' });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  });
  afterAll(() => t.close());

  let assigned = 0;
  it.each([
    ['trong Quý I/2026', '2026-03-31', '2026-03-31T23:59:59.999+07:00', false],
    ['Quý II/2027', '2027-06-30', '2027-06-30T23:59:59.999+07:00', false],
    ['Quý 3/2026', '2026-09-30', '2026-09-30T23:59:59.999+07:00', false],
    ['trong tháng 01/2026', '2026-01-31', '2026-02-02T23:59:59.999+07:00', true], // Saturday 31/01 → Monday
    ['giữa tháng 3/2026', '2026-03-15', '2026-03-16T23:59:59.999+07:00', true], // Sunday 15/03 → Monday
    ['cuối năm 2026', '2026-12-31', '2026-12-31T23:59:59.999+07:00', false],
    ['giữa năm 2026', '2026-06-30', '2026-06-30T23:59:59.999+07:00', false],
    ['trước ngày 15/01/2026', '2026-01-15', '2026-01-15T23:59:59.999+07:00', false],
    ['chậm nhất ngày 15/01/2026', '2026-01-15', '2026-01-15T23:59:59.999+07:00', false],
  ])('assigns with "%s", kept verbatim, last day %s', async (wording, lastDay, due, adjusted) => {
    const code = `DW-${++assigned}`;
    const created = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code, deadline: wording }))
      .expect(201);
    expect(created.body.deadline).toMatchObject({ expression: wording, due, adjusted });
    const read = await t.as('auditor').get(`/api/v1/tasks/${created.body.id}?minPosition=${created.body.position}`).expect(200);
    expect(read.body.deadline).toMatchObject({ expression: wording, lastDay, due });
  });

  it('takes "thường xuyên" as a recurring task with no deadline', async () => {
    const created = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'DW-TX', deadline: 'nhiệm vụ thường xuyên' }))
      .expect(201);
    expect(created.body).toMatchObject({ status: 'ongoing', deadline: { expression: 'nhiệm vụ thường xuyên', due: null } });
  });

  it('moves a deadline to a wording, and refuses wording it cannot read, naming the field', async () => {
    const { body: task } = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'DW-EXT', deadline: '2026-01-20' }))
      .expect(201);
    const extended = await t
      .as('coordinator')
      .post(`/api/v1/tasks/${task.id}/extensions`, {
        newDeadline: 'trong Quý II/2026',
        reason: 'Đồng ý gia hạn',
        decisionRef: '12/VPCP-KSTT',
      })
      .expect(201);
    expect(extended.body.deadline).toMatchObject({ expression: 'trong Quý II/2026', due: '2026-06-30T23:59:59.999+07:00', extensions: 1 });
    const refused = await t
      .as('bca')
      .post(`/api/v1/tasks/${task.id}/extension-requests`, { proposedDeadline: 'Quý V/2026', reason: 'Chờ ý kiến' })
      .expect(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'proposedDeadline' })]);
  });
});

describe('deadline wording read strictly (DEADLINE_BEFORE_STRICT=true)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { DEADLINE_BEFORE_STRICT: 'true' } });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  });
  afterAll(() => t.close());

  it('ends "trước ngày 15/01/2026" on 14/01 and leaves "chậm nhất ngày" on the day itself', async () => {
    const before = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'DW-S1', deadline: 'trước ngày 15/01/2026' }))
      .expect(201);
    expect(before.body.deadline).toMatchObject({ expression: 'trước ngày 15/01/2026', due: '2026-01-14T23:59:59.999+07:00' });
    const atLatest = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'DW-S2', deadline: 'chậm nhất ngày 15/01/2026' }))
      .expect(201);
    expect(atLatest.body.deadline).toMatchObject({ due: '2026-01-15T23:59:59.999+07:00' });
  });
});
