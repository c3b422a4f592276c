/**
 * Admins edit the letters' templates (issue 12): each save is an event (versions kept with who
 * saved them); a text that does not parse, or names a field letters do not have, is refused with
 * its line named and nothing recorded; a preview renders what a real task would get with a text
 * not yet saved; the letters sent use the saved text; `body: null` restores the shipped one.
 * Real PostgreSQL, Redis and an SMTP server.
 */
import type { SmtpTestServer } from '@app/escalation/testing';
import { startSmtpTestServer } from '@app/escalation/testing';
import { keepsContract } from './support/openapi-contract';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, deleteQueueKeys, ruleBody, uniquePrefix } from './support/worker-process-helpers';

const SUBJECT = `${API}/settings/templates/notice.subject`;

describe('letter templates edited by admins', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let d: DeliveryDriver;
  const prefix = uniquePrefix('tpl');
  const versionOf = async (url: string) => (await t.as('admin').get(url).expect(200)).body.version as number;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({
      now: '2026-03-01T08:00:00+07:00',
      env: { SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000', PUBLIC_URL: 'https://theodoi.example.gov.vn' },
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
          sendWindow: { start: '08:00', end: '17:00', workingDaysOnly: false },
        }),
      )
      .expect(201);
    await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'NQ-T1', deadline: '2026-03-09', coordinatingAgencies: [] }))
      .expect(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await deleteQueueKeys(prefix);
  });

  it('lists every template, none replaced yet', async () => {
    const res = await t.as('admin').get(`${API}/settings/templates`).expect(keepsContract('get', '/settings/templates')).expect(200);
    expect(res.body.templates.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(['notice.subject', 'notice.text', 'notice.html', 'digest.html', '_task-vi.text']),
    );
    expect(res.body.templates.every((x: { custom: boolean; version: number }) => !x.custom && x.version === 0)).toBe(true);
  });

  it('refuses a text that does not parse, naming the line, in the caller’s language, and records nothing', async () => {
    const broken = '{{#if vi}}\nV/v đôn đốc {{task.code}\n{{/if}}';
    const en = await t.as('admin').put(SUBJECT, { body: broken }).expect(400);
    expect(en.body.error.details).toEqual([{ field: 'body', message: expect.stringMatching(/^has an error on line 2: /) }]);
    const vi = await t.as('admin').put(SUBJECT, { body: broken }).set('Accept-Language', 'vi').expect(400);
    expect(vi.body.error.details[0].message).toMatch(/^có lỗi cú pháp ở dòng 2: /);
    expect(await versionOf(SUBJECT)).toBe(0);
  });

  it('refuses a field letters do not have, naming it and its line', async () => {
    const res = await t
      .as('admin')
      .put(`${API}/settings/templates/notice.text`, { body: 'Kính gửi: {{recipient.salutationVi}}\n\n{{task.nguoiKy}}\n' })
      .expect(400);
    expect(res.body.error.details).toEqual([{ field: 'body', message: 'uses "nguoiKy", which letters do not have (line 3)' }]);
  });

  it('previews the letter a real task would get with a text not yet saved', async () => {
    const body = '{{#if vi}}V/v đề nghị báo cáo nhiệm vụ {{task.code}} ({{task.daysVi}}){{else}}Re: {{task.code}}{{/if}}';
    const res = await t
      .as('admin')
      .post(`${SUBJECT}/preview`, { task: 'NQ-T1', kind: 'escalation', body })
      .expect(keepsContract('post', '/settings/templates/{name}/preview'))
      .expect(200);
    expect(res.body.subject).toBe('V/v đề nghị báo cáo nhiệm vụ NQ-T1 (còn 8 ngày)');
    expect(res.body.text).toMatch(/^Kính gửi: Bộ trưởng Bộ Công an$/m);
    expect(await versionOf(SUBJECT)).toBe(0);
    await t.as('admin').post(`${SUBJECT}/preview`, { task: 'KHONG-CO', kind: 'reminder' }).expect(404);
  });

  it('saves a version that the letters then use, and restores the shipped text with null', async () => {
    const body = '{{#if vi}}V/v đôn đốc khẩn nhiệm vụ {{task.code}}{{#if round}} (lần {{round}}){{/if}}{{else}}Re: {{task.code}}{{/if}}';
    const saved = await t.as('admin').put(SUBJECT, { body }).expect(200);
    expect(saved.body).toMatchObject({ name: 'notice.subject', custom: true, version: 1 });
    const one = await t.as('admin').get(SUBJECT).expect(keepsContract('get', '/settings/templates/{name}')).expect(200);
    expect(one.body).toMatchObject({ custom: true, version: 1, body });
    expect(one.body.versions).toEqual([expect.objectContaining({ version: 1, custom: true, body, savedBy: expect.any(String) })]);
    expect(one.body.defaultBody).toContain('V/v {{#if remind}}nhắc{{else}}đôn đốc{{/if}}');

    await d.scanAt('2026-03-10T09:00:00+07:00');
    const [letter] = await smtp.waitFor(1);
    expect(letter.subject).toBe('V/v đôn đốc khẩn nhiệm vụ NQ-T1');

    await t.as('admin').put(SUBJECT, { body: null }).expect(200);
    const restored = await t.as('admin').get(SUBJECT).expect(200);
    expect(restored.body).toMatchObject({ custom: false, version: 2, body: restored.body.defaultBody });
    expect(restored.body.versions.map((v: { custom: boolean }) => v.custom)).toEqual([false, true]);
  });
});
