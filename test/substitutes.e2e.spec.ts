/**
 * Substitutes (issue 13, "Acting officials"): a person away over a period names who stands in;
 * a reminder addressed to them in the period goes to the substitute, addressed "(thay …)", and
 * the notice names both; outside the period it goes to the person again.
 */
import { startSmtpTestServer, type SmtpTestServer } from '@app/escalation/testing';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, deleteQueueKeys, ruleBody, uniquePrefix } from './support/worker-process-helpers';

const SUBSTITUTE = { name: 'Trần Văn Bình', email: 'tran.van.binh@bca.example.org' };

describe('substitutes of people away', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let d: DeliveryDriver;
  let personId: string;
  const prefix = uniquePrefix('sub');

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({
      now: '2026-03-02T08:00:00+07:00',
      env: { SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000' },
    });
    d = new DeliveryDriver(t);
    await d.settle();
    await d.deleteAllRules();
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    const person = await t
      .as('admin')
      .post(`${API}/users`, {
        email: 'an.nguyen@bca.example.org',
        name: 'Nguyễn Văn An',
        title: 'Chuyên viên',
        agency: 'BCA',
        roles: ['agency'],
      })
      .expect(201);
    personId = person.body.id;
    await t
      .as('admin')
      .post(`${API}/reminder-rules`, ruleBody('remind-officer', { offset: { amount: -1, unit: 'days' }, recipients: ['assignee'] }))
      .expect(201);
    await smtp.waitFor(1, 20_000); // the invitation
    smtp.clear();
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await deleteQueueKeys(prefix);
  });

  it('refuses a bad absence naming the field, lets only admins record another person’s, and shows it', async () => {
    const bad = await t
      .as('admin')
      .put(`${API}/users/${personId}/absence`, { from: '2026-03-13', to: '2026-03-09', substitute: SUBSTITUTE })
      .expect(400);
    expect(bad.body.error.details.map((x: { field: string }) => x.field)).toEqual(['to']);
    const self = await t
      .as('admin')
      .put(`${API}/users/${personId}/absence`, {
        from: '2026-03-09',
        to: '2026-03-13',
        substitute: { name: 'An', email: 'an.nguyen@bca.example.org' },
      })
      .expect(400);
    expect(self.body.error.details.map((x: { field: string }) => x.field)).toEqual(['substitute.email']);
    await t
      .as('coordinator')
      .put(`${API}/users/${personId}/absence`, { from: '2026-03-09', to: '2026-03-13', substitute: SUBSTITUTE })
      .expect(403);
    const set = await t
      .as('admin')
      .put(`${API}/users/${personId}/absence`, { from: '2026-03-09', to: '2026-03-13', substitute: SUBSTITUTE })
      .expect(200);
    expect(set.body.absence).toEqual({ from: '2026-03-09', to: '2026-03-13', substitute: SUBSTITUTE });
    const listed = await t.as('auditor').get(`${API}/users?minPosition=${set.body.position}`).expect(200);
    const row = (Array.isArray(listed.body) ? listed.body : listed.body.items).find((p: { id: string }) => p.id === personId);
    expect(row.absence).toEqual({ from: '2026-03-09', to: '2026-03-13', substitute: SUBSTITUTE });
  });

  it('sends the reminder to the substitute during the absence, naming whom they stand in for', async () => {
    const task = await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'NQ71-801', deadline: '2026-03-12', coordinatingAgencies: [] }))
      .expect(201);
    await t.as('coordinator').get(`${API}/tasks/${task.body.id}?minPosition=${task.body.position}`).expect(200);
    await d.scanAt('2026-03-11T09:00:00+07:00');
    const [mail] = await smtp.waitFor(1, 20_000);
    expect(mail.envelope.rcptTo).toEqual([SUBSTITUTE.email]);
    expect(mail.text).toContain('Trần Văn Bình (thay Nguyễn Văn An)');
    const [notice] = await d.settled();
    const issued = (await d.noticeEvents(notice.id)).find((e) => e.type === 'NoticeIssued');
    expect(issued?.data.recipients).toEqual([
      expect.objectContaining({
        email: SUBSTITUTE.email,
        as: 'substitute',
        actingFor: expect.objectContaining({ name: 'Nguyễn Văn An', email: 'an.nguyen@bca.example.org' }),
      }),
    ]);
  });

  it('sends to the person again once the absence is over', async () => {
    smtp.clear();
    await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'NQ71-802', deadline: '2026-03-17', coordinatingAgencies: [] }))
      .expect(201);
    await d.scanAt('2026-03-16T09:00:00+07:00');
    const [mail] = await smtp.waitFor(1, 20_000);
    expect(mail.envelope.rcptTo).toEqual(['an.nguyen@bca.example.org']);
  });
});
