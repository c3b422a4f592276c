import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleParser } from 'mailparser';
import { aNoticeMail, aNoticeTask } from '@app/escalation/testing';
import { messageIdFor } from './message-id';
import { PermanentMailError, TemporaryMailError, createMailTransport, type MailTransport, type OutgoingMail } from './mail-transport';
import { renderNoticeMail } from './render-notice-mail';
import type { NoticeMail } from './notice-mail.types';

function outgoing(mail: NoticeMail = aNoticeMail(), overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    messageId: messageIdFor(mail.noticeId, 'localhost'),
    from: '"Hệ thống theo dõi nhiệm vụ" <no-reply@localhost>',
    to: ['vanphong@bca.gov.vn'],
    ...renderNoticeMail(mail, { publicUrl: 'http://localhost:3000' }),
    ...overrides,
  };
}

describe('outbox mail transport (SMTP_URL unset)', () => {
  let dataDir: string;
  let outboxDir: string;
  let transport: MailTransport;

  beforeEach(async () => {
    dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dle-outbox-'));
    outboxDir = path.join(dataDir, 'outbox');
    transport = createMailTransport({ outboxDir });
  });
  afterEach(async () => {
    await transport.close();
    await fsp.rm(dataDir, { recursive: true, force: true });
  });

  it('writes the email as an .eml file named after its Message-ID, creating the folder', async () => {
    const msg = outgoing();
    const result = await transport.send(msg);

    expect(transport.kind).toBe('outbox');
    expect(await fsp.readdir(outboxDir)).toEqual(['task-0b7c6a1e%2Erule-r1%2Ev2%2E0@localhost.eml']);
    expect(result).toMatchObject({ messageId: msg.messageId, accepted: ['vanphong@bca.gov.vn'], rejected: [] });
    expect(result.response).toContain(outboxDir);
  });

  it('writes an RFC 822 message that parses back to the same Vietnamese subject, text and HTML', async () => {
    const msg = outgoing();
    await transport.send(msg);
    const raw = await fsp.readFile(path.join(outboxDir, (await fsp.readdir(outboxDir))[0]));
    const parsed = await simpleParser(raw);

    expect(raw.toString('latin1')).toMatch(/\r\n\r\n/);
    expect(parsed.messageId).toBe(msg.messageId);
    expect(parsed.subject).toBe('V/v đôn đốc thực hiện nhiệm vụ NQ71-012, hạn 31/01/2026, đã quá hạn 5 ngày');
    expect(parsed.text).toBe(msg.text);
    expect(parsed.html).toBe(msg.html);
  });

  it('overwrites the same file when the same notice is sent again, leaving no temp files', async () => {
    await transport.send(outgoing(aNoticeMail({ tasks: [aNoticeTask({ title: 'Lần gửi thứ nhất' })] })));
    await transport.send(outgoing(aNoticeMail({ tasks: [aNoticeTask({ title: 'Lần gửi thứ hai' })] })));

    const files = await fsp.readdir(outboxDir);
    expect(files).toHaveLength(1);
    const parsed = await simpleParser(await fsp.readFile(path.join(outboxDir, files[0])));
    expect(parsed.text).toContain('Lần gửi thứ hai');
  });

  it('writes one file per Message-ID', async () => {
    await Promise.all(['n-1', 'n-2', 'n-3', 'n-1'].map((id) => transport.send(outgoing(aNoticeMail({ noticeId: id })))));
    expect((await fsp.readdir(outboxDir)).sort()).toEqual(['n-1@localhost.eml', 'n-2@localhost.eml', 'n-3@localhost.eml']);
  });

  it('applies the same CR/LF and address checks as SMTP', async () => {
    await expect(transport.send(outgoing(undefined, { subject: 'a\r\nBcc: x@evil.example' }))).rejects.toBeInstanceOf(PermanentMailError);
    await expect(transport.send(outgoing(undefined, { to: ['x@evil.example\nBcc: y@evil.example'] }))).rejects.toBeInstanceOf(
      PermanentMailError,
    );
    await expect(fsp.readdir(outboxDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('verify() creates the outbox folder', async () => {
    await transport.verify();
    expect((await fsp.stat(outboxDir)).isDirectory()).toBe(true);
  });

  it('reports an unwritable outbox as a TemporaryMailError', async () => {
    const blocker = path.join(dataDir, 'not-a-dir');
    await fsp.writeFile(blocker, 'x');
    const broken = createMailTransport({ outboxDir: path.join(blocker, 'outbox') });
    await expect(broken.send(outgoing())).rejects.toBeInstanceOf(TemporaryMailError);
    await expect(broken.verify()).rejects.toBeInstanceOf(TemporaryMailError);
  });
});
