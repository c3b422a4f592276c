/**
 * Scheduled reports end to end: an admin sets "the 25th of each month at 08:00"; at the run the
 * worker publishes the edition as of that moment and mails its official report (DOCX and PDF)
 * through the notice pipeline to a real SMTP server: one letter per run however often the pass
 * runs, in the ledger, with both files readable (mammoth, pdftotext).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import mammoth from 'mammoth';
import { ScannerService } from '@app/runtime';
import type { SmtpTestServer } from '@app/escalation/testing';
import { startSmtpTestServer } from '@app/escalation/testing';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, deleteQueueKeys, eventually, uniquePrefix } from './support/worker-process-helpers';

jest.setTimeout(90_000);
const OUT = path.join(__dirname, '..', 'test-output', 'report-schedules');

const schedule = {
  id: 'bao-cao-thang',
  name: 'Báo cáo tháng gửi Lãnh đạo Văn phòng',
  dayOfMonth: 25,
  time: '08:00',
  title: 'Báo cáo tình hình thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao',
  recipients: ['lanhdao@vpcp.example.org', 'vu.tonghop@vpcp.example.org'],
};

describe('scheduled reports (real PostgreSQL, Redis, SMTP)', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let d: DeliveryDriver;
  let prefix: string;
  const runs = () => t.app.get(ScannerService);

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    prefix = uniquePrefix('rpt');
    t = await startTestApp({
      now: '2026-01-05T09:00:00+07:00',
      env: { SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000', MAIL_OFFICE_NAME: 'Văn phòng Chính phủ' },
    });
    d = new DeliveryDriver(t);
    await d.settle();
    await d.deleteAllRules();
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'LB-1', deadline: '2026-01-15', coordinatingAgencies: [] }))
      .expect(201);
    await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'LB-2', deadline: '2026-03-31', coordinatingAgencies: [] }))
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await deleteQueueKeys(prefix);
  });

  it('refuses a bad schedule naming each field, and lets only admins set it', async () => {
    const bad = await t
      .as('admin')
      .put(`${API}/settings/report-schedules`, { schedules: [{ ...schedule, time: '8h', dayOfMonth: 32, recipients: [] }] })
      .expect(400);
    const fields = JSON.stringify(bad.body);
    for (const f of ['schedules[0].time', 'schedules[0].dayOfMonth', 'schedules[0].recipients']) expect(fields).toContain(f);
    await t
      .as('coordinator')
      .put(`${API}/settings/report-schedules`, { schedules: [schedule] })
      .expect(403);
  });

  it('publishes the edition and mails its DOCX and PDF once per run, through the ledger', async () => {
    t.clock.set('2026-01-20T10:00:00+07:00');
    const set = await t
      .as('admin')
      .put(`${API}/settings/report-schedules`, { schedules: [schedule] })
      .expect(200);
    const view = await t.as('coordinator').get(`${API}/settings/report-schedules?minPosition=${set.body.position}`).expect(200);
    expect(view.body.nextRuns).toEqual(['2026-01-25T08:00:00.000+07:00']);

    t.clock.set('2026-01-25T07:59:00+07:00');
    await d.settle();
    expect(await runs().reportsOnce(t.clock.now())).toEqual({ published: 0, issued: 0 });

    t.clock.set('2026-01-25T08:03:00+07:00');
    await d.settle();
    // two passes at once (a second worker, a retried tick): one edition, one letter
    const [a, b] = await Promise.all([runs().reportsOnce(t.clock.now()), runs().reportsOnce(t.clock.now())]);
    expect(a.issued + b.issued).toBe(1);
    expect(a.published + b.published).toBe(1);
    expect(await runs().reportsOnce(t.clock.now())).toEqual({ published: 0, issued: 0 });

    const [notice] = await d.settled(`status=sent`, 30_000).then((items) => items.filter((n) => n.ruleId === 'schedule:bao-cao-thang'));
    expect(notice).toMatchObject({ status: 'sent', recipients: expect.any(Array) });
    const mails = await eventually(async () => (smtp.messages.length > 0 ? smtp.messages : undefined), 15_000, 'the report letter');
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail.envelope.rcptTo.sort()).toEqual([...schedule.recipients].sort());
    expect(mail.subject).toBe(`V/v gửi ${schedule.title}, số liệu tính đến ngày 25/01/2026`);
    expect(mail.text).toContain('tổng số 2 nhiệm vụ; đã hoàn thành 0 nhiệm vụ (đúng hạn 0, trễ hạn 0); vẫn còn 1 nhiệm vụ quá hạn');
    const names = mail.attachments.map((f) => f.filename).sort();
    expect(names).toEqual([expect.stringMatching(/^bao-cao-2026-01-25-[0-9a-f]{8}\.docx$/), expect.stringMatching(/\.pdf$/)]);

    const editions = (await t.as('auditor').get(`${API}/reports/editions`).expect(200)).body as any[];
    expect(editions).toHaveLength(1);
    expect(editions[0]).toMatchObject({ title: schedule.title, asOf: '2026-01-25T08:00:00.000+07:00' });
    const edition = (await t.as('auditor').get(`${API}/reports/editions/${editions[0].id}`).expect(200)).body;
    expect(edition.publishedBy).toBe('Lịch báo cáo định kỳ');

    mkdirSync(OUT, { recursive: true });
    const docx = mail.attachments.find((f) => f.filename!.endsWith('.docx'))!;
    const pdf = mail.attachments.find((f) => f.filename!.endsWith('.pdf'))!;
    const word = (await mammoth.extractRawText({ buffer: docx.content })).value;
    expect(word).toContain('BÁO CÁO');
    expect(word).toContain(edition.chainHead.root);
    const pdfFile = path.join(OUT, pdf.filename!);
    writeFileSync(pdfFile, pdf.content);
    const pdfText = execFileSync('pdftotext', ['-layout', pdfFile, '-']).toString('utf8').replace(/\s+/g, ' ');
    expect(pdfText).toContain('Văn phòng Chính phủ'.toUpperCase());
    expect(pdfText).toContain(edition.id);
    writeFileSync(path.join(OUT, 'thu-bao-cao.html'), mail.html || '');
  });

  it('runs again the next month, and not for a month that passed before the schedule was set', async () => {
    smtp.clear();
    t.clock.set('2026-02-25T09:30:00+07:00');
    await d.settle();
    expect(await runs().reportsOnce(t.clock.now())).toEqual({ published: 1, issued: 1 });
    await eventually(async () => (smtp.messages.length === 1 ? true : undefined), 15_000, "February's letter");
    expect(smtp.messages[0].subject).toContain('25/02/2026');

    // a schedule set on the 26th does not publish the 25th after the fact
    t.clock.set('2026-03-26T10:00:00+07:00');
    await t
      .as('admin')
      .put(`${API}/settings/report-schedules`, { schedules: [schedule] })
      .expect(200);
    await d.settle();
    expect(await runs().reportsOnce(t.clock.now())).toEqual({ published: 0, issued: 0 });
  });
});
