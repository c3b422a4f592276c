import * as net from 'node:net';
import { aNoticeMail, aNoticeTask, startSmtpTestServer, type SmtpTestServer } from '@app/escalation/testing';
import { messageIdFor } from './message-id';
import { PermanentMailError, TemporaryMailError, createMailTransport, type MailTransport, type OutgoingMail } from './mail-transport';
import { renderNoticeMail } from './render-notice-mail';
import type { NoticeMail } from './notice-mail.types';

const FROM = '"Hệ thống theo dõi nhiệm vụ" <no-reply@vpcp.gov.vn>';
const TO = 'vanphong@bca.gov.vn';

function outgoing(mail: NoticeMail = aNoticeMail(), overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  const rendered = renderNoticeMail(mail, { publicUrl: 'https://theodoi.example.gov.vn' });
  return {
    messageId: messageIdFor(mail.noticeId, 'vpcp.gov.vn'),
    from: FROM,
    to: [TO],
    ...rendered,
    headers: { 'X-DLE-Notice-Id': mail.noticeId },
    ...overrides,
  };
}

describe('SMTP mail transport against a real SMTP server', () => {
  let smtp: SmtpTestServer;
  let transport: MailTransport;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    await smtp.stop();
  });
  beforeEach(async () => {
    if (!smtp.running) await smtp.restart();
    smtp.clear();
    transport = createMailTransport({
      smtpUrl: smtp.url,
      outboxDir: '/nonexistent',
      connectionTimeoutMs: 2_000,
      greetingTimeoutMs: 2_000,
      socketTimeoutMs: 5_000,
    });
  });
  afterEach(async () => {
    await transport.close();
  });

  it('delivers a notice whose Vietnamese subject, text and HTML arrive exactly as rendered', async () => {
    const msg = outgoing();
    const result = await transport.send(msg);

    const [received] = await smtp.waitFor(1);
    expect(received.subject).toBe('V/v đôn đốc thực hiện nhiệm vụ NQ71-012, hạn 31/01/2026, đã quá hạn 5 ngày');
    expect(received.subject).toBe(msg.subject);
    expect(received.text).toBe(msg.text);
    expect(received.html).toBe(msg.html);
    expect(received.from?.value).toEqual([{ name: 'Hệ thống theo dõi nhiệm vụ', address: 'no-reply@vpcp.gov.vn' }]);
    expect(received.envelope).toEqual({ mailFrom: 'no-reply@vpcp.gov.vn', rcptTo: [TO] });
    expect(result.accepted).toEqual([TO]);
    expect(result.rejected).toEqual([]);
    expect(result.response).toMatch(/^250/);
  });

  it('sends the deterministic Message-ID, and the same one again on a resend', async () => {
    const msg = outgoing();
    const first = await transport.send(msg);
    const again = await transport.send(outgoing());

    const received = await smtp.waitFor(2);
    expect(first.messageId).toBe('<task-0b7c6a1e%2Erule-r1%2Ev2%2E0@vpcp.gov.vn>');
    expect(again.messageId).toBe(first.messageId);
    expect(received.map((m) => m.messageId)).toEqual([first.messageId, first.messageId]);
  });

  it('carries the caller headers and marks the mail as auto-generated', async () => {
    await transport.send(outgoing());
    const [received] = await smtp.waitFor(1);
    expect(received.headers.get('x-dle-notice-id')).toBe('task-0b7c6a1e.rule-r1.v2.0');
    expect(received.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('delivers a digest to several recipients, most late task first', async () => {
    const tasks = [
      aNoticeTask({ taskId: 't1', code: 'A-1', due: new Date('2026-01-31T23:59:59.999+07:00') }),
      aNoticeTask({ taskId: 't2', code: 'A-2', due: new Date('2026-01-10T23:59:59.999+07:00') }),
    ];
    const msg = outgoing(aNoticeMail({ noticeId: 'digest-1', tasks }), { to: [TO, '"Bộ trưởng" <bt@bca.gov.vn>'] });
    await transport.send(msg);
    const [received] = await smtp.waitFor(1);
    expect(received.subject).toBe('V/v đôn đốc thực hiện 2 nhiệm vụ quá hạn');
    expect(received.envelope.rcptTo).toEqual([TO, 'bt@bca.gov.vn']);
    expect(received.text!.indexOf('1. A-2:')).toBeLessThan(received.text!.indexOf('2. A-1:'));
  });

  it('keeps a CR/LF title from injecting a header: one subject line, no Bcc, no extra recipient', async () => {
    const task = aNoticeTask({
      code: 'NQ71-012\r\nBcc: attacker@evil.example',
      title: 'x\r\nBcc: attacker@evil.example\r\n\r\n<b>body</b>',
    });
    await transport.send(outgoing(aNoticeMail({ tasks: [task] })));
    const [received] = await smtp.waitFor(1);
    expect(received.envelope.rcptTo).toEqual([TO]);
    expect(received.headers.has('bcc')).toBe(false);
    expect(received.bcc).toBeUndefined();
    expect(received.subject).not.toMatch(/[\r\n]/);
    expect(received.raw.toString('utf8')).not.toMatch(/^Bcc:/im);
  });

  it.each<[string, Partial<OutgoingMail>]>([
    ['a subject', { subject: 'V/v\r\nBcc: attacker@evil.example' }],
    ['a recipient', { to: ['vanphong@bca.gov.vn\r\nBcc: attacker@evil.example'] }],
    ['the sender', { from: 'no-reply@vpcp.gov.vn\nBcc: attacker@evil.example' }],
    ['a header value', { headers: { 'X-DLE-Notice-Id': 'n\r\nBcc: attacker@evil.example' } }],
  ])('refuses CR/LF in %s with a PermanentMailError and sends nothing', async (_what, override) => {
    await expect(transport.send(outgoing(undefined, override))).rejects.toBeInstanceOf(PermanentMailError);
    expect(smtp.messages).toHaveLength(0);
  });

  it.each<[string, Partial<OutgoingMail>]>([
    ['no recipient', { to: [] }],
    ['a malformed address', { to: ['not-an-address'] }],
    ['two addresses in one recipient', { to: ['a@x.vn, b@x.vn'] }],
    ['a structural header', { headers: { Bcc: 'attacker@evil.example' } }],
    ['a malformed Message-ID', { messageId: 'no-brackets@dle.local' }],
  ])('refuses %s with a PermanentMailError', async (_what, override) => {
    await expect(transport.send(outgoing(undefined, override))).rejects.toBeInstanceOf(PermanentMailError);
    expect(smtp.messages).toHaveLength(0);
  });

  it('reports a 550 at RCPT as a PermanentMailError carrying the reply', async () => {
    smtp.rejectNext(550, 1, 'RCPT');
    const err = await transport.send(outgoing()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentMailError);
    expect(err).toMatchObject({ responseCode: 550, kind: 'permanent' });
    expect(smtp.messages).toHaveLength(0);
  });

  it('reports a 554 after DATA as a PermanentMailError', async () => {
    smtp.rejectNext(554, 1, 'DATA');
    await expect(transport.send(outgoing())).rejects.toMatchObject({ name: 'PermanentMailError', responseCode: 554 });
  });

  it('reports a 451 as a TemporaryMailError and delivers on the retry', async () => {
    smtp.rejectNext(451, 1, 'RCPT');
    await expect(transport.send(outgoing())).rejects.toMatchObject({ name: 'TemporaryMailError', responseCode: 451 });
    await transport.send(outgoing());
    expect(await smtp.waitFor(1)).toHaveLength(1);
  });

  it('delivers to the others and reports a recipient refused for good', async () => {
    smtp.rejectRecipient('gone@bca.gov.vn', 550);
    const result = await transport.send(outgoing(undefined, { to: [TO, 'gone@bca.gov.vn'] }));
    expect(result.accepted).toEqual([TO]);
    expect(result.rejected).toEqual(['gone@bca.gov.vn']);
    const [received] = await smtp.waitFor(1);
    expect(received.envelope.rcptTo).toEqual([TO]);
  });

  it('retries the whole message when one recipient is deferred, with the same Message-ID', async () => {
    smtp.rejectRecipient('busy@bca.gov.vn', 451, 1);
    const msg = outgoing(undefined, { to: [TO, 'busy@bca.gov.vn'] });
    await expect(transport.send(msg)).rejects.toMatchObject({ name: 'TemporaryMailError', responseCode: 451 });
    await transport.send(msg);
    const received = await smtp.waitFor(2);
    expect(received.map((m) => m.envelope.rcptTo)).toEqual([[TO], [TO, 'busy@bca.gov.vn']]);
    expect(received[0].messageId).toBe(received[1].messageId);
  });

  it('fails fast with a TemporaryMailError while the server is down, then delivers once it is back', async () => {
    await transport.send(outgoing(aNoticeMail({ noticeId: 'before' })));
    await smtp.stop();

    const started = Date.now();
    const err = await transport.send(outgoing(aNoticeMail({ noticeId: 'while-down' }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporaryMailError);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(transport.verify()).rejects.toBeInstanceOf(TemporaryMailError);

    await smtp.restart();
    await transport.send(outgoing(aNoticeMail({ noticeId: 'while-down' })));
    const received = await smtp.waitFor(2);
    expect(received.map((m) => m.headers.get('x-dle-notice-id'))).toEqual(['before', 'while-down']);
  });

  it('verifies a reachable server', async () => {
    await expect(transport.verify()).resolves.toBeUndefined();
  });

  it('authenticates with credentials from SMTP_URL and never shows the password', async () => {
    const url = `smtp://mailer:${encodeURIComponent('Mật-khẩu@123')}@127.0.0.1:${smtp.port}`;
    const withAuth = createMailTransport({ smtpUrl: url, outboxDir: '/nonexistent' });
    try {
      expect(withAuth.target).toBe(`smtp://mailer:***@127.0.0.1:${smtp.port}`);
      await withAuth.send(outgoing());
      const [received] = await smtp.waitFor(1);
      expect(received.authUser).toBe('mailer');

      await smtp.stop();
      const err = (await withAuth.send(outgoing()).catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(TemporaryMailError);
      expect(`${err.message} ${err.stack}`).not.toContain('Mật-khẩu');
      expect(`${err.message} ${err.stack}`).not.toContain(encodeURIComponent('Mật-khẩu@123'));
    } finally {
      await withAuth.close();
    }
  });

  it('gives up on a server that accepts the connection but never greets, instead of stalling', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const stalled = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir: '/nonexistent', greetingTimeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(stalled.send(outgoing())).rejects.toMatchObject({ name: 'TemporaryMailError', code: 'ETIMEDOUT' });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await stalled.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses to send after close with a TemporaryMailError, so the job retries elsewhere', async () => {
    await transport.close();
    await expect(transport.send(outgoing())).rejects.toBeInstanceOf(TemporaryMailError);
  });
});
