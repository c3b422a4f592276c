import { ManualClock, noticeId, taskIdFromCode } from '@app/domain';
import { PgDatabase, PostgresEventStore, SqlDatabase } from '@app/event-store';
import { createTestEventStore, testDatabaseUrl, type TestEventStore } from '@app/event-store/testing';
import { PeopleProjection, Projector, migrateReadModels } from '@app/projections';
import { NotificationProjection } from '../notices/notification-projection';
import { PendingNoticesProjection } from '../planning/pending-notices-projection';
import { RulesProjection } from '../rules/rules-projection';
import { NoticeScanner } from './notice-scanner';

/**
 * The scanner against real PostgreSQL, with the planner's tables filled by hand (the planner is
 * tested on its own): what it issues, what it skips, and that scanners racing on one store
 * issue each notice once.
 */
const NOW = new Date('2026-01-21T02:00:00Z');
const DUE = '2026-01-20T23:59:59.999+07:00';

describe('NoticeScanner', () => {
  let es: TestEventStore;
  const extra: PgDatabase[] = [];
  let projector: Projector;

  beforeEach(async () => {
    es = await createTestEventStore('pg');
    await migrateReadModels(es.db, [
      new RulesProjection(),
      new PendingNoticesProjection({ timeZone: 'Asia/Ho_Chi_Minh' }),
      new NotificationProjection(),
      new PeopleProjection(), // the scanner sends what is addressed to someone away to their substitute
    ]);
    await es.db.query(
      `INSERT INTO rm_agencies (code, name, kind, head_name, head_title, head_email, head_since, registered_at, version)
       VALUES ('BTC', 'Bộ Tài chính', 'ministry', 'Thủ trưởng', 'Bộ trưởng', 'head@btc.example.org', now(), now(), 1)`,
    );
    await es.db.query(`INSERT INTO rm_settings (key, value, updated_at) VALUES ('coordinators', '{"emails":["vpcp@example.org"]}', now())`);
    await rule(es.db, 'single', ['assignee', 'coordinators']);
    await rule(es.db, 'digest', ['agency_head'], true);
    // Only the notice read model follows the feed: the pending rows stay, as if the planner lagged.
    projector = new Projector(es.store, es.db, [new NotificationProjection()], { pollIntervalMs: 20 });
    await projector.start();
  });
  afterEach(async () => {
    await projector.stop();
    await Promise.all(extra.splice(0).map((db) => db.close()));
    await es.drop();
  });

  const scanner = (db: SqlDatabase = es.db, store = es.store, enqueued: string[] = []) =>
    new NoticeScanner(
      { db, store, queue: { enqueueDeliveries: async (ids) => void enqueued.push(...ids) }, clock: new ManualClock(NOW) },
      { timeZone: 'Asia/Ho_Chi_Minh', pageSize: 7 },
    );

  it('issues one notice per due single item and one digest per recipient; leaves future, stale and closed items', async () => {
    const tasks = ['T-1', 'T-2', 'T-3'].map((code) => ({ code, id: taskIdFromCode(code) }));
    for (const t of tasks) await task(es.db, t.code);
    await task(es.db, 'T-DONE', { completed: true });
    await task(es.db, 'T-EXT', { extensions: 1 });
    for (const t of tasks) await pending(es.db, t.code, 'single');
    for (const t of tasks) await pending(es.db, t.code, 'digest');
    await pending(es.db, 'T-1', 'single', { occurrence: 1, fireAt: '2026-01-22T01:00:00Z' }); // not due yet
    await pending(es.db, 'T-DONE', 'single');
    await pending(es.db, 'T-EXT', 'single'); // planned for deadline version 0; the task has 1
    const enqueued: string[] = [];
    const result = await scanner(es.db, es.store, enqueued).scanOnce(NOW);
    expect(result).toMatchObject({ due: 8, issued: 4, skipped: 2, enqueued: 4, deferred: false });

    const issued = await es.db.query<{ stream_id: string; data: any }>(
      `SELECT stream_id, data FROM events WHERE type = 'NoticeIssued' ORDER BY stream_id`,
    );
    const digest = issued.rows.find((r) => r.data.digest)!.data;
    expect(digest.items.map((i: { taskCode: string }) => i.taskCode)).toEqual(['T-1', 'T-2', 'T-3']);
    expect(digest.recipients).toEqual([expect.objectContaining({ email: 'head@btc.example.org', as: 'agency_head' })]);
    const singles = issued.rows.filter((r) => !r.data.digest).map((r) => r.data);
    expect(singles.map((s) => s.noticeId).sort()).toEqual(
      tasks.map((t) => noticeId({ taskId: t.id, ruleId: 'single', deadlineVersion: 0, occurrence: 0 })).sort(),
    );
    expect(singles[0].recipients.map((r: { email: string }) => r.email)).toEqual([
      expect.stringMatching(/@btc\.example\.org$/),
      'vpcp@example.org',
    ]);
    expect(singles[0]).toMatchObject({ kind: 'escalation', level: 2, catchUp: false, fireAt: '2026-01-21T01:00:00.000Z' });
    expect(singles[0].items[0]).toMatchObject({ deadlineVersion: 0, occurrence: 0, due: '2026-01-20T23:59:59.999+07:00' });
    expect(enqueued.sort()).toEqual(issued.rows.map((r) => r.stream_id.slice('notice-'.length)).sort());
  });

  it('fires a rule scoped to risk levels only while the task is at one of them; the other row waits', async () => {
    // T-1 is past its due instant with no progress: at high risk (overdue 3 + behind schedule 3)
    await task(es.db, 'T-1');
    await rule(es.db, 'only-high', ['assignee'], false, ['high']);
    await rule(es.db, 'only-medium', ['assignee'], false, ['medium']);
    await pending(es.db, 'T-1', 'only-high');
    await pending(es.db, 'T-1', 'only-medium');
    const result = await scanner().scanOnce(NOW);
    expect(result).toMatchObject({ due: 2, issued: 1, skipped: 1 });
    const issued = await es.db.query<{ data: any }>(`SELECT data FROM events WHERE type = 'NoticeIssued'`);
    expect(issued.rows.map((r) => r.data.ruleId)).toEqual(['only-high']);
    const waiting = await es.db.query(`SELECT rule_id FROM rm_pending_notices WHERE rule_id = 'only-medium'`);
    expect(waiting.rowCount).toBe(1);
  });

  it('never doubles a notice when scanners in two processes race on one store', async () => {
    for (let i = 0; i < 12; i++) {
      const code = `R-${i}`;
      await task(es.db, code);
      await pending(es.db, code, 'single');
      await pending(es.db, code, 'digest');
    }
    const other = new PgDatabase({ connectionString: testDatabaseUrl(), schema: es.schema, max: 4 });
    extra.push(other);
    const [a, b] = [[] as string[], [] as string[]];
    const results = await Promise.all([
      scanner(es.db, es.store, a).scanOnce(NOW),
      scanner(other, new PostgresEventStore(other), b).scanOnce(NOW),
      scanner(es.db, es.store, a).scanOnce(NOW),
    ]);
    const { rows } = await es.db.query<{ stream_id: string; n: number }>(
      `SELECT stream_id, count(*)::int AS n FROM events WHERE type = 'NoticeIssued' GROUP BY stream_id`,
    );
    expect(rows).toHaveLength(13); // 12 single notices and one digest to the head
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // …and no task × rule × occurrence is in two notices.
    const items = await es.db.query<{ key: string; n: number }>(
      `SELECT i->>'taskId' || '/' || (i->>'ruleId') || '/' || (i->>'occurrence') AS key, count(*)::int AS n
         FROM events, jsonb_array_elements(data->'items') AS i WHERE type = 'NoticeIssued' GROUP BY 1`,
    );
    expect(items.rows).toHaveLength(24);
    expect(items.rows.every((r) => r.n === 1)).toBe(true);
    expect(results.reduce((sum, r) => sum + r.issued, 0)).toBe(13);
    // Whoever lost a race still made sure the notice is queued (BullMQ dedups by job id).
    expect(new Set([...a, ...b]).size).toBe(13);
  });

  it('waits for the read models to show the notices it issued before, and defers when they lag', async () => {
    await task(es.db, 'W-1');
    await pending(es.db, 'W-1', 'single');
    await projector.stop();
    const scan = new NoticeScanner(
      { db: es.db, store: es.store, queue: { enqueueDeliveries: async () => undefined }, clock: new ManualClock(NOW) },
      { timeZone: 'Asia/Ho_Chi_Minh', projectionWaitMs: 100 },
    );
    expect(await scan.scanOnce(NOW)).toMatchObject({ issued: 1 });
    expect(await scan.scanOnce(NOW)).toMatchObject({ deferred: true, due: 0 });
    await projector.start();
    // Once projected, a pass (here another scanner's, as after a takeover) finds it issued.
    const again = new NoticeScanner(
      { db: es.db, store: es.store, queue: { enqueueDeliveries: async () => undefined }, clock: new ManualClock(NOW) },
      { timeZone: 'Asia/Ho_Chi_Minh', projectionWaitMs: 10_000 },
    );
    expect(await again.scanOnce(NOW)).toMatchObject({ deferred: false, issued: 0, alreadyIssued: 1 });
  });
});

