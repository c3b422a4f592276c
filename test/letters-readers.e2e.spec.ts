/**
 * Letters that say what they are (issue 12), delivered for real: the subject names the kind
 * ("nhắc" while in time, "đôn đốc" after), the deadline, the days left or late, and the round from
 * the second letter on; the ask fits the reader (an officer completes or explains, a head directs,
 * a coordinator is told what is outstanding); Vietnamese only unless the person chose English in
 * the directory. Real PostgreSQL, Redis and an SMTP server.
 */
import type { ReceivedMail, SmtpTestServer } from '@app/escalation/testing';
import { startSmtpTestServer } from '@app/escalation/testing';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './web/support/browser';
import { ROOT } from './web/support/console-build';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, deleteQueueKeys, ruleBody, uniquePrefix } from './support/worker-process-helpers';

const EVERY_DAY = { start: '08:00', end: '17:00', workingDaysOnly: false };
const COORDINATOR = 'tonghop@vpcp.example.org';
const LETTERS = path.join(ROOT, 'test-output', 'letters');

describe('letters fitted to their reader', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let d: DeliveryDriver;
  const prefix = uniquePrefix('readers');
  /** name → the HTML part of a letter received, drawn at the end */
  const letters = new Map<string, string>();
  const to = (email: string) => smtp.messages.filter((m) => m.envelope.rcptTo.map((a) => a.toLowerCase()).includes(email));
  const about = (mails: ReceivedMail[], code: string) => mails.filter((m) => (m.subject ?? '').includes(code));
  const rule = (id: string, overrides: Record<string, unknown>) =>
    t
      .as('admin')
      .post(`${API}/reminder-rules`, ruleBody(id, { sendWindow: EVERY_DAY, ...overrides }))
      .expect(201);

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({
      now: '2026-03-01T08:00:00+07:00',
      env: { SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000', PUBLIC_URL: 'https://theodoi.example.gov.vn' },
    });
    d = new DeliveryDriver(t);
    await d.settle();
    await d.deleteAllRules();
    await t
      .as('admin')
      .put(`${API}/settings/coordinators`, { emails: [COORDINATOR] })
      .expect(200);
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BTC', 'Bộ Tài chính')).expect(201);
    // The Minister of Finance's office chose English in the directory.
    await t
      .as('admin')
      .post(`${API}/users`, {
        email: 'head@btc.example.org',
        name: 'Thủ trưởng BTC',
        title: 'Bộ trưởng',
        agency: 'BTC',
        roles: ['agency'],
        language: 'en',
      })
      .expect(201);
    await smtp.waitFor(1); // the invitation
    smtp.clear();
    await rule('remind-officer', { offset: { amount: -2, unit: 'days' }, recipients: ['assignee'], level: 0 });
    await rule('escalate-head', { offset: { amount: 1, unit: 'days' }, recipients: ['agency_head'], level: 1 });
    await rule('escalate-head-again', { offset: { amount: 8, unit: 'days' }, recipients: ['agency_head'], level: 2 });
    await rule('digest-coordinators', { offset: { amount: 8, unit: 'days' }, recipients: ['coordinators'], level: 2, digest: true });
    await rule('tell-coordinators', { offset: { amount: 1, unit: 'days' }, recipients: ['coordinators'], level: 1 });
    await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'NQ-L1', deadline: '2026-03-09', coordinatingAgencies: [] }))
      .expect(201);
    await t
      .as('coordinator')
      .post(
        `${API}/tasks`,
        taskBody({
          code: 'NQ-L2',
          leadAgency: 'BTC',
          deadline: '2026-03-09',
          coordinatingAgencies: [],
          assignee: { name: 'Trần Thị Bình', email: 'binh.tt@btc.example.org' },
        }),
      )
      .expect(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await deleteQueueKeys(prefix);
  });

  it('reminds the officer while there is time, asking to complete and record the result, in Vietnamese only', async () => {
    await d.scanAt('2026-03-07T09:00:00+07:00');
    await smtp.waitFor(2);
    const [letter] = about(to('an.nguyen@bca.example.org'), 'NQ-L1');
    expect(letter.subject).toBe('V/v nhắc thực hiện nhiệm vụ NQ-L1, hạn 09/03/2026, còn 2 ngày');
    expect(letter.text).toContain(
      'Đề nghị đồng chí khẩn trương hoàn thành nhiệm vụ, cập nhật kết quả trên Hệ thống chậm nhất trong ngày 09/03/2026.',
    );
    expect(letter.text).not.toContain('quan tâm, chỉ đạo');
    expect(letter.text).not.toContain('ENGLISH VERSION');
    expect(letter.html).toContain('mở nhiệm vụ NQ-L1 trên Hệ thống</a>');
    letters.set('01-reminder-officer', letter.html as string);
  });

  it('asks the head to direct, tells the coordinators what is outstanding, and writes English to the head who chose it', async () => {
    smtp.clear();
    await d.scanAt('2026-03-10T09:00:00+07:00');
    await smtp.waitFor(4);
    const [head] = about(to('head@bca.example.org'), 'NQ-L1');
    expect(head.subject).toBe('V/v đôn đốc thực hiện nhiệm vụ NQ-L1, hạn 09/03/2026, đã quá hạn 1 ngày');
    expect(head.text).toMatch(/^Kính gửi: Bộ trưởng Bộ Công an$/m);
    expect(head.text).toContain('Đề nghị Bộ trưởng quan tâm, chỉ đạo các đơn vị liên quan khẩn trương hoàn thành nhiệm vụ;');

    const [coordinator] = about(to(COORDINATOR), 'NQ-L1');
    expect(coordinator.text).toContain(
      'Xin thông báo để đồng chí nắm tình hình, theo dõi, đôn đốc Bộ Công an theo chức năng, nhiệm vụ được giao.',
    );
    expect(coordinator.text).toMatch(/^Kính gửi: Bộ phận theo dõi, đôn đốc thực hiện nhiệm vụ$/m);
    expect(coordinator.text).not.toMatch(/Đề nghị (đồng chí|Bộ trưởng|Quý cơ quan)/);
    expect(coordinator.text).not.toContain(`Kính gửi: ${COORDINATOR}`);

    const [english] = about(to('head@btc.example.org'), 'NQ-L2');
    expect(english.subject).toBe('Re: follow-up on task NQ-L2, due 09/03/2026, 1 day overdue');
    expect(english.text).toContain('Your direction is kindly requested so that the units concerned complete the task promptly');
    expect(english.text).not.toContain('Kính gửi');
  });

  it('numbers the second letter to the same head about the same task "(lần 2)"', async () => {
    smtp.clear();
    await d.scanAt('2026-03-17T09:00:00+07:00');
    await smtp.waitFor(3);
    const [again] = about(to('head@bca.example.org'), 'NQ-L1');
    expect(again.subject).toBe('V/v đôn đốc thực hiện nhiệm vụ NQ-L1, hạn 09/03/2026, đã quá hạn 8 ngày (lần 2)');
    const [english] = about(to('head@btc.example.org'), 'NQ-L2');
    expect(english.subject).toBe('Re: follow-up on task NQ-L2, due 09/03/2026, 8 days overdue (follow-up no. 2)');
    const [digest] = to(COORDINATOR);
    expect(digest.subject).toBe('V/v đôn đốc thực hiện 2 nhiệm vụ quá hạn');
    expect(digest.html).toContain(
      '<th scope="col" style="border:1px solid #999;padding:4px 6px;background:#f2f2f2;text-align:left;vertical-align:bottom">Số ngày quá hạn</th>',
    );
    letters.set('03-digest-coordinators', digest.html as string);
    letters.set('02-escalation-head-round-2', again.html as string);
  });

  it('renders the letters in Chromium for review (test-output/letters)', async () => {
    const browser = await launchBrowser();
    try {
      mkdirSync(LETTERS, { recursive: true });
      for (const [name, html] of letters) {
        for (const [width, suffix] of [
          [820, 'desktop'],
          [390, 'phone'],
        ] as const) {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          await page.setContent(html);
          const file = path.join(LETTERS, `${name}-${suffix}.png`);
          await page.screenshot({ path: file, fullPage: true });
          // nothing wider than the phone: a letter read on the go must not scroll sideways
          expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);
          await page.close();
        }
      }
    } finally {
      await browser.close();
    }
    expect([...letters.keys()].sort()).toEqual(['01-reminder-officer', '02-escalation-head-round-2', '03-digest-coordinators']);
  });
});
