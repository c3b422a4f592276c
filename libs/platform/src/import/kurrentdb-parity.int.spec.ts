/**
 * The KurrentDB mode behaves as the PostgreSQL one for past reports, verify and replay (issue
 * 11): the same import appended to the PostgreSQL store and to the KurrentDB adapter over its
 * in-memory stand-in, each projected into read models of its own, answers the same past
 * summaries, rankings and monthly plans (the evaluator folds the changed tasks through the store
 * port), the same tasks as of each date, and verifies alike. With KURRENTDB_URL set the contract
 * suite runs the adapter against a real server as well.
 */
import { WorkingCalendar, holidayYearFromJson } from '@app/domain';
import { KurrentDbEventStore, PostgresEventStore, type EventStore, type SqlDatabase } from '@app/event-store';
import { InMemoryKurrentDb, createTestDatabase, untilFeedShows, type TestDatabase } from '@app/event-store/testing';
import { Projector, ReportEvaluator, evaluationAt, migrateReadModels, readModelProjections, readTaskAsOf } from '@app/projections';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { importData } from './import-data';
import { mergeInputs, parseImportFile } from './parse-input';

const AGENCIES = `Mã cơ quan,Tên cơ quan,Loại,Người đứng đầu,Chức vụ,Email,Ngày đăng ký
BCA,Bộ Công an,ministry,Lương Tam Quang,Bộ trưởng,bt@bca.example.org,2025-01-01
BKHCN,Bộ Khoa học và Công nghệ,ministry,Nguyễn Mạnh Hùng,Bộ trưởng,bt@most.example.org,2025-01-01
`;
const TASKS = `Mã nhiệm vụ,Tên nhiệm vụ,Cơ quan chủ trì,Thời hạn,Ngày giao,Ngày hoàn thành,Gia hạn đến,Ngày gia hạn,Lý do gia hạn,Văn bản giao
P-01,Nhiệm vụ hoàn thành đúng hạn,BCA,2025-06-30,2025-04-01,2025-06-20,,,,71/NQ-CP
P-02,Nhiệm vụ hoàn thành muộn,BCA,2025-05-31,2025-04-01,2025-07-15,,,,71/NQ-CP
P-03,Nhiệm vụ được gia hạn,BKHCN,2025-06-30,2025-04-01,,2025-09-30,2025-06-25,Chờ ý kiến các bộ,71/NQ-CP
P-04,Nhiệm vụ quá hạn,BKHCN,2025-07-31,2025-04-15,,,,,57-NQ/TW
P-05,Nhiệm vụ thường xuyên,BCA,thường xuyên,2025-05-01,,,,,57-NQ/TW
`;
const DATES = ['2025-05-15', '2025-06-26', '2025-07-01', '2025-08-20', '2025-10-15'];
const RULES = { dueSoonDays: 7, timeZone: 'Asia/Ho_Chi_Minh' };
const NOW = new Date('2025-11-01T09:00:00+07:00');

interface Mode {
  name: string;
  store: EventStore;
  readDb: SqlDatabase;
  evaluator: ReportEvaluator;
}

describe('KurrentDB and PostgreSQL answer the past alike', () => {
  const dbs: TestDatabase[] = [];
  const modes: Mode[] = [];

  beforeAll(async () => {
    const calendar = new WorkingCalendar(
      ['2025'].map((y) =>
        holidayYearFromJson(JSON.parse(readFileSync(path.resolve(__dirname, '../../../../config/holidays', `${y}.json`), 'utf8'))),
      ),
    );
    const input = () => mergeInputs([parseImportFile(AGENCIES, { format: 'csv' }), parseImportFile(TASKS, { format: 'csv' })]);
    const pg = await createTestDatabase('pg', { migrate: true });
    const kurrentReads = await createTestDatabase('pg');
    dbs.push(pg, kurrentReads);
    const stores: [string, EventStore, SqlDatabase][] = [
      ['postgres', new PostgresEventStore(pg.db, { notify: false }), pg.db],
      ['kurrentdb (stand-in)', new KurrentDbEventStore(new InMemoryKurrentDb()), kurrentReads.db],
    ];
    for (const [name, store, readDb] of stores) {
      const report = await importData(store, calendar, input(), { now: NOW, timeZone: RULES.timeZone });
      expect(report.issues).toEqual([]);
      await migrateReadModels(readDb, readModelProjections());
      await untilFeedShows(store, (await store.counts()).events); // another suite's open transaction holds the feed back
      await new Projector(store, readDb, readModelProjections()).catchUp();
      modes.push({ name, store, readDb, evaluator: new ReportEvaluator(readDb, store, RULES) });
    }
  });
  afterAll(async () => {
    for (const m of modes) await m.store.close().catch(() => undefined);
    for (const d of dbs) await d.drop();
  });

  it.each(DATES)('as of %s: the same summary, ranking and monthly plan', async (day) => {
    const asOf = new Date(`${day}T23:59:59+07:00`);
    const when = evaluationAt(NOW, asOf, null);
    const [pg, kurrent] = await Promise.all(
      modes.map(async (m) => ({
        summary: await m.evaluator.summary(when, {}),
        ranking: await m.evaluator.ranking(when),
        plan: await m.evaluator.monthlyPlan(when, 2025, undefined),
      })),
    );
    expect(kurrent).toEqual(pg);
    expect(pg.summary.total).toBeGreaterThan(0);
  });

  it('counts the past as it was: on 1 July the late task is overdue and the extended one in time', async () => {
    const when = evaluationAt(NOW, new Date('2025-07-01T23:59:59+07:00'), null);
    for (const m of modes) {
      expect(await m.evaluator.summary(when, {})).toMatchObject({ total: 5, completedOnTime: 1, completedLate: 0, overdue: 1, ongoing: 1 });
    }
  });

  it('the same tasks as of each date (the replay), and both verify', async () => {
    const codes = ['P-01', 'P-02', 'P-03', 'P-04', 'P-05'];
    const ids = (await modes[0].readDb.query<{ task_id: string; code: string }>(`SELECT task_id::text AS task_id, code FROM rm_tasks`))
      .rows;
    expect(ids.map((r) => r.code).sort()).toEqual(codes);
    for (const day of DATES) {
      const asOf = new Date(`${day}T23:59:59+07:00`);
      for (const { task_id } of ids) {
        const states = await Promise.all(modes.map((m) => readTaskAsOf(m.store, task_id, { asOf })));
        expect(states[1].state).toEqual(states[0].state);
      }
    }
    const [a, b] = await Promise.all(modes.map((m) => m.store.verify()));
    expect(a.ok && b.ok).toBe(true);
    expect(b.events).toBe(a.events);
    expect(b.streams).toBe(a.streams);
  });
});