async function rule(db: SqlDatabase, id: string, recipients: string[], digest = false, risks?: string[]): Promise<void> {
  const body = {
    id,
    name: id,
    enabled: true,
    scope: { sources: [], agencies: [], priorities: [], ...(risks ? { risks } : {}) },
    offset: { amount: 1, unit: 'days' },
    repeat: null,
    recipients,
    level: 2,
    digest,
    sendWindow: null,
  };
  await db.query(`INSERT INTO rm_rules (id, rule, enabled, deleted, version, updated_at) VALUES ($1, $2, true, false, 1, now())`, [
    id,
    JSON.stringify(body),
  ]);
}

async function task(db: SqlDatabase, code: string, opts: { completed?: boolean; extensions?: number } = {}): Promise<void> {
  await db.query(
    `INSERT INTO rm_tasks (task_id, code, title, lead_agency, assignee_name, assignee_email, priority, deadline_expression, due,
                           original_expression, original_due, extension_count, completed_at, clarity, assigned_at, version, last_position)
     VALUES ($1, $2, $3, 'BTC', 'Cán bộ', $4, 'normal', '2026-01-20', $5, '2026-01-20', $5, $6, $7, '{}', now(), 1, 1)`,
    [
      taskIdFromCode(code),
      code,
      `Nhiệm vụ ${code}`,
      `${code.toLowerCase()}@btc.example.org`,
      DUE,
      opts.extensions ?? 0,
      opts.completed ? NOW : null,
    ],
  );
}

async function pending(db: SqlDatabase, code: string, ruleId: string, opts: { occurrence?: number; fireAt?: string } = {}): Promise<void> {
  const taskId = taskIdFromCode(code);
  const occurrence = opts.occurrence ?? 0;
  await db.query(
    `INSERT INTO rm_pending_notices (notice_key, task_id, task_code, rule_id, occurrence, deadline_version, due, fire_at, level, digest, catch_up)
     VALUES ($1, $2, $3, $4, $5, 0, $6, $7, 2, $8, false)`,
    [
      noticeId({ taskId, ruleId, deadlineVersion: 0, occurrence }),
      taskId,
      code,
      ruleId,
      occurrence,
      DUE,
      opts.fireAt ?? '2026-01-21T01:00:00Z',
      ruleId === 'digest',
    ],
  );
}
