/**
 * Workflow letters end to end (api.md "Workflow"): an assignment tells the task's officer and the
 * agency's focal point (in their own language), a request and a blocker tell the coordinators, a
 * refusal tells the officer; each through the notice pipeline (ledger, one letter per event however
 * often the issuer runs), counted at a real SMTP server.
 */
import type { ReceivedMail, SmtpTestServer } from '@app/escalation/testing';
import { startSmtpTestServer } from '@app/escalation/testing';
import { ScannerService } from '@app/runtime';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, deleteQueueKeys, eventually, uniquePrefix } from './support/worker-process-helpers';

jest.setTimeout(90_000);

describe('workflow letters (real PostgreSQL, Redis, SMTP)', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let d: DeliveryDriver;
  let prefix: string;
  let taskId: string;
  let last = 0;

  const issue = async () => {
    await d.settle();
    return t.app.get(ScannerService).workflowOnce(t.clock.now());
  };
  const post = async (who: Parameters<TestApp['as']>[0], url: string, body: unknown) => {
    const res = await t.as(who).post(`${API}${url}`, body).expect(201);
    last = res.body.position ?? last;
    return res.body;
  };
  const mailsTo = (email: string) => smtp.messages.filter((m) => m.envelope.rcptTo.map((a) => a.toLowerCase()).includes(email));
  const waitForMails = (n: number, what: string) =>
    eventually(async () => (smtp.messages.length >= n ? smtp.messages : undefined), 20_000, what).then(
      () => new Promise((r) => setTimeout(r, 300)),
    );
  const subjects = (mails: ReceivedMail[]) => mails.map((m) => m.subject ?? '');

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    prefix = uniquePrefix('wfl');
    t = await startTestApp({
      now: '2026-01-05T09:00:00+07:00',
      env: { SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000', PUBLIC_URL: 'https://dle.example.gov.vn' },
    });
    d = new DeliveryDriver(t);
    await d.settle();
    await d.deleteAllRules();
    await t
      .as('admin')
      .put(`${API}/settings/coordinators`, { emails: ['dieuphoi@vpcp.example.org'] })
      .expect(200);
    await post('coordinator', '/agencies', agencyBody('BCA', 'Bộ Công an'));
    await post('admin', '/users', {
      email: 'dau.moi@bca.example.org',
      name: 'Lê Thị Đầu Mối',
      title: 'Chuyên viên',
      agency: 'BCA',
      roles: ['agency'],
      focalPoint: true,
      language: 'en',
    });
    await issue();
    await waitForMails(1, 'the invitation');
    smtp.clear();
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await deleteQueueKeys(prefix);
  });

  it('tells the officer and the focal point of an assignment, each in their language, once', async () => {
    taskId = (await post('coordinator', '/tasks', taskBody({ code: 'TB-WF-1', deadline: 'Q1/2026', coordinatingAgencies: [] }))).id;
    const [first, again] = [await issue(), await issue()];
    expect(first).toEqual({ issued: 1, skipped: 0 });
    expect(again).toEqual({ issued: 0, skipped: 0 });
    await waitForMails(2, 'the assignment letters');
    const officer = mailsTo('an.nguyen@bca.example.org');
    expect(subjects(officer)).toEqual([expect.stringMatching(/^V\/v giao nhiệm vụ TB-WF-1: /)]);
    expect(officer[0].text).toContain('Kính gửi: Nguyễn Văn An');
    expect(officer[0].text).toContain('Bộ Công an được giao chủ trì thực hiện nhiệm vụ dưới đây.');
    expect(officer[0].text).toContain('chậm nhất trong ngày 31/03/2026');
    expect(officer[0].text).toContain('https://dle.example.gov.vn/#/tasks/TB-WF-1');
    const focal = mailsTo('dau.moi@bca.example.org');
    expect(subjects(focal)).toEqual([expect.stringMatching(/^Task TB-WF-1 assigned: /)]);
    expect(focal[0].text).toContain('Dear: Chuyên viên Lê Thị Đầu Mối');
    const ledger = await d.settled(`taskId=${taskId}`);
    expect(ledger).toEqual([expect.objectContaining({ kind: 'workflow', ruleId: 'workflow:assigned', status: 'sent' })]);
  });

  it('tells the coordinators of a request and a blocker, and the officer of the refusal with its reason', async () => {
    smtp.clear();
    t.clock.set('2026-01-20T10:00:00+07:00');
    const request = await post('bca', `/tasks/${taskId}/extension-requests`, {
      proposedDeadline: 'Q2/2026',
      reason: 'Chờ ý kiến thẩm định',
    });
    await post('bca', `/tasks/${taskId}/blockers`, { description: 'Thiếu kinh phí triển khai' });
    expect((await issue()).issued).toBe(2);
    await waitForMails(2, 'the coordinators’ letters');
    const coordinators = mailsTo('dieuphoi@vpcp.example.org');
    expect(subjects(coordinators).sort()).toEqual([
      'V/v Bộ Công an đề nghị gia hạn nhiệm vụ TB-WF-1',
      'V/v khó khăn, vướng mắc khi thực hiện nhiệm vụ TB-WF-1',
    ]);
    const asked = coordinators.find((m) => m.subject?.includes('gia hạn'))!;
    expect(asked.text).toContain('Lý do: Chờ ý kiến thẩm định.');
    expect(asked.text).toContain('Đề nghị xem xét, chấp thuận hoặc không chấp thuận');

    smtp.clear();
    await post('coordinator', `/tasks/${taskId}/extension-requests/${request.requestId}/refusal`, { reason: 'Không có căn cứ gia hạn' });
    expect((await issue()).issued).toBe(1);
    await waitForMails(2, 'the refusal letters');
    const refused = mailsTo('an.nguyen@bca.example.org');
    expect(subjects(refused)).toEqual(['V/v không chấp thuận gia hạn nhiệm vụ TB-WF-1']);
    expect(refused[0].text).toContain('Lý do: Không có căn cứ gia hạn.');
    expect(subjects(mailsTo('dau.moi@bca.example.org'))).toEqual(['Extension of task TB-WF-1 refused']);
    expect(mailsTo('dieuphoi@vpcp.example.org')).toEqual([]);
  });

  it('does not announce events recorded more than a day before the issuer sees them', async () => {
    await post('bca', `/tasks/${taskId}/blockers`, { description: 'Vướng mắc cũ' });
    t.clock.set('2026-01-22T10:00:01+07:00');
    expect(await issue()).toEqual({ issued: 0, skipped: 1 });
  });
});
