/**
 * Acting officials (issue 13): an agency's acting head over a period receives the escalations
 * meant for the head, the letter is addressed to them by their acting title, and the notice
 * records both (the explanation names the head they act for); outside the period the head does.
 */
import { startSmtpTestServer, type SmtpTestServer } from '@app/escalation/testing';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, deleteQueueKeys, ruleBody, uniquePrefix } from './support/worker-process-helpers';

const ACTING = { name: 'Trần Quốc Tỏ', title: 'Thứ trưởng, phụ trách Bộ', email: 'to.tq@bca.example.org' };

describe('acting heads', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let d: DeliveryDriver;
  const prefix = uniquePrefix('act');

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({
      now: '2026-03-01T08:00:00+07:00',
      env: { SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000' },
    });
    d = new DeliveryDriver(t);
    await d.settle();
    await d.deleteAllRules();
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('escalate-head', {
          offset: { amount: 1, unit: 'days' },
          recipients: ['agency_head'],
          level: 1,
        }),
      )
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await deleteQueueKeys(prefix);
  });

  it('refuses a bad period naming the field, and records the acting head on the agency', async () => {
    const bad = await t
      .as('coordinator')
      .put(`${API}/agencies/BCA/acting-head`, { ...ACTING, from: '2026-03-31', to: '2026-03-01' })
      .expect(400);
    expect(bad.body.error.details[0].field).toBe('to');
    await t
      .as('bca')
      .put(`${API}/agencies/BCA/acting-head`, { ...ACTING, from: '2026-03-01', to: '2026-03-31' })
      .expect(403);
    const set = await t
      .as('coordinator')
      .put(`${API}/agencies/BCA/acting-head`, { ...ACTING, from: '2026-03-01', to: '2026-03-31' })
      .expect(200);
    expect(set.body.actingHead).toEqual({ ...ACTING, from: '2026-03-01', to: '2026-03-31' });
    const again = await t
      .as('coordinator')
      .put(`${API}/agencies/BCA/acting-head`, { ...ACTING, from: '2026-03-01', to: '2026-03-31' })
      .expect(200);
    expect(again.body.version).toBe(set.body.version);
  });

  it('sends the escalation to the acting head in the period, addressed by the acting title, naming the head in the notice', async () => {
    const task = await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'NQ71-701', deadline: '2026-03-09', coordinatingAgencies: [] }))
      .expect(201);
    await t.as('coordinator').get(`${API}/tasks/${task.body.id}?minPosition=${task.body.position}`).expect(200);
    // before it is sent, the plan says what, when, to whom and why
    const { body: plan } = await t.as('bca').get(`${API}/tasks/NQ71-701/notice-plan`).expect(200);
    expect(plan.planned).toEqual([
      expect.objectContaining({
        ruleId: 'escalate-head',
        kind: 'escalation',
        because: expect.objectContaining({ vi: expect.stringContaining('1 ngày sau thời hạn 09/03/2026 mà nhiệm vụ chưa hoàn thành') }),
        recipients: [
          expect.objectContaining({
            email: 'to.tq@bca.example.org',
            as: 'acting_head',
            why: 'người được giao quyền/phụ trách thay thủ trưởng (thay Bộ trưởng Thủ trưởng BCA)',
          }),
        ],
      }),
    ]);
    await t.as('bkhcn').get(`${API}/tasks/NQ71-701/notice-plan`).expect(404);
    await d.scanAt('2026-03-10T09:00:00+07:00');
    const [mail] = await smtp.waitFor(1, 20_000);
    expect(mail.envelope.rcptTo).toEqual(['to.tq@bca.example.org']);
    expect(mail.text).toContain('Kính gửi: Thứ trưởng, phụ trách Bộ Bộ Công an');
    const [notice] = await d.settled();
    const issued = (await d.noticeEvents(notice.id)).find((e) => e.type === 'NoticeIssued');
    expect(issued?.data.recipients).toEqual([
      expect.objectContaining({
        email: 'to.tq@bca.example.org',
        as: 'acting_head',
        actingFor: { name: 'Thủ trưởng BCA', title: 'Bộ trưởng', email: 'head@bca.example.org' },
      }),
    ]);
  });
});
