import { outputSink } from './testing/output-sink';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { TaskEvent, WorkingCalendar, taskDecider, taskIdFromCode, taskStreamId } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/event-store/testing';
import { ReportEvaluator, evaluationAt, migrateReadModels } from '@app/projections';
import { importData, parseImportFile } from '@app/platform/import';
import { allReadModels } from '@app/runtime';
import { exportReport } from './export.command';
import { importFiles } from './import.command';
import { simulateCommand } from './simulate.command';
import { configPath, loadShippedYears } from '@app/platform';

jest.setTimeout(120_000);

const TZ = 'Asia/Ho_Chi_Minh';
const calendar = new WorkingCalendar([...loadShippedYears().values()]);
const NOW = new Date('2026-04-01T09:00:00+07:00');
const dir = mkdtempSync(path.join(tmpdir(), 'dle-export-'));

const sink = outputSink;

const DATA = {
  agencies: [
    {
      code: 'BCA',
      name: 'Bộ Công an',
      kind: 'ministry',
      head: { name: 'Nguyễn Văn Quang', title: 'Bộ trưởng', email: 'bo-truong@bca.example.org' },
      registeredAt: '2025-01-02',
    },
    {
      code: 'HUE',
      name: 'Ủy ban nhân dân thành phố Huế',
      kind: 'province',
      head: { name: 'Lê Thị Hoa', title: 'Chủ tịch', email: 'chu-tich@hue.example.org' },
      registeredAt: '2025-01-02',
    },
  ],
  tasks: [
    {
      code: 'TB1222-09',
      title: 'Xây dựng và trình Chính phủ ban hành Nghị định quy định về tổ chức và hoạt động của Trung tâm Dữ liệu quốc gia',
      description: 'Dòng một;\ndòng hai, có "ngoặc kép"',
      source: { kind: 'conclusion', ref: 'TB-2025-12-22', issuedOn: '2025-12-22' },
      leadAgency: 'BCA',
      coordinatingAgencies: ['HUE'],
      assignee: { name: 'Trần Thu Hà', email: 'ha.tt@bca.example.org' },
      deadline: 'Q1/2026',
      assignedAt: '2025-12-23T08:30:00+07:00',
      completion: { completedAt: '2026-03-20T15:00:00+07:00', deliverableRef: 'Tờ trình 12/TTr-BCA' },
    },
    {
      code: 'TB1222-19',
      title: '=Đề án thí điểm mô hình Bản sao số (Digital Twin) trên địa bàn',
      source: { kind: 'conclusion', ref: 'TB-2025-12-22', issuedOn: '2025-12-22' },
      leadAgency: 'HUE',
      deadline: '15/01/2026',
      assignedAt: '2025-12-23T08:30:00+07:00',
      extension: {
        newDeadline: '30/06/2026',
        reason: 'Chờ ý kiến thẩm định',
        decisionRef: '12/VPCP-DEMO',
        extendedAt: '2026-01-10T10:00:00+07:00',
      },
    },
    {
      code: 'NQ71-001',
      title: 'Nhiệm vụ quá hạn',
      // cells a spreadsheet would run as formulas, whatever their first character
      description: '+84 24 3823 4567, đường dây nóng',
      deliverable: "-CMD|' /C calc'!A0",
      approver: "@SUM(1+1)*cmd|' /C calc'!A0",
      source: { ref: '71/NQ-CP' },
      leadAgency: 'HUE',
      deadline: '02/2026',
      assignedAt: '2025-04-02T08:30:00+07:00',
    },
  ],
};

