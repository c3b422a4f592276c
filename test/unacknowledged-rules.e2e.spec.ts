/**
 * Rules with `unacknowledgedAfter` (issue 12): an escalation that fires for a task only when
 * its letters of a lower level went unacknowledged for the wait. The head acknowledges the
 * level-1 letter about one task and not the other: the level-2 escalation waits while the wait
 * runs, is recorded as not needed (cancelled) for the acknowledged task, and is sent for the
 * other one, two working days after its level-1 letter. Real PostgreSQL, Redis and SMTP.
 */
import request from 'supertest';
import { startSmtpTestServer, type SmtpTestServer } from '@app/escalation/testing';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API, DeliveryDriver, deleteQueueKeys, eventually, ruleBody, uniquePrefix } from './support/worker-process-helpers';

const HEAD = 'head@bca.example.org';
const LEADER = 'lanh-dao@vpcp.example.org';

describe('rules that fire only when lower-level letters went unacknowledged', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let d: DeliveryDriver;
  const prefix = uniquePrefix('unack');
  const level2 = ruleBody('escalate-leader', {
    offset: { amount: 1, unit: 'days' },
    recipients: [`email:${LEADER}`],
    level: 2,
    unacknowledgedAfter: { amount: 2, unit: 'working_days' },
  });

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({
      now: '2026-03-01T08:00:00+07:00',
      env: { SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000' },
    });
    d = new DeliveryDriver(t);
    await d.settle();
    await d.deleteAllRules();
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await deleteQueueKeys(prefix);
  });

  it('keeps unacknowledgedAfter on the rule, and refuses it on a level-0 rule naming the field', async () => {
    await t
      .as('admin')
      .post(
        `${API}/reminder-rules`,
        ruleBody('escalate-head', { offset: { amount: 1, unit: 'days' }, recipients: ['agency_head'], level: 1 }),
      )
      .expect(201);
    const created = await t.as('admin').post(`${API}/reminder-rules`, level2).expect(201);
    expect(created.body.unacknowledgedAfter).toEqual({ amount: 2, unit: 'working_days' });
    const read = await t.as('admin').get(`${API}/reminder-rules/escalate-leader`).expect(200);
    expect(read.body.unacknowledgedAfter).toEqual({ amount: 2, unit: 'working_days' });
    const bad = await t
      .as('admin')
      .post(`${API}/reminder-rules`, ruleBody('bad', { level: 0, unacknowledgedAfter: { amount: 2, unit: 'working_days' } }))
      .expect(400);
    expect(bad.body.error.details).toEqual([{ field: 'unacknowledgedAfter', message: expect.stringContaining('level of 1 or more') }]);
  });

  it('sends the level-2 escalation only about the task whose level-1 letter was not acknowledged', async () => {
    for (const code of ['NQ71-901', 'NQ71-902']) {
      await t
        .as('coordinator')
        .post(`${API}/tasks`, taskBody({ code, deadline: '2026-03-09', coordinatingAgencies: [] }))
        .expect(201);
    }
    await d.settle();
    const { body: plan } = await t.as('coordinator').get(`${API}/tasks/NQ71-902/notice-plan`).expect(200);
    expect(plan.planned.find((p: { ruleId: string }) => p.ruleId === 'escalate-leader').because.vi).toContain(
      'chỉ gửi nếu thư cấp thấp hơn không được xác nhận đã nhận trong 2 ngày làm việc',
    );
    // Tuesday 10/03: the level-1 letters go; the level-2 rule waits (no letter overdue for acknowledgement yet)
    const first = await d.scanAt('2026-03-10T09:00:00+07:00');
    expect(first).toMatchObject({ issued: 2, awaitingAcknowledgement: 2 });
    const letters = await smtp.waitFor(2, 20_000);
    expect(letters.every((m) => m.envelope.rcptTo.includes(HEAD))).toBe(true);
    await d.settled();

    // the head acknowledges the letter about NQ71-901 only
    t.clock.set('2026-03-10T15:00:00+07:00');
    const letter901 = letters.find((m) => m.subject?.includes('NQ71-901'))!;
    const link = (letter901.text ?? '')
      .split('\n')
      .find((l) => l.startsWith('Xác nhận đã nhận: '))!
      .slice('Xác nhận đã nhận: '.length);
    await request(t.app.getHttpServer()).post(new URL(link).pathname).set('Accept', 'application/json').expect(200);

    // Wednesday 11/03: NQ71-901's escalation is not needed; NQ71-902's letter is within its two working days
    const second = await d.scanAt('2026-03-11T09:00:00+07:00');
    expect(second).toMatchObject({ issued: 0, acknowledged: 1, awaitingAcknowledgement: 1 });
    const notNeeded = (await d.notifications()).filter((n) => n.ruleId === 'escalate-leader');
    expect(notNeeded).toEqual([
      expect.objectContaining({ taskCodes: ['NQ71-901'], status: 'cancelled', lastError: expect.stringContaining('acknowledged') }),
    ]);

    // Thursday 12/03 09:00: two working days after NQ71-902's letter, still unacknowledged: escalated
    const third = await d.scanAt('2026-03-12T09:00:00+07:00');
    expect(third).toMatchObject({ issued: 1, acknowledged: 0, awaitingAcknowledgement: 0 });
    const [escalation] = await eventually(async () => {
      const toLeader = smtp.messages.filter((m) => m.envelope.rcptTo.includes(LEADER));
      return toLeader.length > 0 ? toLeader : undefined;
    }, 20_000);
    expect(escalation.subject).toContain('NQ71-902');
    expect(escalation.text).toContain('Xác nhận đã nhận: ');
    const sent = (await d.settled()).filter((n) => n.ruleId === 'escalate-leader' && n.status === 'sent');
    expect(sent).toEqual([expect.objectContaining({ taskCodes: ['NQ71-902'], level: 2, fireAt: '2026-03-12T09:00:00.000+07:00' })]);

    // later passes send nothing more about either task
    await d.scanAt('2026-03-16T09:00:00+07:00');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.filter((m) => m.envelope.rcptTo.includes(LEADER))).toHaveLength(1);
  });
});
