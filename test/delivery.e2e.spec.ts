/**
 * The delivery half of escalation, end to end in one process: real task assignment and rules
 * through the API, the planner's pending notices, the scanner (driven with a ManualClock), the
 * BullMQ queue on the machine's Redis (a prefix per suite), and a real SMTP server whose
 * messages are parsed with mailparser.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ReceivedMail, SmtpTestServer } from '@app/escalation/testing';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { startSmtpTestServer } from '@app/escalation/testing';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, deleteQueueKeys, eventually, ruleBody, uniquePrefix } from './support/worker-process-helpers';

const PUBLIC_URL = 'https://dle.example.gov.vn';
jest.setTimeout(60_000);

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(() => smtp.stop());

/** A fresh engine (schema, queue prefix, clock) per describe, with no rules but the test's own. */
function engine(now: string) {
  const ctx = {} as { t: TestApp; d: DeliveryDriver; prefix: string };
  beforeAll(async () => {
    smtp.clear();
    ctx.prefix = uniquePrefix('dlv');
    ctx.t = await startTestApp({ now, env: { SMTP_URL: smtp.url, QUEUE_PREFIX: ctx.prefix, SCAN_INTERVAL_MS: '3600000', PUBLIC_URL } });
    ctx.d = new DeliveryDriver(ctx.t);
    ctx.d.setRetry({ attempts: 10, backoffMs: 200 });
    await ctx.d.settle();
    await ctx.d.deleteAllRules();
    for (const [code, name] of [
      ['BCA', 'Bộ Công an'],
      ['BTC', 'Bộ Tài chính'],
      ['BNV', 'Bộ Nội vụ'],
      ['BKHCN', 'Bộ Khoa học và Công nghệ'],
    ]) {
      await ctx.t.as('coordinator').post(`${API}/agencies`, agencyBody(code, name)).expect(201);
    }
  });
  afterAll(async () => {
    await ctx.t?.close();
    await deleteQueueKeys(ctx.prefix);
  });
  return ctx;
}

