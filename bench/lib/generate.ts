import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { copyField, copyIn } from './copy';
import {
  AgencyRegistered,
  ManualClock,
  ResolvedDeadline,
  TaskCommand,
  TaskEvent,
  TaskState,
  WorkingCalendar,
  agencyStreamId,
  decideTask,
  evolveTask,
  initialTaskState,
  resolveDeadline,
  taskIdFromCode,
  taskStreamId,
} from '@app/domain';
import { PostgresEventStore, SqlDatabase, expect, migrate } from '@app/event-store';
import { migrateReadModels } from '@app/projections';
import { allReadModels } from '@app/runtime';
import { uuidV7 } from '@app/event-store/postgres/uuid-v7';
import { seedDefaultRules } from '@app/escalation';
import { loadShippedYears } from '@app/platform';
import { DATABASE_URL } from './harness';

/**
 * Bulk history generator. Task lifecycles are decided by the real task decider (taskDecider:
 * real deadline resolution on the shipped working-day calendar, real event shapes) for a few
 * dozen variants, then stamped out per task by replacing the task id, code, agencies and
 * assignee in the JSON text. Rows go straight into `events` and `streams` in the shape
 * append_events writes, with multi-row INSERTs of `unnest(...)` arrays (5,000 rows per
 * statement, two connections, the next batch built while the previous one is in flight).
 *
 * What is NOT like append_events: `hash`/`prev_hash` are sha-256 values chained per stream but
 * not computed by event_hash() (that needs jsonb's canonical text), so `verify` reports the bulk
 * events as hash mismatches. Nothing else reads the hashes: projections and rebuilds do not.
 * Agencies and the default rules are appended through the real store (valid hashes).
 */

export const TZ = 'Asia/Ho_Chi_Minh';
const TEMPLATE_ID = 'aaaaaaaa-aaaa-5aaa-aaaa-aaaaaaaaaaaa';
const TEMPLATE_CODE = 'ZZCODEZZ';
const TEMPLATE_LEAD = 'ZZLEADZZ';
const TEMPLATE_COORD = 'ZZCOORDZZ';
const TEMPLATE_N = 'zznzz';
const PLACEHOLDERS = new RegExp(`${TEMPLATE_ID}|${TEMPLATE_CODE}|${TEMPLATE_LEAD}|${TEMPLATE_COORD}|${TEMPLATE_N}`, 'g');

export interface GenerateOptions {
  tasks: number;
  /** events per task (1 = TaskAssigned only; 10 = a full lifecycle); the last is a completion for a third of tasks when ≥ 10 */
  eventsPerTask: number;
  agencies?: number;
  /** business/record time of the first event; events follow one second apart per chunk step */
  startAt?: Date;
  /** deadlines spread over these months (YYYY-MM) */
  deadlineMonths?: string[];
  /** tasks interleaved together (events of a chunk are ordered by lifecycle step, like real traffic) */
  chunkTasks?: number;
  onProgress?: (events: number) => void;
  /** code prefix; codes are `<prefix>-<n>` */
  codePrefix?: string;
  /** keep the events indexes during the load (default: drop them and build them after, much faster) */
  keepIndexes?: boolean;
}

export interface GenerateResult {
  tasks: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** of which: rebuilding the indexes dropped for the load, and ANALYZE */
  indexSeconds: number;
}

interface Variant {
  /** JSON text of each event's data, with placeholders */
  data: string[];
  types: string[];
}

export const agencyCodes = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => (i < 30 ? `B${String(i + 1).padStart(2, '0')}` : `T${String(i - 29).padStart(2, '0')}`));

