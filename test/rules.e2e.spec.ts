import request from 'supertest';
import { CLOCK, Clock, ReminderRule } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { loadDefaultRules, seedDefaultRules } from '@app/escalation';
import { TOKENS, TestApp, startTestApp } from './support/test-app';

const DEFAULT_IDS = [
  'default-assignee-3wd',
  'default-assignee-7wd',
  'default-due-today',
  'default-overdue-1wd',
  'default-overdue-30d-weekly',
  'default-overdue-7d',
];

const ruleBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Nhắc trước hạn 5 ngày làm việc',
  scope: { sources: ['71/NQ-CP'], agencies: [], priorities: [] },
  offset: { amount: -5, unit: 'working_days' },
  recipients: ['assignee', 'email:thanh-tra@example.org'],
  level: 0,
  sendWindow: { start: '08:00', end: '17:00', workingDaysOnly: true },
  ...overrides,
});

describe('reminder rules over HTTP (event-sourced, admin-managed)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00' });
    await settle();
  });
  afterAll(() => t.close());

  const eventCount = async () => Number((await t.sql('SELECT count(*)::int AS n FROM events'))[0].n);
  const ruleEvents = async (id: string) => t.sql(`SELECT type, metadata FROM events WHERE stream_id = $1 ORDER BY version`, [`rule-${id}`]);
  const del = (url: string, who: keyof typeof TOKENS = 'admin') =>
    request(t.app.getHttpServer()).delete(url).set('Authorization', `Bearer ${TOKENS[who]}`);
  /** Waits until the read models have every event appended so far. */
  async function settle(): Promise<void> {
    const [{ max }] = await t.sql('SELECT coalesce(max(position), 0)::int AS max FROM events');
    await t.as('admin').get(`/api/v1/reminder-rules?minPosition=${max}`).expect(200);
  }

  describe('default rules', () => {
    it('are created at start from config/rules/default-rules.json, by the system actor', async () => {
      const list = await t.as('auditor').get('/api/v1/reminder-rules').expect(200);
      expect(list.body.map((r: ReminderRule) => r.id)).toEqual(DEFAULT_IDS);
      const due = list.body.find((r: ReminderRule) => r.id === 'default-due-today');
      expect(due).toMatchObject({
        offset: { amount: 0, unit: 'working_days' },
        recipients: ['assignee', 'agency_head'],
        level: 1,
        digest: true,
        version: 1,
      });
      const events = await ruleEvents('default-assignee-7wd');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'ReminderRuleCreated', metadata: { actor: { role: 'system', name: 'default-rules' } } });
    });

    it('are seeded once: a restart or a second process creates nothing more', async () => {
      const store = t.app.get<EventStore>(EVENT_STORE);
      const clock = t.app.get<Clock>(CLOCK);
      const before = await eventCount();
      const again = await seedDefaultRules(store, clock);
      expect(again.created).toEqual([]);
      expect(again.skipped.sort()).toEqual(DEFAULT_IDS);
      expect(await eventCount()).toBe(before);
    });

    it('are seeded exactly once when two processes race on a new default', async () => {
      const store = t.app.get<EventStore>(EVENT_STORE);
      const clock = t.app.get<Clock>(CLOCK);
      const extra = { ...loadDefaultRules()[0], id: 'default-race-test' };
      const before = await eventCount();
      const results = await Promise.all([seedDefaultRules(store, clock, [extra]), seedDefaultRules(store, clock, [extra])]);
      expect(results.flatMap((r) => r.created)).toEqual(['default-race-test']);
      expect(await eventCount()).toBe(before + 1);
      await del('/api/v1/reminder-rules/default-race-test').expect(200);
    });

    it('stay deleted when an admin deletes one: seeding never brings it back', async () => {
      const extra = { ...loadDefaultRules()[0], id: 'default-deleted-test' };
      const store = t.app.get<EventStore>(EVENT_STORE);
      const clock = t.app.get<Clock>(CLOCK);
      await seedDefaultRules(store, clock, [extra]);
      await del('/api/v1/reminder-rules/default-deleted-test').expect(200);
      expect((await seedDefaultRules(store, clock, [extra])).created).toEqual([]);
      await t.as('admin').get('/api/v1/reminder-rules/default-deleted-test').expect(404);
    });
  });

  describe('create, read, replace, delete', () => {
    it('creates a rule with a given id, filling defaults, answering 201 with version and position', async () => {
      const res = await t
        .as('admin')
        .post('/api/v1/reminder-rules', { id: 'nq71-5wd', ...ruleBody() })
        .expect(201);
      expect(res.body).toMatchObject({
        id: 'nq71-5wd',
        name: 'Nhắc trước hạn 5 ngày làm việc',
        enabled: true,
        repeat: null,
        digest: false,
        version: 1,
      });
      expect(res.body.position).toBeGreaterThan(0);
      const got = await t.as('admin').get('/api/v1/reminder-rules/nq71-5wd').expect(200);
      expect(got.body).toMatchObject({ id: 'nq71-5wd', scope: { sources: ['71/NQ-CP'] }, version: 1 });
      const list = await t.as('coordinator').get(`/api/v1/reminder-rules?minPosition=${res.body.position}`).expect(200);
      expect(list.body.map((r: ReminderRule) => r.id)).toContain('nq71-5wd');
    });

    it('generates a readable id from the name when none is given', async () => {
      const res = await t
        .as('admin')
        .post('/api/v1/reminder-rules', ruleBody({ name: 'Đôn đốc quá hạn' }))
        .expect(201);
      expect(res.body.id).toMatch(/^don-doc-qua-han-[0-9a-f]{6}$/);
      await t.as('admin').get(`/api/v1/reminder-rules/${res.body.id}`).expect(200);
    });

    it('replaces a rule with PUT, and a PUT that changes nothing appends nothing', async () => {
      const before = await t.as('admin').get('/api/v1/reminder-rules/nq71-5wd').expect(200);
      const changed = await t
        .as('admin')
        .put('/api/v1/reminder-rules/nq71-5wd', ruleBody({ level: 2, digest: true }))
        .expect(200);
      expect(changed.body).toMatchObject({ id: 'nq71-5wd', level: 2, digest: true, version: 2 });
      const count = await eventCount();
      // What a client GETs can be PUT back unchanged (id, version and updatedAt included).
      const read = await t.as('admin').get('/api/v1/reminder-rules/nq71-5wd').expect(200);
      expect(read.body.updatedAt).toMatch(/\+07:00$/);
      const again = await t.as('admin').put('/api/v1/reminder-rules/nq71-5wd', read.body).expect(200);
      expect(again.body.version).toBe(2);
      expect(await eventCount()).toBe(count);
      expect(before.body.version).toBe(1);
    });

    it('refuses a PUT based on an outdated version with 409', async () => {
      const count = await eventCount();
      const res = await t
        .as('admin')
        .put('/api/v1/reminder-rules/nq71-5wd', { ...ruleBody({ level: 3 }), version: 1 })
        .expect(409);
      expect(res.body.error.code).toBe('version_conflict');
      expect(await eventCount()).toBe(count);
    });

    it('records who changed what and when in the rule history', async () => {
      const history = await t.as('auditor').get('/api/v1/reminder-rules/nq71-5wd/history').expect(200);
      expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['ReminderRuleCreated', 'ReminderRuleUpdated']);
      expect(history.body.events[1]).toMatchObject({
        actor: { role: 'admin', name: 'Quản trị' },
        recordedAt: '2026-01-05T09:00:00.000+07:00',
        data: { rule: { level: 2 }, previous: { level: 0 } },
      });
    });

    it('deletes a rule: it reads as 404 afterwards and its id is never reused', async () => {
      const res = await del('/api/v1/reminder-rules/nq71-5wd').expect(200);
      expect(res.body).toMatchObject({ id: 'nq71-5wd', deleted: true, version: 3 });
      await t.as('admin').get('/api/v1/reminder-rules/nq71-5wd').expect(404);
      await t.as('admin').put('/api/v1/reminder-rules/nq71-5wd', ruleBody()).expect(404);
      await del('/api/v1/reminder-rules/nq71-5wd').expect(404);
      const again = await t
        .as('admin')
        .post('/api/v1/reminder-rules', { id: 'nq71-5wd', ...ruleBody() })
        .expect(409);
      expect(again.body.error.code).toBe('rule_id_retired');
      const list = await t.as('admin').get(`/api/v1/reminder-rules?minPosition=${res.body.position}`).expect(200);
      expect(list.body.map((r: ReminderRule) => r.id)).not.toContain('nq71-5wd');
    });

    it('refuses a duplicate id with 409 and an unknown id with 404', async () => {
      const res = await t
        .as('admin')
        .post('/api/v1/reminder-rules', { id: 'default-due-today', ...ruleBody() })
        .expect(409);
      expect(res.body.error.code).toBe('rule_exists');
      await t.as('admin').get('/api/v1/reminder-rules/no-such-rule').expect(404);
      await t.as('admin').put('/api/v1/reminder-rules/no-such-rule', ruleBody()).expect(404);
      await del('/api/v1/reminder-rules/no-such-rule').expect(404);
      await t.as('admin').get('/api/v1/reminder-rules/bad%20id!').expect(404);
    });
  });

  describe('validation', () => {
    it('names every bad field in one 400 and appends nothing', async () => {
      const before = await eventCount();
      const res = await t
        .as('admin')
        .post('/api/v1/reminder-rules', {
          id: 'bad id',
          name: '',
          offset: { amount: 1.5, unit: 'weeks' },
          repeat: { every: { amount: 0, unit: 'days' }, maxTimes: 500 },
          recipients: ['assignee', 'boss', 'email:a\r\nBcc: x@y.z'],
          level: 12,
          sendWindow: { start: '18:00', end: '08:00' },
          sendwindow: {},
        })
        .expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      const fields = res.body.error.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'id',
          'name',
          'offset.unit',
          'offset.amount',
          'repeat.every.amount',
          'repeat.maxTimes',
          'recipients[1]',
          'recipients[2]',
          'level',
          'sendWindow.end',
          'sendwindow',
        ]),
      );
      expect(await eventCount()).toBe(before);
    });

    it('refuses a PUT naming another id, or with bad fields, without appending', async () => {
      const before = await eventCount();
      const res = await t
        .as('admin')
        .put('/api/v1/reminder-rules/default-due-today', ruleBody({ id: 'other' }))
        .expect(400);
      expect(res.body.error.details[0].field).toBe('id');
      const bad = await t
        .as('admin')
        .put('/api/v1/reminder-rules/default-due-today', ruleBody({ offset: null, recipients: [] }))
        .expect(400);
      expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['offset', 'recipients']);
      const version = await t
        .as('admin')
        .put('/api/v1/reminder-rules/default-due-today', ruleBody({ version: 'x' }))
        .expect(400);
      expect(version.body.error.details[0].field).toBe('version');
      expect(await eventCount()).toBe(before);
    });
  });

  describe('roles', () => {
    it('lets coordinators and auditors read, and only admins write', async () => {
      await t.as('coordinator').get('/api/v1/reminder-rules').expect(200);
      await t.as('auditor').get('/api/v1/reminder-rules/default-due-today').expect(200);
      await t.as('bca').get('/api/v1/reminder-rules').expect(403);
      await t.as('coordinator').post('/api/v1/reminder-rules', ruleBody()).expect(403);
      await t.as('coordinator').put('/api/v1/reminder-rules/default-due-today', ruleBody()).expect(403);
      await del('/api/v1/reminder-rules/default-due-today', 'auditor').expect(403);
      await t.as('admin').get('/api/v1/reminder-rules').set('Authorization', '').expect(401);
    });
  });
});
