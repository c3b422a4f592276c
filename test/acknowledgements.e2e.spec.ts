/**
 * Signed single-use acknowledgement links (issue 12): each escalation letter carries
 * "Xác nhận đã nhận" → PUBLIC_URL/api/v1/acknowledgements/{token}; GET shows the page, POST
 * records NoticeAcknowledged on the notice stream once; a used link is 409, a forged or altered
 * one 400, an expired one 410 (the injected clock), and nothing is recorded on a refusal. The
 * ledger shows acknowledgedAt / acknowledgedBy. Real PostgreSQL, Redis and an SMTP server.
 */
import request from 'supertest';
import { startSmtpTestServer, type SmtpTestServer, type ReceivedMail } from '@app/escalation/testing';
import { keepsContract } from './support/openapi-contract';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, deleteQueueKeys, ruleBody, uniquePrefix } from './support/worker-process-helpers';

const HEAD = 'head@bca.example.org';
const PUBLIC_URL = 'https://theodoi.example.gov.vn';

describe('acknowledgement links', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let d: DeliveryDriver;
  const prefix = uniquePrefix('ack');
  /** task code → the link of its escalation letter */
  const links = new Map<string, string>();
  /** task code → its escalation notice id */
  const notices = new Map<string, string>();
  const server = () => t.app.getHttpServer();
  const pathOf = (link: string) => new URL(link).pathname;
  const page = (method: 'get' | 'post', link: string) => request(server())[method](pathOf(link)).set('Accept', 'text/html,*/*;q=0.8');
  // JSON answers are held against the OpenAPI document, as every suite's are
  const json = (method: 'get' | 'post', link: string) =>
    request(server())
      [method](pathOf(link))
      .set('Accept', 'application/json')
      .expect(keepsContract(method, pathOf(link)));
  const acknowledgedEvents = async (noticeId: string) => (await d.noticeEvents(noticeId)).filter((e) => e.type === 'NoticeAcknowledged');

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({
      now: '2026-03-01T08:00:00+07:00',
      env: { SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000', PUBLIC_URL },
    });
    d = new DeliveryDriver(t);
    await d.settle();
    await d.deleteAllRules();
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('escalate-head', { offset: { amount: 1, unit: 'days' }, recipients: ['agency_head'], level: 1 }),
      )
      .expect(201);
    await t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('remind-officer', { offset: { amount: 1, unit: 'days' }, recipients: ['assignee'], level: 0 }),
      )
      .expect(201);
    for (const code of ['NQ71-801', 'NQ71-802', 'NQ71-803']) {
      await t
        .as('coordinator')
        .post(`${API}/tasks`, taskBody({ code, deadline: '2026-03-09', coordinatingAgencies: [] }))
        .expect(201);
    }
    await d.scanAt('2026-03-10T09:00:00+07:00');
    const mails = await smtp.waitFor(6, 20_000);
    for (const notice of await d.settled()) {
      if (notice.ruleId === 'escalate-head') notices.set(notice.taskCodes[0], notice.id);
    }
    for (const mail of mails.filter((m: ReceivedMail) => m.envelope.rcptTo.includes(HEAD))) {
      const code = /NQ71-80\d/.exec(mail.subject ?? '')![0];
      const line = (mail.text ?? '').split('\n').find((l) => l.startsWith('Xác nhận đã nhận: '));
      links.set(code, line!.slice('Xác nhận đã nhận: '.length).trim());
    }
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await deleteQueueKeys(prefix);
  });

  it('puts a signed link under PUBLIC_URL into each escalation letter, in both parts (Vietnamese only by default), and none into reminders', () => {
    expect([...links.keys()].sort()).toEqual(['NQ71-801', 'NQ71-802', 'NQ71-803']);
    for (const link of links.values())
      expect(link).toMatch(/^https:\/\/theodoi\.example\.gov\.vn\/api\/v1\/acknowledgements\/[\w-]+\.[\w-]+$/);
    const letter = smtp.messages.find((m) => m.envelope.rcptTo.includes(HEAD) && m.subject?.includes('NQ71-801'))!;
    expect(letter.text).toContain(`Xác nhận đã nhận: ${links.get('NQ71-801')}`);
    expect(letter.text).not.toContain('Acknowledge receipt');
    expect(letter.html).toContain(`<a href="${links.get('NQ71-801')}">Xác nhận đã nhận</a>`);
    const reminders = smtp.messages.filter((m) => !m.envelope.rcptTo.includes(HEAD));
    expect(reminders).toHaveLength(3);
    for (const reminder of reminders) expect(reminder.text).not.toContain('acknowledgements');
  });

  it('shows a Vietnamese page with the button on GET, records nothing, and answers JSON to an API client', async () => {
    const link = links.get('NQ71-801')!;
    const shown = await page('get', link).expect(200);
    expect(shown.headers['content-type']).toMatch(/^text\/html/);
    expect(shown.text).toContain('<form method="post">');
    expect(shown.text).toContain('Xác nhận đã nhận</button>');
    expect(shown.text).toContain('NQ71-801');
    const answer = await json('get', link).expect(200);
    expect(answer.body).toMatchObject({
      noticeId: notices.get('NQ71-801'),
      recipient: HEAD,
      level: 1,
      taskCodes: ['NQ71-801'],
      acknowledgedAt: null,
    });
    expect(await acknowledgedEvents(notices.get('NQ71-801')!)).toHaveLength(0);
  });

  it('refuses a forged or altered link with 400 and records nothing', async () => {
    const link = links.get('NQ71-801')!;
    const [payload, signature] = pathOf(link).split('/').pop()!.split('.');
    const otherPayload = pathOf(links.get('NQ71-802')!).split('/').pop()!.split('.')[0];
    const flip = (s: string) => (s[4] === 'A' ? `${s.slice(0, 4)}B${s.slice(5)}` : `${s.slice(0, 4)}A${s.slice(5)}`);
    for (const token of [`${payload}.${flip(signature)}`, `${otherPayload}.${signature}`, `${flip(payload)}.${signature}`, 'not-a-token']) {
      const url = `${PUBLIC_URL}/api/v1/acknowledgements/${token}`;
      const refused = await page('post', url).expect(400);
      expect(refused.text).toContain('Đường dẫn xác nhận không hợp lệ');
      const error = await json('post', url).expect(400);
      expect(error.body.error).toMatchObject({ code: 'acknowledgement_invalid', message: expect.stringContaining('không hợp lệ') });
      await json('get', url).expect(400);
    }
    expect(await acknowledgedEvents(notices.get('NQ71-801')!)).toHaveLength(0);
    expect(await acknowledgedEvents(notices.get('NQ71-802')!)).toHaveLength(0);
  });

  it('records the acknowledgement once on POST; the link used again is 409 and records nothing more', async () => {
    const link = links.get('NQ71-801')!;
    t.clock.set('2026-03-11T10:30:00+07:00');
    // as the page's button posts it: a form with no field
    const confirmed = await page('post', link).type('form').send('').expect(200);
    expect(confirmed.text).toContain('Đã ghi nhận việc đồng chí xác nhận đã nhận thư');
    expect(confirmed.text).toContain('10:30 ngày 11/03/2026');
    const events = await acknowledgedEvents(notices.get('NQ71-801')!);
    expect(events).toEqual([
      { type: 'NoticeAcknowledged', data: { noticeId: notices.get('NQ71-801'), recipient: HEAD, at: '2026-03-11T03:30:00.000Z' } },
    ]);
    const again = await page('post', link).expect(409);
    expect(again.text).toContain('Việc nhận thư này đã được xác nhận trước đó');
    const againJson = await json('post', link).expect(409);
    expect(againJson.body.error.code).toBe('acknowledgement_used');
    await page('get', link).expect(409);
    expect(await acknowledgedEvents(notices.get('NQ71-801')!)).toHaveLength(1);
  });

  it('lets only one of two clicks at the same moment through (the stream version decides)', async () => {
    const link = links.get('NQ71-803')!;
    const answers = await Promise.all([json('post', link), json('post', link), json('post', link)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(await acknowledgedEvents(notices.get('NQ71-803')!)).toHaveLength(1);
    const ok = answers.find((a) => a.status === 200)!;
    expect(ok.body).toMatchObject({ noticeId: notices.get('NQ71-803'), recipient: HEAD, acknowledgedAt: '2026-03-11T10:30:00.000+07:00' });
    expect(ok.body.position).toBeGreaterThan(0);
  });

  it('shows acknowledgedAt and acknowledgedBy in the ledger', async () => {
    const list = await d.notifications();
    const byTask = (code: string, rule: string) => list.find((n) => n.taskCodes[0] === code && n.ruleId === rule) as any;
    expect(byTask('NQ71-801', 'escalate-head')).toMatchObject({ acknowledgedAt: '2026-03-11T10:30:00.000+07:00', acknowledgedBy: HEAD });
    expect(byTask('NQ71-802', 'escalate-head')).toMatchObject({ acknowledgedAt: null, acknowledgedBy: null });
    expect(byTask('NQ71-801', 'remind-officer')).toMatchObject({ acknowledgedAt: null });
    // the task shows its letters with their acknowledgements, now and as of a moment before it
    const { body: task } = await t.as('bca').get(`${API}/tasks/NQ71-801`).expect(200);
    expect(task.letters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          noticeId: notices.get('NQ71-801'),
          ruleId: 'escalate-head',
          level: 1,
          acknowledgedAt: '2026-03-11T10:30:00.000+07:00',
          acknowledgedBy: HEAD,
        }),
        expect.objectContaining({ ruleId: 'remind-officer', level: 0, acknowledgedAt: null }),
      ]),
    );
    expect(task.letters).toHaveLength(2);
    const before = await t
      .as('bca')
      .get(`${API}/tasks/NQ71-801?asOf=${encodeURIComponent('2026-03-11T10:00:00+07:00')}`)
      .expect(200);
    expect(before.body.letters.find((l: { ruleId: string }) => l.ruleId === 'escalate-head')).toMatchObject({ acknowledgedAt: null });
  });

  it('refuses an expired link with 410 (ACK_TTL_DAYS, 14 days by default, from the fire time) and records nothing', async () => {
    const link = links.get('NQ71-802')!;
    // fired 10/03 at 08:00, the opening of the rule's send window: the link works until 24/03 08:00
    const [notice] = (await d.notifications()).filter((n) => n.id === notices.get('NQ71-802'));
    expect(notice.fireAt).toBe('2026-03-10T08:00:00.000+07:00');
    t.clock.set('2026-03-24T07:59:59+07:00');
    await json('get', link).expect(200);
    t.clock.set('2026-03-24T08:00:00+07:00');
    const expired = await page('post', link).expect(410);
    expect(expired.text).toContain('Đường dẫn xác nhận đã hết hạn');
    const error = await json('post', link).expect(410);
    expect(error.body.error.code).toBe('acknowledgement_expired');
    await page('get', link).expect(410);
    expect(await acknowledgedEvents(notices.get('NQ71-802')!)).toHaveLength(0);
  });
});