/** The lifecycle steps (commands) of a task with `steps` events; `complete` ends it with TaskCompleted. */
function lifecycle(steps: number, complete: boolean, deadline: ResolvedDeadline, extendTo: ResolvedDeadline): TaskCommand[] {
  const assign: TaskCommand = {
    type: 'AssignTask',
    data: {
      taskId: TEMPLATE_ID,
      code: TEMPLATE_CODE,
      title: 'Xây dựng và vận hành cơ sở dữ liệu chuyên ngành, kết nối với cơ sở dữ liệu quốc gia',
      description: 'Hoàn thành xây dựng, cập nhật, làm sạch dữ liệu và kết nối, chia sẻ với các bộ, ngành, địa phương theo Nghị quyết',
      source: { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-04-01' },
      leadAgency: TEMPLATE_LEAD,
      coordinatingAgencies: [TEMPLATE_COORD],
      assignee: { name: 'Nguyễn Văn An', email: `officer.${TEMPLATE_N}@bench.example.org` },
      deliverable: 'Báo cáo kết quả triển khai gửi Văn phòng Chính phủ',
      approver: 'Phó Thủ tướng Chính phủ',
      deadline,
      priority: 'high',
    },
  };
  const middle: TaskCommand[] = [
    { type: 'ReportProgress', data: { percent: 10, note: 'Đã xây dựng kế hoạch triển khai' } },
    { type: 'RaiseBlocker', data: { blockerId: `blk-${TEMPLATE_ID}`, description: 'Chưa bố trí đủ kinh phí thực hiện' } },
    { type: 'ReportProgress', data: { percent: 30, note: 'Đang khảo sát hiện trạng dữ liệu' } },
    { type: 'ResolveBlocker', data: { blockerId: `blk-${TEMPLATE_ID}`, note: 'Đã được bổ sung kinh phí' } },
    { type: 'ReportProgress', data: { percent: 50, note: 'Hoàn thành thiết kế hệ thống' } },
    {
      type: 'RequestExtension',
      data: { requestId: `req-${TEMPLATE_ID}`, proposedDeadline: extendTo, reason: 'Khối lượng dữ liệu lớn hơn dự kiến' },
    },
    {
      type: 'ExtendDeadline',
      data: { newDeadline: extendTo, reason: 'Đồng ý gia hạn', decisionRef: 'CV-123/VPCP', requestId: `req-${TEMPLATE_ID}` },
    },
    { type: 'ReportProgress', data: { percent: 80, note: 'Đang kết nối thử nghiệm' } },
  ];
  const last: TaskCommand = complete
    ? { type: 'CompleteTask', data: { deliverableRef: 'BC-01/2026', note: 'Đã vận hành chính thức' } }
    : { type: 'ReportProgress', data: { percent: 90, note: 'Hoàn thiện kết nối' } };
  const commands: TaskCommand[] = [assign];
  for (let i = 1; i < steps; i++) commands.push(steps >= 10 && i === steps - 1 ? last : middle[(i - 1) % middle.length]);
  return commands;
}

/** Runs the real decider over a lifecycle and keeps the events' data as JSON text templates. */
function buildVariants(eventsPerTask: number, calendar: WorkingCalendar, months: string[]): Variant[] {
  const variants: Variant[] = [];
  const at = new Date('2025-06-02T09:00:00+07:00');
  for (let v = 0; v < 48; v++) {
    const month = months[v % months.length];
    const day = String(1 + ((v * 7) % 28)).padStart(2, '0');
    const deadline = v % 8 === 7 ? `Q${1 + (v % 4)}/${month.slice(0, 4)}` : `${month}-${day}`;
    const [y, m] = month.split('-').map(Number);
    const extendTo = `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-28`;
    const resolve = (expression: string) => resolveDeadline(expression, calendar, TZ);
    const commands = lifecycle(eventsPerTask, v % 3 === 0, resolve(deadline), resolve(extendTo));
    let state: TaskState = initialTaskState();
    const data: string[] = [];
    const types: string[] = [];
    commands.forEach((command, i) => {
      let events: TaskEvent[];
      try {
        events = decideTask(command, state, { at: new Date(at.getTime() + i * 86_400_000), calendar, timeZone: TZ });
      } catch {
        // a step that does not apply to this state (e.g. a request after an extension): progress instead
        events = decideTask({ type: 'ReportProgress', data: { percent: 60, note: 'Tiếp tục triển khai' } }, state, {
          at,
          calendar,
          timeZone: TZ,
        });
      }
      for (const event of events) {
        state = evolveTask(state, event, new Date(at.getTime() + i * 86_400_000));
        data.push(JSON.stringify(event.data));
        types.push(event.type);
      }
    });
    variants.push({ data, types });
  }
  return variants;
}

/** Appends agencies and the default rules through the real store (valid hash chain). */
export async function seedReferenceData(db: SqlDatabase, agencies: number, at: Date): Promise<string[]> {
  const store = new PostgresEventStore(db, { notify: false });
  const codes = agencyCodes(agencies);
  for (const code of codes) {
    const event: AgencyRegistered = {
      type: 'AgencyRegistered',
      data: {
        code,
        name: `Cơ quan ${code}`,
        kind: code.startsWith('B') ? 'ministry' : 'province',
        head: { name: `Thủ trưởng ${code}`, title: 'Bộ trưởng', email: `head@${code.toLowerCase()}.bench.example.org` },
      },
    };
    await store.append(agencyStreamId(code), [{ ...event, metadata: { actor: { role: 'admin', name: 'bench' } }, occurredAt: at }], {
      expectedVersion: expect.noStream(),
      recordedAt: at,
    });
  }
  await seedDefaultRules(store, new ManualClock(at));
  return codes;
}

const COPY_EVENTS = `COPY events (id, stream_id, version, type, data, metadata, occurred_at, recorded_at, hash, prev_hash) FROM STDIN`;
const COPY_STREAMS = `COPY streams (id, version, last_hash, created_at) FROM STDIN`;

/**
 * Writes `tasks` task streams of `eventsPerTask` events each with COPY on two connections
 * (one loads while the next chunk is built). The schema must be migrated (event store) and
 * should hold the reference data (seedReferenceData) first.
 */
export async function generateTasks(
  db: SqlDatabase,
  target: { connectionString: string; schema: string },
  options: GenerateOptions,
): Promise<GenerateResult> {
  const started = Date.now();
  const calendar = new WorkingCalendar([...loadShippedYears().values()]);
  const months = options.deadlineMonths ?? [
    '2026-02',
    '2026-03',
    '2026-04',
    '2026-05',
    '2026-06',
    '2026-07',
    '2026-09',
    '2026-10',
    '2026-11',
    '2027-01',
    '2027-03',
    '2027-06',
  ];
  const variants = buildVariants(options.eventsPerTask, calendar, months);
  const agencies = agencyCodes(options.agencies ?? 60);
  const chunk = options.chunkTasks ?? 2000;
  const prefix = options.codePrefix ?? 'BENCH';
  const start = (options.startAt ?? new Date('2025-06-02T02:00:00Z')).getTime();
  const actor = '{"actor": {"name": "Văn phòng Chính phủ", "role": "coordinator"}, "correlationId": "';

  const clients = [0, 1].map(
    () =>
      new Client({
        connectionString: target.connectionString,
        options: `-c search_path=${target.schema}`,
        application_name: `bench-${target.schema}`,
      }),
  );
  await Promise.all(clients.map((c) => c.connect()));
  const restore = options.keepIndexes ? null : await dropEventIndexes(db);
  const inFlight: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  let written = 0;
  let step = 0;
  try {
    for (let first = 0, round = 0; first < options.tasks; first += chunk, round++) {
      const count = Math.min(chunk, options.tasks - first);
      const tasks = Array.from({ length: count }, (_, i) => {
        const n = first + i;
        const code = `${prefix}-${String(n).padStart(7, '0')}`;
        const taskId = taskIdFromCode(code);
        const lead = agencies[n % agencies.length];
        let coord = agencies[(n * 7 + 1) % agencies.length];
        if (coord === lead) coord = agencies[(n + 1) % agencies.length];
        const replacements: Record<string, string> = {
          [TEMPLATE_ID]: taskId,
          [TEMPLATE_CODE]: code,
          [TEMPLATE_LEAD]: lead,
          [TEMPLATE_COORD]: coord,
          [TEMPLATE_N]: String(n),
        };
        return { stream: taskStreamId(taskId), variant: variants[n % variants.length], replacements, prevHash: null as string | null };
      });
      const lines: string[] = [];
      const maxSteps = Math.max(...tasks.map((t) => t.variant.data.length));
      for (let k = 0; k < maxSteps; k++) {
        const at = new Date(start + step++ * 1000).toISOString();
        for (const task of tasks) {
          if (k >= task.variant.data.length) continue;
          const id = uuidV7();
          const hash = createHash('sha256')
            .update(`${task.prevHash ?? ''}|${id}`)
            .digest('hex');
          const data = task.variant.data[k].replace(PLACEHOLDERS, (m) => task.replacements[m]);
          lines.push(
            `${id}\t${task.stream}\t${k + 1}\t${task.variant.types[k]}\t${copyField(data)}\t${actor}${randomUUID()}"}\t${at}\t${at}\t${hash}\t${task.prevHash ?? '\\N'}\n`,
          );
          task.prevHash = hash;
        }
      }
      const created = new Date(start).toISOString();
      const streams = tasks.map((t) => `${t.stream}\t${t.variant.data.length}\t${t.prevHash}\t${created}\n`).join('');
      const slot = round % 2;
      await inFlight[slot];
      const client = clients[slot];
      const events = Buffer.from(lines.join(''));
      inFlight[slot] = (async () => {
        // one transaction per chunk: the events and their stream rows appear together
        await client.query('BEGIN');
        const n = await copyIn(client, COPY_EVENTS, events);
        await copyIn(client, COPY_STREAMS, Buffer.from(streams));
        await client.query('COMMIT');
        written += n;
        options.onProgress?.(written);
      })();
    }
    await Promise.all(inFlight);
  } finally {
    await Promise.allSettled(inFlight);
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
  const loaded = Date.now();
  if (restore) await restore();
  await db.query('ANALYZE events');
  await db.query('ANALYZE streams');
  const seconds = (Date.now() - started) / 1000;
  return { tasks: options.tasks, events: written, seconds, eventsPerSecond: written / seconds, indexSeconds: (Date.now() - loaded) / 1000 };
}

/**
 * Drops the secondary indexes and the unique constraints of `events` (the primary key stays)
 * and returns a function that recreates them from their own definitions: building an index
 * once after a bulk load is several times faster than maintaining six of them row by row.
 */
async function dropEventIndexes(db: SqlDatabase): Promise<() => Promise<void>> {
  return dropIndexes(db, 'events');
}

/** Drops a table's secondary indexes and unique constraints (not its primary key); returns their re-creation. */
export async function dropIndexes(db: SqlDatabase, table: string): Promise<() => Promise<void>> {
  const { rows: constraints } = await db.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype = 'u'`,
    [table],
  );
  const { rows: indexes } = await db.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    [table],
  );
  for (const c of constraints) await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${c.name}`);
  for (const i of indexes) await db.query(`DROP INDEX ${i.name}`);
  return async () => {
    for (const c of constraints) await db.query(`ALTER TABLE ${table} ADD CONSTRAINT ${c.name} ${c.def}`);
    for (const i of indexes) await db.query(i.def);
  };
}

/**
 * `count` task lifecycles of `eventsPerTask` real events each (objects, ready to append), for
 * the append benchmarks: the same payloads go to the store, the raw INSERT and the peer.
 */
export function sampleLifecycles(count: number, eventsPerTask = 10): { type: string; data: Record<string, unknown> }[][] {
  const calendar = new WorkingCalendar([...loadShippedYears().values()]);
  const variants = buildVariants(eventsPerTask, calendar, ['2026-03', '2026-06', '2026-09', '2026-12']);
  const agencies = agencyCodes(60);
  return Array.from({ length: count }, (_, n) => {
    const code = `APPEND-${n}`;
    const replacements: Record<string, string> = {
      [TEMPLATE_ID]: taskIdFromCode(code),
      [TEMPLATE_CODE]: code,
      [TEMPLATE_LEAD]: agencies[n % 60],
      [TEMPLATE_COORD]: agencies[(n + 1) % 60],
      [TEMPLATE_N]: String(n),
    };
    const variant = variants[n % variants.length];
    return variant.data.map((text, k) => ({
      type: variant.types[k],
      data: JSON.parse(text.replace(PLACEHOLDERS, (m) => replacements[m])),
    }));
  });
}

/**
 * A bench schema ready to measure: the event store and read-model tables, 60 agencies with the
 * default rules, and `tasks` generated tasks of `eventsPerTask` events (not yet projected).
 */
export async function freshTaskStore(
  db: SqlDatabase,
  schema: string,
  options: Pick<GenerateOptions, 'tasks' | 'eventsPerTask'>,
): Promise<GenerateResult> {
  await migrate(db);
  await migrateReadModels(db, allReadModels());
  await seedReferenceData(db, 60, new Date('2025-06-01T02:00:00Z'));
  return generateTasks(db, { connectionString: DATABASE_URL, schema }, options);
}