describe('export (CSV of tasks and reports)', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  let storeA: PostgresEventStore;
  let storeB: PostgresEventStore;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase('pg', { migrate: true }), createTestDatabase('pg', { migrate: true })]);
    for (const d of [a, b]) await migrateReadModels(d.db, allReadModels());
    storeA = new PostgresEventStore(a.db, { notify: false });
    storeB = new PostgresEventStore(b.db, { notify: false });
    const report = await importData(storeA, calendar, parseImportFile(JSON.stringify(DATA), { format: 'json' }), {
      now: NOW,
      timeZone: TZ,
    });
    expect(report.issues).toEqual([]);
    await importData(storeB, calendar, parseImportFile(JSON.stringify({ agencies: DATA.agencies }), { format: 'json' }), {
      now: NOW,
      timeZone: TZ,
    });
    // The feed shows only transactions older than every running one, and other suites share this
    // PostgreSQL server: wait until every event is visible.
    const { rows } = await a.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    for (let i = 0; i < 120 && (await storeA.readFeed({ limit: 1000 })).events.length < rows[0].n; i++)
      await new Promise((r) => setTimeout(r, 500));
  });

  afterAll(async () => {
    await storeA?.close();
    await storeB?.close();
    await a?.drop();
    await b?.drop();
  });

  const read = (file: string) => {
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    return parse(text, { bom: true, columns: true }) as Record<string, string>[];
  };

  it('exports tasks with the import headers and their status; the file imports back unchanged', async () => {
    const file = path.join(dir, 'tasks.csv');
    const out = sink();
    const result = await exportReport(a.db, storeA, out.stream, 'tasks', file, { timeZone: TZ, now: () => NOW });
    expect(result.rows).toBe(3);
    expect(out.text()).toMatch(/^exported tasks: 3 rows to .*tasks\.csv \(as of 2026-04-01T09:00:00\.000\+07:00\)\n$/);
    const rows = read(file);
    expect(rows.map((r) => [r['Mã nhiệm vụ'], r['Trạng thái'], r['Hạn hiện hành'], r['Số lần gia hạn']])).toEqual([
      ['NQ71-001', 'Quá hạn', '2026-03-02', '0'], // 28/02/2026 is a Saturday: due Monday (art. 148)
      ['TB1222-09', 'Hoàn thành đúng hạn', '2026-03-31', '0'],
      ['TB1222-19', 'Trong hạn', '2026-06-30', '1'],
    ]);
    expect(rows[1]['Mô tả']).toBe('Dòng một;\ndòng hai, có "ngoặc kép"');
    expect(rows[1]['Cơ quan phối hợp']).toBe('HUE');
    expect(rows[1]['Ngày giao']).toBe('2025-12-23T08:30:00.000+07:00');
    expect(rows[2]['Tên nhiệm vụ']).toBe("'=Đề án thí điểm mô hình Bản sao số (Digital Twin) trên địa bàn"); // no formula in a spreadsheet
    expect([rows[0]['Mô tả'], rows[0]['Sản phẩm'], rows[0]['Người phê duyệt']]).toEqual([
      "'+84 24 3823 4567, đường dây nóng",
      "'-CMD|' /C calc'!A0",
      "'@SUM(1+1)*cmd|' /C calc'!A0",
    ]);
    expect(rows[2]).toMatchObject({ 'Thời hạn': '15/01/2026', 'Gia hạn đến': '30/06/2026', 'Lý do gia hạn': 'Chờ ý kiến thẩm định' });

    // into another store: the same tasks, the same events' business times
    const back = sink();
    const report = await importFiles(b.db, storeB, back.stream, [file], {
      now: () => NOW,
      timeZone: TZ,
      calendar,
      progress: sink().stream,
    });
    expect(report.warnings).toEqual([]);
    expect(report.issues).toEqual([]);
    expect(report.tasks.imported).toBe(3);
    for (const code of ['TB1222-09', 'TB1222-19', 'NQ71-001']) {
      const [x, y] = await Promise.all([storeA, storeB].map((s) => s.readStream(taskStreamId(taskIdFromCode(code)))));
      expect(y.map((e) => [e.type, e.occurredAt.toISOString()])).toEqual(x.map((e) => [e.type, e.occurredAt.toISOString()]));
      const fold = (events: typeof x) =>
        events.reduce((s, e) => taskDecider.evolve(s, e as unknown as TaskEvent, e.occurredAt), taskDecider.initialState());
      const [sx, sy] = [fold(x), fold(y)];
      expect({ ...sy, version: 0 }).toEqual({ ...sx, version: 0 });
    }
    // and a second time, nothing
    const again = await importFiles(b.db, storeB, sink().stream, [file], {
      now: () => NOW,
      timeZone: TZ,
      calendar,
      progress: sink().stream,
    });
    expect(again.tasks).toEqual({ total: 3, imported: 0, skipped: 3, failed: 0 });
  });

  it('exports tasks as of a past business time', async () => {
    const file = path.join(dir, 'tasks-jan.csv');
    await exportReport(a.db, storeA, sink().stream, 'tasks', file, { timeZone: TZ, now: () => NOW, asOf: '2026-01-09', lang: 'en' });
    const rows = read(file);
    expect(rows.map((r) => [r.code, r.status, r.extensions])).toEqual([
      ['NQ71-001', 'on_track', '0'],
      ['TB1222-09', 'on_track', '0'],
      ['TB1222-19', 'due_soon', '0'],
    ]);
  });

  it('words the statuses and counts as the workbooks and the console do: Sắp đến hạn is due soon, Có nguy cơ chậm at risk', async () => {
    const file = path.join(dir, 'tasks-jan-vi.csv');
    await exportReport(a.db, storeA, sink().stream, 'tasks', file, { timeZone: TZ, now: () => NOW, asOf: '2026-01-09' });
    expect(read(file).map((r) => [r['Mã nhiệm vụ'], r['Trạng thái']])).toEqual([
      ['NQ71-001', 'Trong hạn'],
      ['TB1222-09', 'Trong hạn'],
      ['TB1222-19', 'Sắp đến hạn'],
    ]);
    // as of 20/06/2026: TB1222-19 (due 30/06) is not yet due soon but, with no progress reported, at high risk
    const at = '2026-06-20';
    const later = () => new Date('2026-06-21T09:00:00+07:00');
    const summaryFile = path.join(dir, 'summary-jun.csv');
    await exportReport(a.db, storeA, sink().stream, 'summary', summaryFile, { timeZone: TZ, now: later, asOf: at });
    const evaluator = new ReportEvaluator(a.db, storeA, { dueSoonDays: 7, timeZone: TZ });
    const figures = await evaluator.summary(evaluationAt(later(), new Date('2026-06-20T23:59:59.999+07:00'), null), {});
    const total = read(summaryFile)[0];
    expect({ dueSoon: total['Sắp đến hạn'], atRisk: total['Có nguy cơ chậm'] }).toEqual({
      dueSoon: String(figures.dueSoon),
      atRisk: String(figures.atRisk),
    });
    expect([figures.dueSoon, figures.atRisk]).toEqual([0, 1]);
    const hue = read(summaryFile).find((r) => r['Mã'] === 'HUE')!;
    expect([hue['Sắp đến hạn'], hue['Có nguy cơ chậm']]).toEqual(['0', '1']);
    const planFile = path.join(dir, 'plan-jun.csv');
    await exportReport(a.db, storeA, sink().stream, 'monthly-plan', planFile, { timeZone: TZ, now: later, asOf: at });
    expect(read(planFile).find((r) => r['Tháng'] === '2026-06')).toMatchObject({ 'Mã cơ quan': 'HUE', 'Có nguy cơ chậm': '1' });
  });

  it('writes the workbooks the API serves (--format xlsx, or a file named .xlsx): Vietnamese headers, dates and numbers as such', async () => {
    const load = async (file: string) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      const ws = book.worksheets[0];
      const headers = (ws.getRow(2).values as unknown[]).slice(1) as string[];
      const rows: Record<string, ExcelJS.Cell>[] = [];
      for (let r = 3; r <= ws.rowCount; r++) rows.push(Object.fromEntries(headers.map((h, i) => [h, ws.getRow(r).getCell(i + 1)])));
      return { ws, headers, rows };
    };
    const tasksFile = path.join(dir, 'nhiem-vu.xlsx');
    const out = sink();
    const result = await exportReport(a.db, storeA, out.stream, 'tasks', tasksFile, { timeZone: TZ, now: () => NOW });
    expect(result).toMatchObject({ format: 'xlsx', rows: 3 });
    expect(out.text()).toMatch(/^exported tasks: 3 rows to .*nhiem-vu\.xlsx/);
    const tasks = await load(tasksFile);
    expect(String(tasks.ws.getCell(1, 1).value)).toBe('Danh sách nhiệm vụ (3 nhiệm vụ)');
    expect(tasks.headers).toEqual(
      expect.arrayContaining([
        'Mã nhiệm vụ',
        'Tên nhiệm vụ',
        'Cơ quan chủ trì',
        'Thời hạn',
        'Hạn hiện hành',
        'Ngày giao',
        'Trạng thái',
        'Số lần gia hạn',
      ]),
    );
    expect(tasks.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const byCode = Object.fromEntries(tasks.rows.map((r) => [r['Mã nhiệm vụ'].value, r]));
    expect(Object.keys(byCode)).toEqual(['NQ71-001', 'TB1222-09', 'TB1222-19']);
    const due = byCode['TB1222-19']['Hạn hiện hành'];
    expect(due.value).toEqual(new Date('2026-06-30T23:59:59.000Z')); // the local wall clock, as Excel has no zones
    expect(due.numFmt).toBe('dd/mm/yyyy');
    expect(byCode['TB1222-09']['Ngày giao'].value).toEqual(new Date('2025-12-23T08:30:00.000Z'));
    expect(byCode['TB1222-09']['Ngày hoàn thành'].value).toBeInstanceOf(Date);
    expect(byCode['TB1222-19']['Số lần gia hạn'].value).toBe(1);
    expect(byCode['TB1222-19']['Thời hạn'].value).toBe('30/06/2026');
    expect(byCode['TB1222-09']['Trạng thái'].value).toBe('Hoàn thành đúng hạn');
    expect(byCode['NQ71-001']['Trạng thái'].value).toBe('Quá hạn');
    // text that begins like a formula is rich text, never a formula
    expect(byCode['TB1222-19']['Tên nhiệm vụ'].type).toBe(ExcelJS.ValueType.RichText);
    expect(byCode['TB1222-19']['Tên nhiệm vụ'].text).toBe('=Đề án thí điểm mô hình Bản sao số (Digital Twin) trên địa bàn');

    const summaryFile = path.join(dir, 'tong-hop.bin');
    const summary = await exportReport(a.db, storeA, sink().stream, 'summary', summaryFile, {
      timeZone: TZ,
      now: () => NOW,
      format: 'xlsx',
    });
    expect(summary.format).toBe('xlsx');
    const s = await load(summaryFile);
    expect(String(s.ws.getCell(1, 1).value)).toMatch(/^Tổng hợp tình hình thực hiện nhiệm vụ tính đến 01\/04\/2026: tổng số 3/);
    expect(s.headers).toEqual(expect.arrayContaining(['Cơ quan chủ trì', 'Tổng số', 'Sắp đến hạn', 'Có nguy cơ chậm']));
    const all = s.rows.find((r) => r['Cơ quan chủ trì'].value === 'Cộng')!;
    expect([all['Tổng số'].value, all['Đã hoàn thành'].value, all['Quá hạn chưa hoàn thành'].value]).toEqual([3, 1, 1]);

    const rankingFile = path.join(dir, 'xep-hang.xlsx');
    await exportReport(a.db, storeA, sink().stream, 'agencies', rankingFile, { timeZone: TZ, now: () => NOW });
    const ranking = await load(rankingFile);
    expect(ranking.rows.map((r) => [r['Hạng'].value, r['Mã'].value, r['Tỷ lệ đúng hạn'].value])).toEqual([
      [1, 'BCA', 1],
      [2, 'HUE', 0],
    ]);
    expect(ranking.rows[0]['Tỷ lệ đúng hạn'].numFmt).toBe('0.0%');

    const planFile = path.join(dir, 'ke-hoach.xlsx');
    await exportReport(a.db, storeA, sink().stream, 'monthly-plan', planFile, { timeZone: TZ, now: () => NOW, year: 2026 });
    const plan = await load(planFile);
    expect(plan.rows.map((r) => [r['Tháng'].value, r['Mã'].value, r['Đến hạn'].value, r['Quá hạn'].value])).toEqual([
      [new Date(Date.UTC(2026, 1, 1)), 'HUE', 1, 1],
      [new Date(Date.UTC(2026, 2, 1)), 'BCA', 1, 0],
      [new Date(Date.UTC(2026, 5, 1)), 'HUE', 1, 0],
    ]);
    expect(plan.rows[0]['Tháng'].numFmt).toBe('mm/yyyy');

    await expect(
      exportReport(a.db, storeA, sink().stream, 'tasks', tasksFile, { timeZone: TZ, now: () => NOW, lang: 'en' }),
    ).rejects.toThrow(/--lang en: the \.xlsx workbooks have Vietnamese headers only/);
  });

  it('exports the summary, the ranking and the monthly plan with the report core', async () => {
    const summaryFile = path.join(dir, 'summary.csv');
    await exportReport(a.db, storeA, sink().stream, 'summary', summaryFile, { timeZone: TZ, now: () => NOW });
    const summary = read(summaryFile);
    expect(summary[0]).toMatchObject({
      'Phạm vi': 'all',
      'Tổng số': '3',
      'Đã hoàn thành': '1',
      'Hoàn thành đúng hạn': '1',
      'Quá hạn chưa hoàn thành': '1',
      'Đang thực hiện': '1',
    });
    expect(summary.filter((r) => r['Phạm vi'] === 'agency').map((r) => [r['Mã'], r['Tên'], r['Tổng số']])).toEqual([
      ['BCA', 'Bộ Công an', '1'],
      ['HUE', 'Ủy ban nhân dân thành phố Huế', '2'],
    ]);
    expect(summary.filter((r) => r['Phạm vi'] === 'source').map((r) => [r['Mã'], r['Tổng số']])).toEqual([
      ['71/NQ-CP', '1'],
      ['TB-2025-12-22', '2'],
    ]);

    const rankingFile = path.join(dir, 'agencies.csv');
    await exportReport(a.db, storeA, sink().stream, 'agencies', rankingFile, { timeZone: TZ, now: () => NOW, lang: 'en' });
    expect(read(rankingFile).map((r) => [r.rank, r.agency, r.onTimeRate, r.overdue])).toEqual([
      ['1', 'BCA', '1', '0'],
      ['2', 'HUE', '0', '1'],
    ]);

    const planFile = path.join(dir, 'plan.csv');
    await exportReport(a.db, storeA, sink().stream, 'monthly-plan', planFile, { timeZone: TZ, now: () => NOW, year: 2026 });
    expect(
      read(planFile).map((r) => [r['Tháng'], r['Mã cơ quan'], r['Số nhiệm vụ đến hạn'], r['Đã hoàn thành'], r['Quá hạn chưa hoàn thành']]),
    ).toEqual([
      ['2026-02', 'HUE', '1', '0', '1'],
      ['2026-03', 'BCA', '1', '1', '0'],
      ['2026-06', 'HUE', '1', '0', '0'],
    ]);

    // as of a past date: replayed from the events
    const pastFile = path.join(dir, 'summary-jan.csv');
    await exportReport(a.db, storeA, sink().stream, 'summary', pastFile, { timeZone: TZ, now: () => NOW, asOf: '2026-01-05' });
    expect(read(pastFile)[0]).toMatchObject({ 'Tổng số': '3', 'Đã hoàn thành': '0', 'Quá hạn chưa hoàn thành': '0' });
  });

  it('simulate previews the notices of a rule set over a window, sending and appending nothing', async () => {
    const count = async () => Number((await a.db.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);
    const before = await count();
    const out = sink();
    const notices = await simulateCommand(a.db, storeA, out.stream, {
      from: '2026-06-01',
      to: '2026-07-31',
      rulesFile: configPath('rules', 'default-rules.json'),
      timeZone: TZ,
      now: () => NOW,
    });
    expect(await count()).toBe(before);
    // TB1222-19 is due 30/06/2026 (after its extension); the other open task is long overdue
    expect(notices.filter((n) => n.taskCode === 'TB1222-19').map((n) => [n.ruleId, n.fireAt])).toEqual([
      ['default-assignee-7wd', '2026-06-19T08:00:00.000+07:00'],
      ['default-assignee-3wd', '2026-06-25T08:00:00.000+07:00'],
      ['default-due-today', '2026-06-30T08:00:00.000+07:00'],
      ['default-overdue-1wd', '2026-07-01T08:00:00.000+07:00'],
      ['default-overdue-7d', '2026-07-07T08:00:00.000+07:00'],
      ['default-overdue-30d-weekly', '2026-07-30T08:00:00.000+07:00'],
    ]);
    expect(out.text()).toContain(
      '2026-06-30T08:00:00.000+07:00  TB1222-19  default-due-today  level 1  → chu-tich@hue.example.org (agency_head)',
    );
    expect(out.text()).toMatch(/\d+ notices would be sent between 2026-06-01 and 2026-07-31; nothing was sent\n$/);
  });
});