const to = (mail: ReceivedMail) => mail.envelope.rcptTo.map((a) => a.toLowerCase()).sort();
const mailsAbout = (code: string) => smtp.messages.filter((m) => m.subject?.includes(code) || m.text?.includes(code));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reminders before, escalations at and after the deadline, repeated while overdue', () => {
  const e = engine('2026-01-05T09:00:00+07:00');
  let taskId: string;

  beforeAll(async () => {
    const scope = { sources: [], agencies: ['BCA'], priorities: [] };
    await e.t
      .as('admin')
      .post(`${API}/reminder-rules`, ruleBody('before-3wd', { scope, offset: { amount: -3, unit: 'working_days' } }))
      .expect(201);
    await e.t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('at-deadline', { scope, offset: { amount: 0, unit: 'working_days' }, recipients: ['assignee', 'agency_head'], level: 1 }),
      )
      .expect(201);
    await e.t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('after-daily', {
          scope,
          offset: { amount: 1, unit: 'days' },
          repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 2 },
          recipients: ['agency_head'],
          level: 2,
          sendWindow: null,
        }),
      )
      .expect(201);
    const res = await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'NQ71-012', deadline: '2026-01-30' }))
      .expect(201);
    taskId = res.body.id;
  });

  it('sends nothing before the first fire time', async () => {
    const result = await e.d.scanAt('2026-01-27T07:59:59+07:00');
    expect(result).toMatchObject({ due: 0, issued: 0 });
    expect(smtp.messages).toHaveLength(0);
  });

  it('reminds the assignee 3 working days before, in Vietnamese only (nobody chose English), naming the task', async () => {
    const result = await e.d.scanAt('2026-01-27T08:00:00+07:00');
    expect(result).toMatchObject({ issued: 1, enqueued: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(to(mail)).toEqual(['an.nguyen@bca.example.org']);
    expect(mail.subject).toBe('V/v nhắc thực hiện nhiệm vụ NQ71-012, hạn 30/01/2026, còn 3 ngày');
    for (const text of [
      taskBody().title,
      'Bộ Công an',
      '30/01/2026',
      'còn 3 ngày',
      'Nguyễn Văn An',
      `${PUBLIC_URL}/tasks/${taskId}`,
      'Đề nghị đồng chí khẩn trương hoàn thành nhiệm vụ',
    ]) {
      expect(mail.text).toContain(text);
    }
    expect(mail.text).not.toContain('ENGLISH VERSION');
    expect(mail.text).not.toContain('days left');
    const [notice] = await e.d.settled(`taskId=${taskId}`);
    expect(notice).toMatchObject({ ruleId: 'before-3wd', level: 0, kind: 'reminder', status: 'sent', attempts: 1, taskIds: [taskId] });
    expect(notice.recipients).toEqual([expect.objectContaining({ email: 'an.nguyen@bca.example.org', as: 'assignee' })]);
    expect(mail.messageId).toBe(notice.messageId);
    expect(notice.messageId).toBe(`<${notice.id}@localhost>`);
    expect(mail.headers.get('x-dle-notice-id')).toBe(notice.id);
    expect(notice.sentAt).toBe('2026-01-27T08:00:00.000+07:00');
    // The Date header in the reader's own time, +07:00.
    expect(mail.raw.toString('utf8')).toMatch(/^Date: Tue, 27 Jan 2026 08:00:00 \+0700\r?$/m);
  });

  it('escalates to the assignee and the agency head on the due day', async () => {
    await e.d.scanAt('2026-01-30T08:05:00+07:00');
    const mails = await smtp.waitFor(2);
    expect(to(mails[1])).toEqual(['an.nguyen@bca.example.org', 'head@bca.example.org']);
    expect(mails[1].text).toContain('đến hạn trong ngày hôm nay');
    // An escalation is addressed to the head by title.
    expect(mails[1].text).toContain('Kính gửi: Bộ trưởng Bộ Công an');
  });

  it('escalates to the head after the deadline and repeats while overdue, maxTimes only', async () => {
    for (const [i, day] of ['2026-01-31', '2026-02-01', '2026-02-02'].entries()) {
      await e.d.scanAt(`${day}T08:00:00+07:00`);
      const mails = await smtp.waitFor(3 + i);
      expect(to(mails[2 + i])).toEqual(['head@bca.example.org']);
      expect(mails[2 + i].text).toContain(`đã quá hạn ${i + 1} ngày`);
    }
    await e.d.scanAt('2026-02-09T08:00:00+07:00');
    await pause(300);
    expect(smtp.messages).toHaveLength(5);
    const notices = await e.d.settled(`taskId=NQ71-012`);
    expect(notices.map((n) => [n.ruleId, n.level, n.status])).toEqual([
      ['after-daily', 2, 'sent'],
      ['after-daily', 2, 'sent'],
      ['after-daily', 2, 'sent'],
      ['at-deadline', 1, 'sent'],
      ['before-3wd', 0, 'sent'],
    ]);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(5);
  });

  it('issues nothing twice when the same pass runs again', async () => {
    const again = await e.d.scanAt('2026-02-09T08:00:00+07:00');
    expect(again.issued).toBe(0);
    const events = await e.t.sql(`SELECT count(*)::int AS n FROM events WHERE type = 'NoticeIssued'`);
    expect(events[0].n).toBe(5);
  });
});

