import { outputSink } from './testing/output-sink';
import {
  AgencyCommand,
  TaskCommand,
  TaskEvent,
  WorkingCalendar,
  agencyDecider,
  agencyStreamId,
  parseTaskCommand,
  taskDecider,
  taskIdFromCode,
  taskStreamId,
} from '@app/domain';
import { PostgresEventStore, expect as expectVersion } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/event-store/testing';
import { READ_MODELS_CHECKPOINT, migrateReadModels } from '@app/projections';
import { allReadModels } from '@app/runtime';
import { statusSql } from '@app/projections/tasks/task-status-sql';
import { loadShippedYears } from '@app/platform';
import { CliError } from './cli-error';
import { rebuildReadModels } from './rebuild.command';
import { replayTask } from './replay.command';
import { verifyEventStore } from './verify.command';

const TZ = 'Asia/Ho_Chi_Minh';
const calendar = new WorkingCalendar([...loadShippedYears().values()]);
const hanoi = (local: string) => new Date(`${local}+07:00`);
const NOW = hanoi('2026-04-01T09:00:00');

/** a stream to collect what a command prints */
const sink = outputSink;

// Real PostgreSQL, a fresh schema (TEST_DATABASE_URL); the commands' functions, not the child process.
describe('cli commands', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const db = () => database.db;

  async function agency(command: AgencyCommand, at: string) {
    const streamId = agencyStreamId((command.data as { code: string }).code);
    const events = agencyDecider.decide(command, agencyDecider.initialState());
    await store.append(
      streamId,
      events.map((e) => ({ ...e, occurredAt: hanoi(at) })),
      {
        expectedVersion: expectVersion.noStream(),
        recordedAt: new Date(hanoi(at).getTime() + 1000),
      },
    );
  }

  /** read, fold, parse (as the API's door does) and decide with the shipped working-day calendar, append */
  async function task(code: string, input: { type: TaskCommand['type']; data: unknown }, at: string) {
    const streamId = taskStreamId(taskIdFromCode(code));
    const past = await store.readStream(streamId);
    const state = past.reduce((s, e) => taskDecider.evolve(s, e as unknown as TaskEvent, e.occurredAt), taskDecider.initialState());
    const command = parseTaskCommand(input.type, input.data, { calendar, timeZone: TZ });
    const events = taskDecider.decide(command, state, { at: hanoi(at), calendar, timeZone: TZ });
    await store.append(
      streamId,
      events.map((e) => ({ type: e.type, data: { ...e.data }, occurredAt: hanoi(at) })),
      {
        expectedVersion: past.length === 0 ? expectVersion.noStream() : expectVersion.exact(past.length),
        recordedAt: new Date(hanoi(at).getTime() + 1000),
      },
    );
  }

  beforeAll(async () => {
    database = await createTestDatabase('pg', { migrate: true });
    await migrateReadModels(database.db, allReadModels());
    store = new PostgresEventStore(database.db);

    const head = (name: string, title: string, email: string) => ({ name, title, email });
    await agency(
      {
        type: 'RegisterAgency',
        data: {
          code: 'BCA',
          name: 'Bộ Công an',
          kind: 'ministry',
          head: head('Lương Tam Quang', 'Bộ trưởng', 'bo-truong@bca.example.org'),
        },
      },
      '2026-01-02T08:00:00',
    );
    await agency(
      {
        type: 'RegisterAgency',
        data: {
          code: 'BTC',
          name: 'Bộ Tài chính',
          kind: 'ministry',
          head: head('Nguyễn Văn Thắng', 'Bộ trưởng', 'bo-truong@mof.example.org'),
        },
      },
      '2026-01-02T08:05:00',
    );

    await task(
      'NQ71-012',
      {
        type: 'AssignTask',
        data: {
          taskId: taskIdFromCode('NQ71-012'),
          code: 'NQ71-012',
          title: 'Xây dựng cơ sở dữ liệu quốc gia về dân cư',
          source: { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-12-30' },
          leadAgency: 'BCA',
          coordinatingAgencies: ['BTC'],
          assignee: { name: 'Nguyễn Văn An', email: 'an@bca.example.org' },
          deliverable: 'Báo cáo kết quả kết nối',
          approver: 'Phó Thủ tướng',
          deadline: 'Q1/2026',
          priority: 'high',
        },
      },
      '2026-01-05T09:00:00',
    );
    await task('NQ71-012', { type: 'ReportProgress', data: { percent: 50, note: 'Đã kết nối 10/20 bộ' } }, '2026-02-10T10:00:00');
    await task('NQ71-012', { type: 'CompleteTask', data: { deliverableRef: 'BC-123/BCA', note: null } }, '2026-03-20T10:00:00');

    // 31/01/2026 is a Saturday: the deadline moves to Monday 2026-02-02 (Civil Code art. 148)
    await task(
      'NQ71-013',
      {
        type: 'AssignTask',
        data: {
          taskId: taskIdFromCode('NQ71-013'),
          code: 'NQ71-013',
          title: 'Trình dự thảo nghị định về thu phí khai thác dữ liệu',
          leadAgency: 'BTC',
          assignee: { name: 'Trần Thị Bình', email: 'binh@mof.example.org' },
          deliverable: 'Dự thảo nghị định',
          approver: 'Thủ tướng',
          deadline: '31/01/2026',
        },
      },
      '2026-01-06T14:00:00',
    );
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('rebuild empties the read models and replays every event through the projections', async () => {
    await db().query(
      `INSERT INTO rm_agencies (code, name, kind, head_name, head_title, head_email, head_since, registered_at, version)
       VALUES ('STALE', 'left over', 'agency', 'x', 'x', 'x@example.org', now(), now(), 1)`,
    );
    const out = sink();
    const first = await rebuildReadModels(db(), store, out.stream, { batchSize: 2 });
    expect(first).toMatchObject({ total: 6, applied: 6 });
    expect(out.text()).toMatch(/^rebuilt read models: 6 events applied in \d+\.\d\d s \(\d+ events\/s\)\n$/);

    const again = await rebuildReadModels(db(), store, sink().stream);
    expect(again.applied).toBe(6);

    const { rows: tasks } = await db().query(
      `SELECT code, lead_agency, deadline_expression, last_day, adjusted, progress_percent, on_time, completed_at IS NOT NULL AS completed,
              version, ${statusSql('$1::timestamptz', '$2::int', '$3::text')} AS status
         FROM rm_tasks ORDER BY code`,
      [NOW.toISOString(), 7, TZ],
    );
    expect(tasks).toEqual([
      {
        code: 'NQ71-012',
        lead_agency: 'BCA',
        deadline_expression: 'Q1/2026',
        last_day: '2026-03-31',
        adjusted: false,
        progress_percent: 50,
        on_time: true,
        completed: true,
        version: 3,
        status: 'completed_on_time',
      },
      {
        code: 'NQ71-013',
        lead_agency: 'BTC',
        deadline_expression: '31/01/2026',
        last_day: '2026-01-31',
        adjusted: true,
        progress_percent: null,
        on_time: null,
        completed: false,
        version: 1,
        status: 'overdue',
      },
    ]);
    const { rows: agencies } = await db().query(`SELECT code, head_name FROM rm_agencies ORDER BY code`);
    expect(agencies).toEqual([
      { code: 'BCA', head_name: 'Lương Tam Quang' },
      { code: 'BTC', head_name: 'Nguyễn Văn Thắng' },
    ]);
    const { rows: history } = await db().query(`SELECT count(*)::int AS n FROM rm_task_history`);
    expect(history[0].n).toBe(4);
    const { rows: checkpoint } = await db().query(`SELECT position FROM projection_checkpoints WHERE name = $1`, [READ_MODELS_CHECKPOINT]);
    const { rows: last } = await db().query(`SELECT max(position) AS p FROM events`);
    expect(Number(checkpoint[0].position)).toBe(Number(last[0].p));
  });

  it('verify reports an intact store', async () => {
    const out = sink();
    const result = await verifyEventStore(db(), store, out.stream);
    expect(result.ok).toBe(true);
    expect(result.failures).toEqual([]);
    expect(out.text()).toBe('event store ok: 4 streams, 6 events, every hash chain intact\n');
  });

  it('replay folds the stream as of a business time, before the completion', async () => {
    const out = sink();
    const result = await replayTask(db(), store, out.stream, 'NQ71-012', { asOf: '2026-03-01', timeZone: TZ, dueSoonDays: 7 });
    expect(result).toMatchObject({
      taskId: taskIdFromCode('NQ71-012'),
      asOf: '2026-03-01T16:59:59.999Z',
      knownAt: null,
      status: 'on_track',
      eventsFolded: 2,
      eventsRead: 3,
    });
    expect(result.state).toMatchObject({ code: 'NQ71-012', completedAt: null, progress: { percent: 50 }, version: 2 });
    expect(JSON.parse(out.text())).toEqual(JSON.parse(JSON.stringify(result)));

    const late = await replayTask(db(), store, sink().stream, 'NQ71-012', { asOf: '2026-03-28T09:00:00+07:00', timeZone: TZ });
    expect(late.status).toBe('completed_on_time');
  });

  it('replay by id, by code and as known at a record time', async () => {
    const id = taskIdFromCode('NQ71-012');
    const byId = await replayTask(db(), store, sink().stream, id.toUpperCase(), { now: () => NOW });
    const byCode = await replayTask(db(), store, sink().stream, 'NQ71-012', { now: () => NOW });
    expect(byId).toEqual(byCode);
    expect(byId.status).toBe('completed_on_time');

    // the completion was recorded at 10:00:01 on 2026-03-20
    const before = await replayTask(db(), store, sink().stream, id, { knownAt: '2026-03-20T10:00:00+07:00', now: () => NOW });
    expect(before).toMatchObject({ eventsRead: 2, status: 'overdue' });
    expect(before.state.completedAt).toBeNull();
  });

  it('replay fails with one clear line for an unknown task or a bad time', async () => {
    await expect(replayTask(db(), store, sink().stream, 'NQ99-999')).rejects.toThrow(new CliError('task with code "NQ99-999" not found'));
    await expect(replayTask(db(), store, sink().stream, 'NQ71-013', { asOf: '2026-01-01' })).rejects.toThrow(
      /^task with code "NQ71-013" did not exist as of 2026-01-01T16:59:59.999Z$/,
    );
    await expect(replayTask(db(), store, sink().stream, 'NQ71-013', { asOf: '2026-01-15T09:00' })).rejects.toThrow(
      /^--as-of: .*not ISO-8601/,
    );
  });

  it('verify lists each failure when history was edited behind the triggers', async () => {
    const { rows } = await db().query(`SELECT position, stream_id FROM events WHERE type = 'ProgressReported'`);
    const position = Number(rows[0].position);
    await db().transaction(async (tx) => {
      await tx.exec('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE events SET data = jsonb_set(data, '{percent}', '90') WHERE position = $1`, [position]);
    });
    const out = sink();
    const result = await verifyEventStore(db(), store, out.stream);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([{ streamId: rows[0].stream_id, version: 2, position, reason: 'hash mismatch' }]);
    expect(out.text()).toBe(
      `event store NOT ok: 1 failure in 4 streams, 6 events\n  position ${position}  stream ${rows[0].stream_id}  version 2: hash mismatch\n`,
    );
  });
});
