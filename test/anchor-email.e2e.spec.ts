/**
 * Anchors published outside the database (issue 16): each scheduled anchor is emailed to the
 * auditors (ANCHOR_EMAILS), and the line in that email, pasted back, proves the history.
 */
import { startSmtpTestServer, type SmtpTestServer } from '@app/escalation/testing';
import { TestApp, startTestApp } from './support/test-app';

const AUDITORS = ['thanh-tra@chinhphu.example.org', 'kiem-toan@kta.example.org'];

describe('anchors emailed to the auditors', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    // no anchor yet and a daily interval: the worker anchors at start, and emails it
    t = await startTestApp({
      env: { SCAN_INTERVAL_MS: '3600000', ANCHOR_INTERVAL_HOURS: '24', ANCHOR_EMAILS: AUDITORS.join(', '), SMTP_URL: smtp.url },
    });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('sends the signed anchor, without its stream heads, which verifies when pasted back', async () => {
    const [mail] = await smtp.waitFor(1, 15_000);
    expect(mail.envelope.rcptTo.sort()).toEqual([...AUDITORS].sort());
    expect(mail.subject).toMatch(/^V\/v mốc kiểm chứng lịch sử \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(anchor [0-9a-f]{12}\)$/);
    const text = mail.text ?? '';
    expect(text.indexOf('Kính gửi')).toBeLessThan(text.indexOf('An anchor of the history'));
    const line = text.split('\n').find((l) => l.startsWith('{"format":"dle-anchor/1"'));
    const pasted = JSON.parse(line as string);
    expect(pasted.leaves).toBeUndefined();
    const [stored] = (await t.as('auditor').get('/api/v1/audit/anchors').expect(200)).body.items;
    const { leaves: _leaves, ...signed } = stored;
    expect(pasted).toEqual(signed);
    expect(mail.headers.get('x-dle-anchor-root')).toBe(stored.root);

    const { body: key } = await t.as('auditor').get('/api/v1/audit/anchors/public-key').expect(200);
    const verified = await t
      .as('auditor')
      .post('/api/v1/audit/verify', { anchors: [pasted], publicKey: key.publicKey })
      .expect(200);
    expect(verified.body.anchors).toEqual([expect.objectContaining({ ok: true, failures: [] })]);
    const forged = await t
      .as('auditor')
      .post('/api/v1/audit/verify', { anchors: [{ ...pasted, events: pasted.events + 1 }], publicKey: key.publicKey })
      .expect(200);
    expect(forged.body.anchors[0].ok).toBe(false);
  });
});