describe('digests, catch-up, send windows, holidays and head changes', () => {
  const e = engine('2026-01-05T09:00:00+07:00');

  it('sends one digest per head listing all its overdue tasks, most late first', async () => {
    for (const [code, deadline] of [
      ['DG-2', '2026-01-12'],
      ['DG-1', '2026-01-07'],
      ['DG-3', '2026-01-20'],
      ['DG-4', '2026-03-31'],
    ]) {
      await e.t
        .as('coordinator')
        .post(`${API}/tasks`, taskBody({ code, deadline, leadAgency: 'BTC', coordinatingAgencies: [] }))
        .expect(201);
    }
    await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'DG-BCA', deadline: '2026-01-08' }))
      .expect(201);
    // The rule is created late (Monday 26/01): each overdue task catches up once, all at the same time.
    e.t.clock.set('2026-01-26T09:00:00+07:00');
    await e.t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('overdue-digest', {
          scope: { sources: [], agencies: ['BTC', 'BCA'], priorities: [] },
          offset: { amount: 1, unit: 'days' },
          recipients: ['agency_head'],
          level: 3,
          digest: true,
        }),
      )
      .expect(201);
    await e.d.scanAt('2026-01-26T09:00:00+07:00');
    const mails = await smtp.waitFor(2);
    const btc = mails.find((m) => to(m)[0] === 'head@btc.example.org')!;
    expect(to(btc)).toEqual(['head@btc.example.org']);
    expect(btc.subject).toBe('V/v đôn đốc thực hiện 3 nhiệm vụ quá hạn');
    const order = ['DG-1', 'DG-2', 'DG-3'].map((code) => btc.text!.indexOf(code));
    expect(order.every((pos) => pos >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(btc.text).not.toContain('DG-4');
    expect(btc.text).not.toContain('DG-BCA');
    const bca = mails.find((m) => to(m)[0] === 'head@bca.example.org')!;
    expect(bca.text).toContain('DG-BCA');
    const [digest] = await e.d.settled('recipient=HEAD@btc.example.org');
    expect(digest).toMatchObject({ digest: true, ruleId: 'overdue-digest', level: 3, status: 'sent', taskCodes: ['DG-1', 'DG-2', 'DG-3'] });
    expect(digest.id).toMatch(/^d-[0-9a-f]{32}$/);
  });

  it('catches up only the latest passed occurrence of a task imported late, once', async () => {
    await e.t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('catch-daily', {
          scope: { sources: [], agencies: ['BKHCN'], priorities: [] },
          offset: { amount: 1, unit: 'days' },
          repeat: { every: { amount: 1, unit: 'days' }, maxTimes: 5 },
          sendWindow: null,
          level: 2,
        }),
      )
      .expect(201);
    smtp.clear();
    e.t.clock.set('2026-01-27T10:00:00+07:00');
    const res = await e.t
      .as('coordinator')
      .post(
        `${API}/tasks`,
        taskBody({
          code: 'CU-1',
          deadline: '2026-01-09',
          leadAgency: 'BKHCN',
          coordinatingAgencies: [],
          assignedAt: '2026-01-02T09:00:00+07:00',
          assignee: { name: 'Lê Thị Bình', email: 'binh@bkhcn.example.org' },
        }),
      )
      .expect(201);
    await e.d.scanAt('2026-01-27T10:00:00+07:00');
    const [mail] = await smtp.waitFor(1);
    expect(to(mail)).toEqual(['binh@bkhcn.example.org']);
    expect(mail.text).toContain('đã quá hạn 18 ngày');
    await e.d.scanAt('2026-02-10T10:00:00+07:00');
    await pause(300);
    const notices = await e.d.settled(`taskId=${res.body.id}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ status: 'sent', ruleId: 'catch-daily' });
    expect(mailsAbout('CU-1')).toHaveLength(1);
  });

  it('waits for the send window and skips Tết: the day after a 13/02 deadline fires on 23/02 at 08:00', async () => {
    e.t.clock.set('2026-02-10T09:00:00+07:00');
    await e.t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('tet-after', {
          scope: { sources: [], agencies: ['BNV'], priorities: [] },
          offset: { amount: 1, unit: 'days' },
          level: 2,
          recipients: ['assignee'],
        }),
      )
      .expect(201);
    await e.t
      .as('coordinator')
      .post(
        `${API}/tasks`,
        taskBody({
          code: 'HOL-1',
          deadline: '2026-02-13',
          leadAgency: 'BNV',
          coordinatingAgencies: [],
          assignee: { name: 'Phạm Văn Cường', email: 'cuong@bnv.example.org' },
        }),
      )
      .expect(201);
    // A new head takes office before the notices fire: escalations go to the head of that moment.
    await e.t
      .as('coordinator')
      .put(`${API}/agencies/BNV/head`, { name: 'Trần Văn Mới', title: 'Bộ trưởng', email: 'moi@bnv.example.org' })
      .expect(200);
    await e.t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('head-esc', {
          scope: { sources: [], agencies: ['BNV'], priorities: [] },
          offset: { amount: 1, unit: 'days' },
          level: 3,
          recipients: ['agency_head'],
        }),
      )
      .expect(201);
    smtp.clear();
    for (const at of ['2026-02-14T08:00:00+07:00', '2026-02-17T10:00:00+07:00', '2026-02-23T07:59:59+07:00']) {
      expect((await e.d.scanAt(at)).issued).toBe(0);
    }
    await pause(200);
    expect(smtp.messages).toHaveLength(0);
    await e.d.scanAt('2026-02-23T08:00:00+07:00');
    const mails = await smtp.waitFor(2);
    expect(mails.map(to).sort()).toEqual([['cuong@bnv.example.org'], ['moi@bnv.example.org']]);
    const toHead = mails.find((m) => to(m)[0] === 'moi@bnv.example.org')!;
    expect(toHead.text).toContain('Kính gửi: Bộ trưởng Bộ Nội vụ');
    expect(mails.some((m) => to(m).includes('head@bnv.example.org'))).toBe(false);
  });
});

describe('completion and extension cancel what has not been sent', () => {
  const e = engine('2026-01-05T09:00:00+07:00');
  const scope = { sources: [], agencies: ['BCA', 'BTC'], priorities: [] };

  beforeAll(async () => {
    await e.t
      .as('admin')
      .post(`${API}/reminder-rules`, ruleBody('due-day', { scope, offset: { amount: 0, unit: 'working_days' } }))
      .expect(201);
    await e.t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('late-digest', {
          scope,
          offset: { amount: 1, unit: 'working_days' },
          recipients: ['agency_head'],
          digest: true,
          level: 2,
        }),
      )
      .expect(201);
  });

  it('a task completed before its notice fires gets no notice', async () => {
    const { body: task } = await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'CX-1', deadline: '2026-01-20' }))
      .expect(201);
    e.t.clock.set('2026-01-16T10:00:00+07:00');
    await e.t.as('bca').post(`${API}/tasks/${task.id}/completion`, {}).expect(201);
    await e.d.scanAt('2026-01-22T09:00:00+07:00');
    await pause(300);
    expect(mailsAbout('CX-1')).toHaveLength(0);
    expect(await e.d.notifications(`taskId=${task.id}`)).toEqual([]);
  });

  it('an extension before the fire time moves the notice to the new deadline', async () => {
    e.t.clock.set('2026-01-23T09:00:00+07:00');
    const { body: task } = await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'CX-2', deadline: '2026-01-27' }))
      .expect(201);
    await e.t
      .as('coordinator')
      .post(`${API}/tasks/${task.id}/extensions`, { newDeadline: '2026-02-03', reason: 'Chờ ý kiến', decisionRef: '99/VPCP-KSTT' })
      .expect(201);
    await e.d.scanAt('2026-01-27T09:00:00+07:00');
    await pause(300);
    expect(mailsAbout('CX-2')).toHaveLength(0);
    await e.d.scanAt('2026-02-03T09:00:00+07:00');
    await eventually(async () => mailsAbout('CX-2').length === 1);
    const [mail] = mailsAbout('CX-2');
    expect(mail.subject).toContain('03/02/2026');
    expect(mail.text).toContain('99/VPCP-KSTT');
    expect(mail.text).toContain('27/01/2026');
  });

  it('a notice already issued is cancelled at delivery when the task was completed meanwhile', async () => {
    e.t.clock.set('2026-02-04T09:00:00+07:00');
    const { body: task } = await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'CX-3', deadline: '2026-02-10' }))
      .expect(201);
    await smtp.stop();
    try {
      await e.d.scanAt('2026-02-10T09:00:00+07:00');
      await eventually(async () => (await e.d.notifications(`taskId=${task.id}`))[0]?.attempts >= 1, 10_000, 'a failed attempt');
      await e.t.as('bca').post(`${API}/tasks/${task.id}/completion`, {}).expect(201);
    } finally {
      await smtp.restart();
    }
    const [notice] = await e.d.settled(`taskId=${task.id}`);
    expect(notice.status).toBe('cancelled');
    expect(notice.lastError).toContain('CX-3 completed');
    await pause(300);
    expect(mailsAbout('CX-3')).toHaveLength(0);
  });

  it('a digest drops the task extended meanwhile and still sends the others', async () => {
    e.t.clock.set('2026-02-24T09:00:00+07:00');
    const a = await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'CX-4', deadline: '2026-03-02', leadAgency: 'BTC', coordinatingAgencies: [] }))
      .expect(201);
    await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'CX-5', deadline: '2026-03-02', leadAgency: 'BTC', coordinatingAgencies: [] }))
      .expect(201);
    smtp.clear();
    await smtp.stop();
    try {
      await e.d.scanAt('2026-03-03T08:30:00+07:00');
      await eventually(
        async () => {
          const [digest] = await e.d.notifications('recipient=head@btc.example.org&status=pending');
          return digest?.attempts >= 1 && digest;
        },
        10_000,
        'a failed digest attempt',
      );
      await e.t
        .as('coordinator')
        .post(`${API}/tasks/${a.body.id}/extensions`, { newDeadline: '2026-03-31', reason: 'Gia hạn' })
        .expect(201);
    } finally {
      await smtp.restart();
    }
    // (The officer also gets the due-day reminder of CX-5; the digest is the head's.)
    const mail = await eventually(async () => smtp.messages.find((m) => to(m).includes('head@btc.example.org')), 10_000, 'the digest');
    expect(to(mail)).toEqual(['head@btc.example.org']);
    expect(mail.text).toContain('CX-5');
    expect(mail.text).not.toContain('CX-4');
    const [digest] = await e.d.settled('recipient=head@btc.example.org');
    expect(digest).toMatchObject({ status: 'sent', taskCodes: ['CX-4', 'CX-5'] });
  });
});

describe('SMTP failures', () => {
  const e = engine('2026-01-05T09:00:00+07:00');

  beforeAll(async () => {
    await e.t
      .as('admin')
      .put(`${API}/settings/coordinators`, { emails: ['vpcp@example.org', 'thanh-tra@example.org'] })
      .expect(200);
    await e.t
      .as('admin')
      .post(`${API}/reminder-rules`, ruleBody('due-day', { offset: { amount: 0, unit: 'working_days' } }))
      .expect(201);
  });

  it('SMTP down, then up: notices retried with backoff, all delivered once', async () => {
    for (const code of ['SD-1', 'SD-2', 'SD-3']) {
      await e.t
        .as('coordinator')
        .post(`${API}/tasks`, taskBody({ code, deadline: '2026-01-20' }))
        .expect(201);
    }
    await smtp.stop();
    try {
      await e.d.scanAt('2026-01-20T09:00:00+07:00');
      await eventually(
        async () => {
          const list = await e.d.notifications('status=pending');
          return list.length === 3 && list.every((n) => n.attempts >= 2);
        },
        15_000,
        'two failed attempts of each notice',
      );
    } finally {
      await smtp.restart();
    }
    const notices = await e.d.settled('', 20_000);
    expect(notices.map((n) => n.status)).toEqual(['sent', 'sent', 'sent']);
    await smtp.waitFor(3);
    await pause(300);
    expect(smtp.messages).toHaveLength(3);
    expect(new Set(smtp.messages.map((m) => m.messageId))).toEqual(new Set(notices.map((n) => n.messageId)));
    const events = await e.d.noticeEvents(notices[0].id);
    expect(events.filter((ev) => ev.type === 'NoticeDeliveryAttemptFailed').length).toBeGreaterThanOrEqual(2);
    expect(events.filter((ev) => ev.type === 'NoticeDelivered')).toHaveLength(1);
    expect(events.find((ev) => ev.type === 'NoticeDeliveryAttemptFailed')!.data.retryAt).toEqual(expect.any(String));
  });

  it('a permanent 5xx rejection ends the notice as failed, tells the admins, and is not retried', async () => {
    smtp.clear();
    e.t.clock.set('2026-01-21T09:00:00+07:00');
    const { body: task } = await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'PF-1', deadline: '2026-01-27' }))
      .expect(201);
    // At MAIL FROM: the test server keys RCPT rejections by session transaction, which a pooled
    // connection reuses after a refused message, so the alert that follows would be refused too.
    smtp.rejectNext(550, 1, 'MAIL');
    await e.d.scanAt('2026-01-27T09:00:00+07:00');
    const [alert] = await smtp.waitFor(1, 10_000);
    expect(to(alert)).toEqual(['thanh-tra@example.org', 'vpcp@example.org']);
    expect(alert.subject).toContain('PF-1');
    const [notice] = await e.d.settled(`taskId=${task.id}`);
    expect(notice).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect(alert.text).toContain(notice.id);
    expect(notice.lastError).toMatch(/550|permanent/i);
    await pause(1000);
    expect(smtp.rejectedCount).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    const events = await e.d.noticeEvents(notice.id);
    expect(events.map((ev) => ev.type)).toEqual(['NoticeIssued', 'NoticeFailed']);
    expect(events[1].data).toMatchObject({ permanent: true, attempt: 1 });
    const failed = await e.d.notifications('status=failed');
    expect(failed.map((n) => n.id)).toEqual([notice.id]);
  });
});

describe('GET /notifications', () => {
  const e = engine('2026-01-05T09:00:00+07:00');

  beforeAll(async () => {
    await e.t
      .as('admin')
      .post(`${API}/reminder-rules`, ruleBody('due-day', { offset: { amount: 0, unit: 'working_days' } }))
      .expect(201);
    await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'NF-BCA', deadline: '2026-01-20' }))
      .expect(201);
    await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'NF-BTC', deadline: '2026-01-20', leadAgency: 'BTC', coordinatingAgencies: ['BCA'] }))
      .expect(201);
    await e.d.scanAt('2026-01-20T09:00:00+07:00');
    await e.d.settled();
  });

  it('answers the api.md shape, filters by task (id or code), status and recipient', async () => {
    const all = await e.d.notifications();
    expect(all).toHaveLength(2);
    for (const n of all) {
      expect(Object.keys(n)).toEqual(
        expect.arrayContaining(['id', 'taskIds', 'ruleId', 'level', 'recipients', 'status', 'attempts', 'fireAt', 'sentAt', 'messageId']),
      );
      expect(n.fireAt).toBe('2026-01-20T08:00:00.000+07:00');
    }
    expect((await e.d.notifications('taskId=NF-BTC')).map((n) => n.taskCodes)).toEqual([['NF-BTC']]);
    expect(await e.d.notifications('status=failed')).toEqual([]);
    expect(await e.d.notifications('status=sent')).toHaveLength(2);
    expect(await e.d.notifications('recipient=AN.NGUYEN@bca.example.org&limit=1')).toHaveLength(1);
    expect(await e.d.notifications('recipient=nobody@example.org')).toEqual([]);
  });

  it('shows an agency officer only notices about tasks its agency leads', async () => {
    const bca = await e.t.as('bca').get(`${API}/notifications`).expect(200);
    expect(bca.body.items.map((n: { taskCodes: string[] }) => n.taskCodes)).toEqual([['NF-BCA']]);
    const bkhcn = await e.t.as('bkhcn').get(`${API}/notifications`).expect(200);
    expect(bkhcn.body).toEqual({ items: [], nextCursor: null });
    await e.t.as('coordinator').get(`${API}/notifications`).expect(200);
  });

  it('names a bad parameter in a 400', async () => {
    const res = await e.t.as('auditor').get(`${API}/notifications?status=nope&limit=0`).expect(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'status']);
    const cursor = await e.t.as('auditor').get(`${API}/notifications?cursor=bm90LWEtY3Vyc29y`).expect(400);
    expect(cursor.body.error.details.map((d: { field: string }) => d.field)).toEqual(['cursor']);
  });

  it('pages with limit and cursor: every notice once, newest fire time first', async () => {
    const all = await e.d.notifications();
    expect(all.length).toBeGreaterThan(1);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await e.t
        .as('auditor')
        .get(`${API}/notifications?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(res.body.items).toHaveLength(1);
      seen.push(...res.body.items.map((n) => n.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((n) => n.id));
  });
});

describe('without SMTP_URL', () => {
  let t: TestApp;
  const prefix = uniquePrefix('outbox');

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000', PUBLIC_URL } });
    const d = new DeliveryDriver(t);
    await d.settle();
    await d.deleteAllRules();
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t
      .as('admin')
      .post(`${API}/reminder-rules`, ruleBody('due-day', { offset: { amount: 0, unit: 'working_days' } }))
      .expect(201);
    await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'OB-1', deadline: '2026-01-20', coordinatingAgencies: [] }))
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await deleteQueueKeys(prefix);
  });

  it('writes each email as an .eml file named after its Message-ID under DATA_DIR/outbox', async () => {
    const d = new DeliveryDriver(t);
    await d.scanAt('2026-01-20T09:00:00+07:00');
    const [notice] = await d.settled('taskId=OB-1');
    expect(notice.status).toBe('sent');
    const outbox = path.join(t.app.get<AppConfig>(APP_CONFIG).DATA_DIR, 'outbox');
    const file = path.join(outbox, `${notice.id}@localhost.eml`);
    const eml = readFileSync(file, 'utf8');
    expect(eml).toContain(`Message-ID: ${notice.messageId}`);
    expect(eml).toContain('To: an.nguyen@bca.example.org');
  });
});
