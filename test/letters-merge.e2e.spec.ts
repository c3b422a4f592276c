/**
 * People receive letters, not notices (issue 12): the demo's shape, with the default rules and
 * tasks created already 0, 10, 40 and 300 days overdue in one go, and overlapping rules on a
 * future task. Real PostgreSQL, Redis and an in-process SMTP server; letters counted where they
 * arrive.
 */
import type { ReceivedMail, SmtpTestServer } from '@app/escalation/testing';
import { startSmtpTestServer } from '@app/escalation/testing';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, NotificationJson, deleteQueueKeys, ruleBody, uniquePrefix } from './support/worker-process-helpers';

jest.setTimeout(60_000);

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(() => smtp.stop());

function engine(now: string, opts: { keepDefaultRules: boolean }) {
  const ctx = {} as { t: TestApp; d: DeliveryDriver; prefix: string };
  beforeAll(async () => {
    smtp.clear();
    ctx.prefix = uniquePrefix('mrg');
    ctx.t = await startTestApp({ now, env: { SMTP_URL: smtp.url, QUEUE_PREFIX: ctx.prefix, SCAN_INTERVAL_MS: '3600000' } });
    ctx.d = new DeliveryDriver(ctx.t);
    await ctx.d.settle();
    if (!opts.keepDefaultRules) await ctx.d.deleteAllRules();
    for (const [code, name] of [
      ['BCA', 'Bộ Công an'],
      ['BTC', 'Bộ Tài chính'],
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

/** How many letters each (recipient, task code) pair received. */
function lettersPerRecipientAndTask(mails: ReceivedMail[], codes: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of mails) {
    for (const address of mail.envelope.rcptTo.map((a) => a.toLowerCase())) {
      for (const code of codes.filter((c) => mail.text?.includes(c))) {
        const key = `${address} ${code}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

describe('the demo: default rules, tasks created already overdue', () => {
  const e = engine('2026-03-02T09:00:00+07:00', { keepDefaultRules: true });
  const tasks = [
    { code: 'NQ71-100', leadAgency: 'BCA', deadline: '2026-03-02', assignee: { name: 'Nguyễn Văn An', email: 'an@bca.example.org' } },
    { code: 'NQ71-101', leadAgency: 'BCA', deadline: '2026-02-20', assignee: { name: 'Trần Thị Bình', email: 'binh@bca.example.org' } },
    { code: 'NQ71-102', leadAgency: 'BTC', deadline: '2026-01-21', assignee: { name: 'Lê Văn Cường', email: 'cuong@btc.example.org' } },
    { code: 'NQ71-103', leadAgency: 'BTC', deadline: '2025-05-06', assignee: { name: 'Phạm Thị Dung', email: 'dung@btc.example.org' } },
  ];
  const codes = tasks.map((t) => t.code);
  let notices: NotificationJson[];

  beforeAll(async () => {
    for (const task of tasks) await e.t.as('coordinator').post(`${API}/tasks`, taskBody(task)).expect(201);
    const result = await e.d.scanAt('2026-03-02T09:05:00+07:00');
    expect(result.merged).toBeGreaterThan(0);
    notices = await e.d.settled();
    await smtp.waitFor(notices.filter((n) => n.status === 'sent').length);
  });

  it('gives each head and officer exactly one letter per task, counted at the SMTP server', () => {
    const counts = lettersPerRecipientAndTask(smtp.messages, codes);
    for (const task of tasks) {
      expect(counts.get(`${task.assignee.email} ${task.code}`)).toBe(1);
      expect(counts.get(`head@${task.leadAgency.toLowerCase()}.example.org ${task.code}`)).toBe(1);
    }
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // heads get one digest for all their tasks
    expect(smtp.messages.filter((m) => m.envelope.rcptTo.some((a) => a.toLowerCase() === 'head@bca.example.org'))).toHaveLength(1);
  });

  it('records the other rules as merged into the letter that carried them, none dropped', () => {
    const merged = notices.filter((n) => n.status === 'merged');
    expect(merged.length).toBeGreaterThan(0);
    const byId = new Map(notices.map((n) => [n.id, n]));
    for (const notice of merged) {
      const carrier = byId.get(notice.mergedInto!)!;
      expect(carrier).toMatchObject({ status: 'sent' });
      expect(carrier.level).toBeGreaterThanOrEqual(notice.level);
      expect(carrier.merged).toContain(notice.id);
    }
    // the 300-days-overdue task: every default rule that had fired appears, sent or merged
    const aboutOld = notices.filter((n) => n.taskCodes.includes('NQ71-103'));
    expect(new Set(aboutOld.map((n) => n.ruleId))).toEqual(
      new Set([
        'default-assignee-7wd',
        'default-assignee-3wd',
        'default-due-today',
        'default-overdue-1wd',
        'default-overdue-7d',
        'default-overdue-30d-weekly',
      ]),
    );
  });

  it('sends nothing more when the pass is repeated', async () => {
    const before = smtp.messages.length;
    expect(await e.d.scanAt('2026-03-02T09:06:00+07:00')).toMatchObject({ issued: 0, merged: 0 });
    expect(smtp.messages).toHaveLength(before);
  });
});

describe('overlapping rules on a future task', () => {
  const e = engine('2026-01-05T09:00:00+07:00', { keepDefaultRules: false });

  beforeAll(async () => {
    const officer = ruleBody('officer-today', { level: 1 });
    const both = ruleBody('both-today', { level: 2, recipients: ['assignee', 'agency_head'] });
    const later = ruleBody('head-tomorrow', { level: 3, recipients: ['agency_head'], offset: { amount: 1, unit: 'working_days' } });
    for (const rule of [officer, both, later]) await e.t.as('admin').post(`${API}/reminder-rules`, rule).expect(201);
    await e.t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'NQ71-200', deadline: '2026-01-30' }))
      .expect(201);
  });

  it('sends one letter per person at each fire time, never two in the same pass', async () => {
    await e.d.scanAt('2026-01-30T08:00:00+07:00');
    const first = await e.d.settled();
    // one email to both: the officer's own rule merged into the one that names the head too
    await smtp.waitFor(1);
    expect(smtp.messages.map((m) => m.envelope.rcptTo.map((a) => a.toLowerCase()).sort())).toEqual([
      ['an.nguyen@bca.example.org', 'head@bca.example.org'],
    ]);
    expect(first.find((n) => n.ruleId === 'officer-today')).toMatchObject({ status: 'merged' });
    expect(first.find((n) => n.ruleId === 'both-today')).toMatchObject({ status: 'sent' });

    await e.d.scanAt('2026-02-02T08:00:00+07:00');
    await smtp.waitFor(2);
    expect(smtp.messages[1].envelope.rcptTo.map((a) => a.toLowerCase())).toEqual(['head@bca.example.org']);
  });
});
