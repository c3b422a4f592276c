/**
 * The webhook channel end to end: an agency's notices are also POSTed, signed, to a real HTTP
 * receiver on this machine that checks the signature the way a ministry's system would; a
 * refusing endpoint (per rule) is recorded as its own failed delivery while the letter stands.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@app/escalation';
import { startSmtpTestServer, type SmtpTestServer } from '@app/escalation/testing';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, deleteQueueKeys, eventually, ruleBody, uniquePrefix } from './support/worker-process-helpers';

jest.setTimeout(60_000);

const SECRET = 'bca-webhook-secret-for-tests-only';
const SECRET_ENV = 'DLE_TEST_BCA_WEBHOOK_SECRET';
const REFUSING_SECRET_ENV = 'DLE_TEST_REFUSING_WEBHOOK_SECRET';

interface Received {
  path: string;
  verified: boolean;
  idempotencyKey: string | undefined;
  body: any;
}

/** A receiver that verifies every request; `/bca` answers 503 once (then 204), `/refuse` 400. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  let bcaCalls = 0;
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const verified = verifyWebhook(
        SECRET,
        raw,
        req.headers['x-dle-signature'] as string | undefined,
        Math.floor(Date.now() / 1000),
        10 * 365 * 86400,
      );
      received.push({
        path: req.url ?? '',
        verified,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        body: JSON.parse(raw),
      });
      if (!verified) return res.writeHead(401).end();
      if (req.url === '/refuse') return res.writeHead(400).end('no');
      bcaCalls++;
      res.writeHead(bcaCalls === 1 ? 503 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the signed webhook channel', () => {
  let smtp: SmtpTestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let t: TestApp;
  let d: DeliveryDriver;
  let prefix: string;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    receiver = await startReceiver();
    process.env[SECRET_ENV] = SECRET;
    process.env[REFUSING_SECRET_ENV] = SECRET;
    prefix = uniquePrefix('hook');
    const webhooks = [
      { agency: 'BCA', url: `${receiver.url}/bca`, secretEnv: SECRET_ENV },
      { rule: 'due-day', url: `${receiver.url}/refuse`, secretEnv: REFUSING_SECRET_ENV },
      // a named target: only the rules that list it in their body send to it
      { name: 'vpcp-chat', url: `${receiver.url}/chat`, secretEnv: SECRET_ENV },
    ];
    t = await startTestApp({
      now: '2026-01-05T09:00:00+07:00',
      env: {
        SMTP_URL: smtp.url,
        QUEUE_PREFIX: prefix,
        SCAN_INTERVAL_MS: '3600000',
        NOTICE_WEBHOOKS: JSON.stringify(webhooks),
        MAIL_OFFICE_NAME: 'VĂN PHÒNG CHÍNH PHỦ',
        MAIL_OFFICE_SIGNER: 'TL. BỘ TRƯỞNG, CHỦ NHIỆM',
        MAIL_OFFICE_CONTACT: 'Đ/c Trần Văn Bình, ĐT: 080.43162',
        MAIL_REPLY_TO: 'theodoi@vpcp.example.gov.vn',
      },
    });
    d = new DeliveryDriver(t);
    d.setRetry({ attempts: 5, backoffMs: 200 });
    await d.settle();
    await d.deleteAllRules();
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t
      .as('admin')
      .post(`${API}/reminder-rules`, ruleBody('due-day', { offset: { amount: 0, unit: 'days' }, sendWindow: null }))
      .expect(201);
    await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'WH-001', deadline: '2026-01-20', coordinatingAgencies: [] }))
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await deleteQueueKeys(prefix);
    await receiver?.close();
    await smtp?.stop();
    delete process.env[SECRET_ENV];
    delete process.env[REFUSING_SECRET_ENV];
  });

  it('posts the notice as signed JSON after the letter, retries a 503, and records each endpoint’s outcome', async () => {
    await d.scanAt('2026-01-20T09:00:00+07:00');
    const [mail] = await smtp.waitFor(1);
    const [notice] = await d.settled('taskId=WH-001');
    expect(notice.status).toBe('sent');
    const events = await eventually(
      async () => {
        const list = await d.noticeEvents(notice.id);
        return list.filter((e) => e.type.startsWith('NoticeWebhook')).length === 2 ? list : undefined;
      },
      20_000,
      'both webhook outcomes recorded',
    );

    const toBca = receiver.received.filter((r) => r.path === '/bca');
    expect(toBca).toHaveLength(2); // the 503, then the accepted retry
    expect(toBca.every((r) => r.verified)).toBe(true);
    expect(toBca[1].idempotencyKey).toBe(mail.messageId);
    expect(toBca[1].body.notice).toMatchObject({
      noticeId: notice.id,
      ruleId: 'due-day',
      kind: notice.kind,
      subject: mail.subject,
      tasks: [expect.objectContaining({ code: 'WH-001', leadAgency: 'BCA' })],
    });
    expect(events.find((e) => e.type === 'NoticeWebhookDelivered')?.data).toEqual({
      noticeId: notice.id,
      target: `${receiver.url}/bca`,
      attempts: 2,
      response: 'HTTP 204',
    });
    // 400 is the receiver refusing the notice: not retried, recorded, the letter stands.
    expect(receiver.received.filter((r) => r.path === '/refuse')).toHaveLength(1);
    expect(events.find((e) => e.type === 'NoticeWebhookFailed')?.data).toEqual({
      noticeId: notice.id,
      target: `${receiver.url}/refuse`,
      error: `webhook ${receiver.url}/refuse answered 400`,
    });
    expect(events.filter((e) => e.type === 'NoticeDelivered')).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
  });

  it('signs the letter with the issuing office from settings and answers go to the monitored Reply-To', () => {
    const [mail] = smtp.messages;
    expect(mail.replyTo?.value.map((a) => a.address)).toEqual(['theodoi@vpcp.example.gov.vn']);
    for (const line of ['VĂN PHÒNG CHÍNH PHỦ', 'TL. BỘ TRƯỞNG, CHỦ NHIỆM', 'Đầu mối liên hệ: Đ/c Trần Văn Bình, ĐT: 080.43162']) {
      expect(mail.text).toContain(line);
    }
    expect(mail.text).toContain('ý kiến phản hồi xin gửi về theodoi@vpcp.example.gov.vn');
    expect(mail.text).not.toContain('đề nghị không trả lời');
  });

  it("gives the webhook an escalation letter without the addressee's acknowledgement link", async () => {
    await t
      .as('admin')
      .post(`${API}/reminder-rules`, ruleBody('escalate', { offset: { amount: 1, unit: 'days' }, sendWindow: null, level: 1 }))
      .expect(201);
    const before = receiver.received.filter((r) => r.path === '/bca').length;
    await d.scanAt('2026-01-21T09:00:00+07:00');
    const mails = await smtp.waitFor(2);
    expect(mails[1].text).toContain('Xác nhận đã nhận: ');
    const posted = await eventually(async () => {
      const toBca = receiver.received.filter((r) => r.path === '/bca').slice(before);
      return toBca.length > 0 ? toBca : undefined;
    }, 20_000);
    expect(posted[0].body.notice).toMatchObject({ ruleId: 'escalate', level: 1, subject: mails[1].subject });
    expect(posted[0].body.notice.text).toContain('WH-001');
    expect(JSON.stringify(posted[0].body)).not.toContain('acknowledgements');
    expect(JSON.stringify(posted[0].body)).not.toContain('Xác nhận đã nhận');
  });

  it('lets an admin route a rule to a named target in the rule itself, refusing a name that is not configured', async () => {
    const targets = await t.as('admin').get(`${API}/settings/webhook-targets`).expect(200);
    expect(targets.body).toEqual({ targets: [{ name: 'vpcp-chat', url: `${receiver.url}/chat` }] });
    expect(JSON.stringify(targets.body)).not.toContain(SECRET);

    const unknown = await t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('to-chat', { offset: { amount: 2, unit: 'days' }, sendWindow: null, webhooks: ['vpcp-chat', 'khong-co'] }),
      )
      .expect(400);
    expect(unknown.body.error.details).toEqual([{ field: 'webhooks[1]', message: '"khong-co" is not a configured webhook target' }]);

    const saved = await t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('to-chat', { offset: { amount: 2, unit: 'days' }, sendWindow: null, webhooks: ['vpcp-chat'] }),
      )
      .expect(201);
    expect(saved.body.webhooks).toEqual(['vpcp-chat']);
    expect(receiver.received.filter((r) => r.path === '/chat')).toHaveLength(0); // no rule listed it before
    await d.scanAt('2026-01-22T09:00:00+07:00');
    const posted = await eventually(async () => {
      const toChat = receiver.received.filter((r) => r.path === '/chat');
      return toChat.length > 0 ? toChat : undefined;
    }, 20_000);
    expect(posted).toHaveLength(1);
    expect(posted[0].verified).toBe(true);
    expect(posted[0].body.notice).toMatchObject({ ruleId: 'to-chat', tasks: [expect.objectContaining({ code: 'WH-001' })] });
  });
});
