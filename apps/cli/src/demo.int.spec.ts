import { readFileSync } from 'node:fs';
import { ManualClock, WorkingCalendar, taskIdFromCode, taskStreamId } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/event-store/testing';
import { agencyNames, buildRanking, buildSummary, currentStatusCells, migrateReadModels, Projector } from '@app/projections';
import { configPath, loadShippedYears } from '@app/platform';
import { importData } from '@app/platform/import';
import { allReadModels } from '@app/runtime';
import { buildDemoData, demoImportInput } from './demo-data';
import { loadDemo } from './demo';

jest.setTimeout(120_000);

const TZ = 'Asia/Ho_Chi_Minh';
const calendar = new WorkingCalendar([...loadShippedYears().values()]);
const RULES = { dueSoonDays: 7, timeZone: TZ };

describe('demo data set', () => {
  const file = JSON.parse(readFileSync(configPath('demo', 'agencies.json'), 'utf8')) as {
    agencies: { code: string; kind: string; name: string; head: { email: string; title: string } }[];
  };

  it('has the 56 agencies: 22 central and the 34 provinces and cities after the 2025 reorganisation', () => {
    const agencies = file.agencies;
    expect(agencies).toHaveLength(56);
    expect(new Set(agencies.map((a) => a.code)).size).toBe(56);
    const provinces = agencies.filter((a) => a.kind === 'province');
    expect(provinces).toHaveLength(34);
    expect(provinces.filter((a) => a.name.includes('thành phố') || a.name.includes('Thành phố'))).toHaveLength(6);
    expect(agencies.filter((a) => a.kind === 'ministry')).toHaveLength(17);
    expect(agencies.filter((a) => a.kind === 'agency')).toHaveLength(5);
    for (const a of agencies) {
      expect(a.code).toMatch(/^[A-Z]+$/);
      expect(a.head.email).toMatch(new RegExp(`@${a.code.toLowerCase()}\\.example\\.org$`));
    }
    expect(provinces.every((a) => a.head.title === 'Chủ tịch' && a.name.startsWith('Ủy ban nhân dân '))).toBe(true);
  });

  // Several clocks: a working morning, a Sunday night, a day before Tết; the data set must hold on each.
  const clocks = ['2026-11-23T09:00:00+07:00', '2026-11-22T21:30:00+07:00', '2027-02-05T16:00:00+07:00', '2026-04-01T09:00:00+07:00'];
  it.each(clocks)('every demo task passes domain validation (dry run of the import core) at %s', async (at) => {
    const now = new Date(at);
    const data = buildDemoData({ now, calendar, timeZone: TZ });
    const noStore = { streamVersion: async () => 0 } as unknown as PostgresEventStore;
    const report = await importData(noStore, calendar, demoImportInput(data), { now, timeZone: TZ, dryRun: true });
    expect(report.issues).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.agencies.imported).toBe(56);
    expect(report.tasks.imported).toBe(679);
    expect(data.buckets.completedOnTime).toBe(180);
    expect(data.buckets.completedLate).toBe(90);
    expect(data.buckets.overdue).toBeGreaterThanOrEqual(25);
    expect(data.buckets.overdue).toBeLessThanOrEqual(32);
    // the same day gives the same data set
    if (at === clocks[0]) expect(buildDemoData({ now, calendar, timeZone: TZ }).tasks).toEqual(data.tasks);
  });

  describe('loaded into a fresh store', () => {
    let database: TestDatabase;
    let store: PostgresEventStore;
    const now = new Date('2026-11-23T09:00:00+07:00');
    const clock = new ManualClock(now);

    beforeAll(async () => {
      database = await createTestDatabase('pg', { migrate: true });
      await migrateReadModels(database.db, allReadModels());
      store = new PostgresEventStore(database.db, { notify: false });
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('loads once through the import core; the totals resemble the published figures', async () => {
      const result = await loadDemo(store, calendar, clock, { timeZone: TZ });
      expect(result.loaded).toBe(true);
      expect(result.report!.issues).toEqual([]);
      expect(result.report!.tasks.imported).toBe(679);
      expect(result.rules).toHaveLength(6);

      // The feed shows only transactions older than every running one, and other suites share
      // this PostgreSQL server: catch up until all the tasks are visible.
      const projector = new Projector(store, database.db, allReadModels());
      for (let i = 0; i < 120; i++) {
        await projector.catchUp();
        const { rows } = await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM rm_tasks');
        if (rows[0].n >= 679) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const cells = await currentStatusCells(database.db, {}, now, RULES);
      const summary = buildSummary(cells, await agencyNames(database.db), { asOf: now, knownAt: now });
      expect(summary.total).toBe(679);
      expect(summary.completed).toBe(270);
      expect(summary.completedOnTime).toBe(180);
      expect(summary.overdue).toBeGreaterThanOrEqual(25);
      expect(summary.overdue).toBeLessThanOrEqual(32);
      expect(summary.inProgress).toBe(679 - 270 - summary.overdue);
      expect(summary.byAgency).toHaveLength(56);
      expect(summary.bySource.find((s) => s.source === '71/NQ-CP')?.total).toBe(330);
      expect(summary.bySource.find((s) => s.source === '02-KH/BCĐTW')?.total).toBe(70);
      const ranking = buildRanking(cells, await agencyNames(database.db, now));
      expect(ranking).toHaveLength(56);

      // the tasks placed around today
      const status = async (code: string) =>
        (
          await database.db.query<{ s: string }>(
            `SELECT ${(await import('@app/projections/tasks/task-status-sql')).statusSql('$2::timestamptz', '7', `'${TZ}'`)} AS s FROM rm_tasks WHERE code = $1`,
            [code, now],
          )
        ).rows[0]?.s;
      expect(await status('DEMO-01')).toBe('due_soon');
      expect(await status('DEMO-06')).toBe('overdue');
      expect(await status('DEMO-10')).toBe('overdue');
      expect(await status('DEMO-12')).toBe('completed_on_time');
      const history = await store.readStream(taskStreamId(taskIdFromCode('DEMO-11')));
      expect(history.map((e) => e.type)).toEqual(['TaskAssigned', 'DeadlineExtended']);
      expect(history[0].metadata.actor).toEqual({ role: 'admin', name: 'demo' });

      // a seed task keeps its real wording and deadline expression
      const seed = await store.readStream(taskStreamId(taskIdFromCode('TB1222-22')));
      expect(seed[0].data).toMatchObject({
        title:
          'Đầu tư, xây dựng và đưa vào vận hành Hệ thống điều phối giải quyết thủ tục hành chính là một cấu phần của Cổng Dịch vụ công quốc gia',
        leadAgency: 'BCA',
        deadline: { expression: '1/3/2026', lastDay: '2026-03-01', adjusted: true },
      });
    });

    it('a second start loads nothing, and re-importing the same rows appends nothing', async () => {
      const before = Number((await database.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);
      expect((await loadDemo(store, calendar, clock, { timeZone: TZ })).loaded).toBe(false);
      const again = await importData(store, calendar, demoImportInput(buildDemoData({ now, calendar, timeZone: TZ })), {
        now,
        timeZone: TZ,
      });
      expect(again.tasks).toEqual({ total: 679, imported: 0, skipped: 679, failed: 0 });
      expect(again.agencies.skipped).toBe(56);
      expect(Number((await database.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n)).toBe(before);
    });
  });
});
