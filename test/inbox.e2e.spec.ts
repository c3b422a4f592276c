import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

/** "Việc cần xử lý": each role's inbox, scoped to what the caller may act on. */
describe('inbox over HTTP (real PostgreSQL)', () => {
  let t: TestApp;
  let last = 0;
  const ids: Record<string, string> = {};

  const post = async (who: Parameters<TestApp['as']>[0], url: string, body: unknown) => {
    const res = await t.as(who).post(`/api/v1${url}`, body).expect(201);
    last = res.body.position;
    return res.body;
  };
  const inbox = async (who: Parameters<TestApp['as']>[0]) =>
    (await t.as(who).get(`/api/v1/inbox?minPosition=${last}`).expect(200)).body.items as any[];
  const kinds = (items: any[]) => items.map((i) => `${i.kind}:${i.taskCode}`).sort();

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { COMPLETION_CONFIRMATION: 'required' } });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    const assign = async (code: string, deadline: string, leadAgency = 'BCA') => {
      ids[code] = (await post('coordinator', '/tasks', taskBody({ code, deadline, leadAgency, coordinatingAgencies: [] }))).id;
    };
    await assign('HT-QUA-HAN', '2025-12-30');
    await assign('HT-SAP-DEN', '2026-01-08');
    await assign('HT-GIA-HAN', 'Q2/2026');
    await assign('HT-HOAN-THANH', 'Q2/2026');
    await assign('HT-VUONG-MAC', 'Q2/2026');
    await assign('HT-BKHCN', '2025-12-30', 'BKHCN');
    await assign('HT-XONG', 'Q2/2026');
    await post('bca', `/tasks/${ids['HT-GIA-HAN']}/extension-requests`, { proposedDeadline: 'Q3/2026', reason: 'Chờ ý kiến các bộ' });
    await post('bca', `/tasks/${ids['HT-HOAN-THANH']}/completion`, { deliverableRef: 'Báo cáo số 3/BC-BCA' });
    await post('bca', `/tasks/${ids['HT-VUONG-MAC']}/blockers`, { description: 'Thiếu kinh phí' });
    await post('coordinator', `/tasks/${ids['HT-XONG']}/completion`, {});
  });
  afterAll(() => t.close());

  it("gives coordinators the requests, completions to confirm and open blockers, and officers their agency's deadlines", async () => {
    const coordinator = await inbox('coordinator');
    expect(kinds(coordinator)).toEqual([
      'completion_to_confirm:HT-HOAN-THANH',
      'extension_request:HT-GIA-HAN',
      'open_blocker:HT-VUONG-MAC',
    ]);
    expect(coordinator.find((i) => i.kind === 'extension_request')).toMatchObject({
      taskId: ids['HT-GIA-HAN'],
      leadAgency: 'BCA',
      proposedDeadline: 'Q3/2026',
      reason: 'Chờ ý kiến các bộ',
      since: '2026-01-05T09:00:00.000+07:00',
    });
    expect(coordinator.find((i) => i.kind === 'completion_to_confirm')).toMatchObject({ backdated: false });
    expect(kinds(await inbox('bca'))).toEqual(['due_soon:HT-SAP-DEN', 'overdue:HT-QUA-HAN']);
    expect(kinds(await inbox('bkhcn'))).toEqual(['overdue:HT-BKHCN']);
    expect(await inbox('auditor')).toEqual([]);
  });

  it("tells the officer of a returned completion and of the answer to a request; the coordinator's items go", async () => {
    t.clock.set('2026-01-06T10:00:00+07:00');
    await post('coordinator', `/tasks/${ids['HT-HOAN-THANH']}/completion/return`, { reason: 'Chưa có văn bản kết quả' });
    const { extensionRequests } = (await t.as('coordinator').get(`/api/v1/tasks/${ids['HT-GIA-HAN']}`).expect(200)).body;
    await post('coordinator', `/tasks/${ids['HT-GIA-HAN']}/extension-requests/${extensionRequests[0].requestId}/refusal`, {
      reason: 'Đề nghị hoàn thành đúng hạn',
    });
    expect(kinds(await inbox('coordinator'))).toEqual(['open_blocker:HT-VUONG-MAC']);
    const officer = await inbox('bca');
    expect(kinds(officer)).toEqual([
      'completion_returned:HT-HOAN-THANH',
      'due_soon:HT-SAP-DEN',
      'extension_decided:HT-GIA-HAN',
      'overdue:HT-QUA-HAN',
    ]);
    expect(officer.find((i) => i.kind === 'completion_returned')).toMatchObject({
      reason: 'Chưa có văn bản kết quả',
      since: '2026-01-06T10:00:00.000+07:00',
    });
    expect(officer.find((i) => i.kind === 'extension_decided')).toMatchObject({
      status: 'refused',
      refusalReason: 'Đề nghị hoàn thành đúng hạn',
    });
    // Newest first.
    expect(officer.map((i) => i.since)).toEqual([...officer.map((i) => i.since)].sort().reverse());
    // An answer leaves the inbox two weeks after the decision.
    t.clock.set('2026-01-21T10:00:00+07:00');
    expect(kinds(await inbox('bca')).filter((k) => k.startsWith('extension_decided'))).toEqual([]);
    t.clock.set('2026-01-05T09:00:00+07:00');
  });
});
