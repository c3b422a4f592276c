import ExcelJS from 'exceljs';
import { outputSink } from './testing/output-sink';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TaskEvent, WorkingCalendar, taskDecider, taskIdFromCode, taskStreamId } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/event-store/testing';
import { migrateReadModels } from '@app/projections';
import { loadShippedYears } from '@app/platform';
import { importData, parseImportFile } from '@app/platform/import';
import { importFailed, importFiles } from './import.command';

jest.setTimeout(120_000);

const TZ = 'Asia/Ho_Chi_Minh';
const calendar = new WorkingCalendar([...loadShippedYears().values()]);
const NOW = new Date('2026-04-01T09:00:00+07:00');
const dir = mkdtempSync(path.join(tmpdir(), 'dle-import-'));

const sink = outputSink;

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  writeFileSync(full, content, 'utf8');
  return full;
}

const AGENCIES_CSV = [
  // Excel's "CSV UTF-8": a BOM, and ";" in a comma-decimal locale
  '\ufeffMã cơ quan;Tên cơ quan;Loại;Người đứng đầu;Chức vụ;Email;Ngày đăng ký',
  'BCA;Bộ Công an;Bộ;Nguyễn Văn Quang;Bộ trưởng;bo-truong@bca.example.org;01/01/2025',
  'BKHCN;Bộ Khoa học và Công nghệ;bộ, cơ quan ngang bộ;Trần Minh Tuấn;Bộ trưởng;bo-truong@bkhcn.example.org;2025-01-01',
  'DANANG;Ủy ban nhân dân thành phố Đà Nẵng;Tỉnh, thành phố;Lê Thị Hồng;Chủ tịch UBND thành phố;chu-tich@danang.example.org;2025-01-01',
  '',
].join('\r\n');

const TITLE_1 = 'Xây dựng và trình Chính phủ ban hành Nghị định quy định về tổ chức và hoạt động của Trung tâm Dữ liệu quốc gia';
const TITLE_2 = 'Đề án thí điểm mô hình Bản sao số (Digital Twin) trên địa bàn — “6 rõ”, ½ ₫';

const TASKS_CSV = [
  'STT,Mã nhiệm vụ,Tên nhiệm vụ,Mô tả,Văn bản giao,Ngày ban hành,Cơ quan chủ trì,Cơ quan phối hợp,Người phụ trách,Email,Sản phẩm,Thời hạn,Ngày giao,Ngày hoàn thành,Văn bản hoàn thành,Gia hạn đến,Lý do gia hạn,Văn bản gia hạn,Ngày gia hạn,Ghi chú riêng',
  `1,TB-2025-001,${TITLE_1},,Thông báo 650/TB-VPCP,22/12/2025,BCA,BKHCN,Nguyễn Văn An,an@bca.example.org,Nghị định,trong Quý I/2026,23/12/2025 09:00,20/03/2026,Tờ trình 123/TTr-BCA,,,,,x`,
  `2,TB-2025-002,"${TITLE_2}",,650/TB-VPCP,22/12/2025,DANANG,"BKHCN; BCA",Lê Văn Bình,binh@danang.example.org,Đề án,Q1/2026,2025-12-23T09:00:00+07:00,,,30/06/2026,Chờ ý kiến các bộ,1234/VPCP-KGVX,2026-03-25,`,
  '3,TB-2025-003,Báo cáo Thủ tướng Chính phủ các sản phẩm công nghệ chiến lược ưu tiên triển khai ngay,"Giao nhiệm vụ cho doanh nghiệp, viện, trường;',
  'báo cáo Thủ tướng trong tháng 1/2026",650/TB-VPCP,,BKHCN,,,,,tháng 01/2026,2025-12-23,2026-02-05,,,,,,',
  '',
].join('\n');

describe('import (CSV and JSON through the domain deciders)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const db = () => database.db;
  const eventCount = async () => Number((await db().query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0].n);
  const run = (files: string[], opts: Parameters<typeof importFiles>[4] = {}) => {
    const out = sink();
    return importFiles(db(), store, out.stream, files, { now: () => NOW, timeZone: TZ, calendar, progress: sink().stream, ...opts }).then(
      (report) => ({ report, text: out.text() }),
    );
  };
  const fold = async (code: string) => {
    const events = await store.readStream(taskStreamId(taskIdFromCode(code)));
    return {
      events,
      state: events.reduce((s, e) => taskDecider.evolve(s, e as unknown as TaskEvent, e.occurredAt), taskDecider.initialState()),
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase('pg', { migrate: true });
    await migrateReadModels(database.db);
    store = new PostgresEventStore(database.db, { notify: false });
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('refuses a task file whose agencies are unknown, naming each field by line, and appends nothing', async () => {
    const { report, text } = await run([file('tasks-first.csv', TASKS_CSV)]);
    expect(await eventCount()).toBe(0);
    expect(importFailed(report)).toBe(true);
    expect(report.tasks).toEqual({ total: 3, imported: 0, skipped: 0, failed: 3 });
    expect(report.issues.map((i) => [i.line, i.field, i.message])).toEqual([
      [2, 'leadAgency', 'unknown agency BCA'],
      [2, 'coordinatingAgencies[0]', 'unknown agency BKHCN'],
      [3, 'leadAgency', 'unknown agency DANANG'],
      [3, 'coordinatingAgencies[0]', 'unknown agency BKHCN'],
      [3, 'coordinatingAgencies[1]', 'unknown agency BCA'],
      [4, 'leadAgency', 'unknown agency BKHCN'],
    ]);
    expect(text).toContain('line 3 [TB-2025-002] coordinatingAgencies[1] ("Cơ quan phối hợp"): unknown agency BCA');
    expect(text).toContain('warning: column(s) not imported: "Ghi chú riêng"');
    expect(text).toMatch(/nothing imported: 3 rows have errors/);
  });

  it('imports agencies and tasks from CSV with Vietnamese headers, backdated, exact UTF-8', async () => {
    const { report, text } = await run([file('agencies.csv', AGENCIES_CSV), file('tasks.csv', TASKS_CSV)]);
    expect(report.issues).toEqual([]);
    expect(report.agencies).toEqual({ total: 3, imported: 3, skipped: 0, failed: 0 });
    expect(report.tasks).toEqual({ total: 3, imported: 3, skipped: 0, failed: 0 });
    expect(text).toContain('tasks: 3 rows, 3 imported, 0 skipped (already there), 0 failed');
    expect(importFailed(report)).toBe(false);
    // 3 agencies; tasks: assign+complete, assign+extend, assign+complete
    expect(report.events).toBe(3 + 2 + 2 + 2);
    expect(await eventCount()).toBe(9);

    const one = await fold('TB-2025-001');
    expect(one.state.title).toBe(TITLE_1);
    expect(one.state.source).toEqual({ kind: 'conclusion', ref: 'Thông báo 650/TB-VPCP', issuedOn: '2025-12-22' });
    expect(one.state.coordinatingAgencies).toEqual(['BKHCN']);
    expect(one.state.deadline).toMatchObject({ expression: 'Q1/2026', lastDay: '2026-03-31' });
    expect(one.events.map((e) => [e.type, e.occurredAt.toISOString(), e.recordedAt.toISOString()])).toEqual([
      ['TaskAssigned', '2025-12-23T02:00:00.000Z', NOW.toISOString()], // 23/12/2025 09:00 in Hà Nội
      ['TaskCompleted', '2026-03-20T16:59:59.999Z', NOW.toISOString()], // a plain date: the end of that day
    ]);
    expect(one.events[0].metadata.actor).toEqual({ role: 'admin', name: 'import' });
    expect(one.events[1].data).toMatchObject({ onTime: true, deliverableRef: 'Tờ trình 123/TTr-BCA' });

    const two = await fold('TB-2025-002');
    expect(two.state.title).toBe(TITLE_2);
    expect(Buffer.from(two.state.title!, 'utf8').equals(Buffer.from(TITLE_2, 'utf8'))).toBe(true);
    expect(two.state.coordinatingAgencies).toEqual(['BKHCN', 'BCA']);
    expect(two.state.deadline).toMatchObject({ expression: '30/06/2026', lastDay: '2026-06-30' });
    expect(two.state.originalDeadline).toMatchObject({ expression: 'Q1/2026' });
    expect(two.state.extensions).toHaveLength(1);
    expect(two.state.extensions[0]).toMatchObject({
      reason: 'Chờ ý kiến các bộ',
      decisionRef: '1234/VPCP-KGVX',
      at: '2026-03-25T16:59:59.999Z',
    });

    // a quoted description over two lines; "tháng 01/2026" read as the month; completed after it: late
    const three = await fold('TB-2025-003');
    expect(three.state.description).toBe('Giao nhiệm vụ cho doanh nghiệp, viện, trường;\nbáo cáo Thủ tướng trong tháng 1/2026');
    expect(three.state.deadline).toMatchObject({ expression: '01/2026', lastDay: '2026-01-31', adjusted: true });
    expect(three.state.source).toEqual({ kind: 'conclusion', ref: '650/TB-VPCP', issuedOn: null });
    expect(three.state.completion).toMatchObject({ onTime: false });
    expect(three.events[0].occurredAt.toISOString()).toBe('2025-12-23T16:59:59.999Z');

    const agencies = await store.readStream('agency-DANANG');
    expect(agencies[0].data).toEqual({
      code: 'DANANG',
      name: 'Ủy ban nhân dân thành phố Đà Nẵng',
      kind: 'province',
      head: { name: 'Lê Thị Hồng', title: 'Chủ tịch UBND thành phố', email: 'chu-tich@danang.example.org' },
    });
    expect(agencies[0].occurredAt.toISOString()).toBe('2025-01-01T16:59:59.999Z');
  });

  it('re-running the same import appends nothing and reports the rows as skipped', async () => {
    const before = await eventCount();
    const { report, text } = await run([file('agencies.csv', AGENCIES_CSV), file('tasks.csv', TASKS_CSV)]);
    expect(await eventCount()).toBe(before);
    expect(report.agencies).toEqual({ total: 3, imported: 0, skipped: 3, failed: 0 });
    expect(report.tasks).toEqual({ total: 3, imported: 0, skipped: 3, failed: 0 });
    expect(report.events).toBe(0);
    expect(report.skipped.map((s) => s.code)).toEqual(['BCA', 'BKHCN', 'DANANG', 'TB-2025-001', 'TB-2025-002', 'TB-2025-003']);
    expect(text).toContain('tasks: 3 rows, 0 imported, 3 skipped (already there), 0 failed');
    expect(importFailed(report)).toBe(false);
  });

  const BAD_CSV = [
    'Mã nhiệm vụ,Tên nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Email,Người phụ trách,Thời hạn,Ngày giao,Ngày hoàn thành,Mức độ ưu tiên',
    'BAD-001,Nhiệm vụ tốt thứ nhất,BCA,,,,2026-06-30,2026-01-05,,cao', // 2: good
    'BAD-002,,BXX,BCA,not-an-email,,Q5/2026,2026-01-05,,gấp', // 3: title, leadAgency, email, deadline, priority
    'BAD-003,Hoàn thành trước khi được giao,BKHCN,BKHCN,,,2026-06-30,2026-02-01,2026-01-15,', // 4: coordinating = lead, completion before assignment
    'BAD-004,Giao trong tương lai,BCA,,,,2026,2026-05-01,,', // 5: assignedAt in the future
    '"BAD-005",Nhiệm vụ tốt thứ hai,DANANG,BKHCN,,Phạm Thu,thường xuyên,,,', // 6: good, ongoing, assigned now
    'BAD-001,Trùng mã,BCA,,,,2026,2026-01-05,,', // 7: duplicate code
    '',
  ].join('\n');

  it('reports every bad row by line with every field named, and appends nothing without --partial', async () => {
    const before = await eventCount();
    const { report, text } = await run([file('bad.csv', BAD_CSV)]);
    expect(await eventCount()).toBe(before);
    expect(report.tasks).toEqual({ total: 6, imported: 0, skipped: 0, failed: 4 });
    expect(importFailed(report)).toBe(true);
    const byLine = (line: number) => report.issues.filter((i) => i.line === line).map((i) => i.field);
    expect(byLine(2)).toEqual([]);
    expect(byLine(3).sort()).toEqual(['assignee.email', 'assignee.name', 'deadline', 'leadAgency', 'priority', 'title']);
    expect(byLine(4).sort()).toEqual(['completion.completedAt', 'coordinatingAgencies']);
    expect(byLine(5)).toEqual(['assignedAt']);
    expect(byLine(6)).toEqual([]);
    expect(byLine(7)).toEqual(['code']);
    const issue = (line: number, field: string) => report.issues.find((i) => i.line === line && i.field === field);
    expect(issue(3, 'leadAgency')).toMatchObject({ code: 'BAD-002', column: 'Cơ quan chủ trì', message: 'unknown agency BXX' });
    expect(issue(3, 'deadline')?.message).toMatch(/"Q5\/2026" has no quarter 5/);
    expect(issue(3, 'assignee.email')?.message).toMatch(/not an email address/);
    expect(issue(4, 'completion.completedAt')?.message).toMatch(/before the task was assigned/);
    expect(issue(5, 'assignedAt')?.message).toMatch(/must not be in the future/);
    expect(issue(7, 'code')?.message).toBe('BAD-001 is already on line 2 of this import');
    expect(text).toContain('line 3 [BAD-002] title: is required');
    expect(text).toMatch(/nothing imported: 4 rows have errors \(fix them, or add --partial/);
  });

  it('with --partial imports only the good rows; a dry run appends nothing', async () => {
    const before = await eventCount();
    const dry = await run([file('bad.csv', BAD_CSV)], { partial: true, dryRun: true });
    expect(await eventCount()).toBe(before);
    expect(dry.report.tasks).toEqual({ total: 6, imported: 2, skipped: 0, failed: 4 });
    expect(dry.text).toContain('tasks: 6 rows, 2 would import');

    const { report } = await run([file('bad.csv', BAD_CSV)], { partial: true });
    expect(report.tasks).toEqual({ total: 6, imported: 2, skipped: 0, failed: 4 });
    expect(importFailed(report)).toBe(false);
    expect(await eventCount()).toBe(before + 2);
    const good = await fold('BAD-001');
    expect(good.state).toMatchObject({ title: 'Nhiệm vụ tốt thứ nhất', priority: 'high' });
    const ongoing = await fold('BAD-005');
    expect(ongoing.state.deadline).toMatchObject({ expression: 'thường xuyên', due: null });
    expect(ongoing.events[0].occurredAt.toISOString()).toBe(NOW.toISOString()); // no "Ngày giao": now
    expect((await fold('BAD-002')).events).toEqual([]);
    expect((await fold('BAD-003')).events).toEqual([]);

    const again = await run([file('bad.csv', BAD_CSV)], { partial: true });
    expect(again.report.tasks).toEqual({ total: 6, imported: 0, skipped: 2, failed: 4 });
    expect(await eventCount()).toBe(before + 2);
  });

  it('normalises look-alike codes as the API does and refuses invisible, bidi and other-script ones', async () => {
    const csv = [
      'Mã nhiệm vụ,Tên nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời hạn',
      'ＬＫ-001,Mã toàn khổ (full-width),bca,ｂｋｈｃｎ,Q2/2026', // → LK-001, led by BCA, with BKHCN
      'LK-002\u200b,Mã có ký tự vô hình,BCA,,Q2/2026',
      'LK-003,Cơ quan chủ trì chữ Kirin,ВСА,,Q2/2026',
      'LK-004,Cơ quan phối hợp có ký tự đảo chiều,BCA,\u202eNCHKB,Q2/2026',
      '',
    ].join('\n');
    const before = await eventCount();
    const { report } = await run([file('lookalike.csv', csv)], { partial: true });
    expect(report.tasks).toEqual({ total: 4, imported: 1, skipped: 0, failed: 3 });
    expect(report.issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'code'],
      [4, 'leadAgency'],
      [5, 'coordinatingAgencies[0]'],
    ]);
    expect(report.issues[0].message).toMatch(/invisible character \(U\+200B\)/);
    expect(report.issues[1].message).toMatch(/'В' \(U\+0412\), a letter of another script/);
    expect(report.issues[2].message).toMatch(/bidirectional control character \(U\+202E\)/);
    expect(await eventCount()).toBe(before + 1);
    expect((await fold('LK-001')).state).toMatchObject({ code: 'LK-001', leadAgency: 'BCA', coordinatingAgencies: ['BKHCN'] });
  });

  it('imports JSON in the API shape, reporting bad rows by the line they start on', async () => {
    const json = `{
  "agencies": [
    {"code": "BNV", "name": "Bộ Nội vụ", "kind": "ministry",
     "head": {"name": "Đỗ Thanh Bình", "title": "Bộ trưởng", "email": "bo-truong@bnv.example.org"},
     "registeredAt": "2025-01-01"}
  ],
  "tasks": [
    {
      "code": "TB-2025-010",
      "title": "Xây dựng Kế hoạch hoạt động trọng tâm cải cách hành chính nhà nước giai đoạn 2026 - 2030",
      "source": {"kind": "conclusion", "ref": "650/TB-VPCP", "issuedOn": "2025-12-22"},
      "leadAgency": "BNV",
      "coordinatingAgencies": ["BCA"],
      "assignee": {"name": "Hoàng Văn Cường", "email": "cuong@bnv.example.org"},
      "deliverable": "Kế hoạch trình Thủ tướng",
      "approver": "Thủ tướng Chính phủ",
      "deadline": "trong tháng 01/2026",
      "priority": "high",
      "assignedAt": "2025-12-23T08:30:00+07:00",
      "completion": {"completedAt": "2026-01-20T16:00:00+07:00", "deliverableRef": "Tờ trình 45/TTr-BNV"}
    },
    {"code": "TB-2025-011", "title": "Hàng lỗi", "leadAgency": "BNV", "deadline": "ongoing",
     "extension": {"newDeadline": "2026-12-31", "reason": "Không thể gia hạn nhiệm vụ thường xuyên"}},
    42
  ]
}
`;
    const input = parseImportFile(json, { format: 'json' });
    const before = await eventCount();
    const bad = await importData(store, calendar, input, { now: NOW, timeZone: TZ });
    expect(await eventCount()).toBe(before);
    expect(bad.issues.map((i) => [i.line, i.field])).toEqual([
      [22, 'extension.newDeadline'],
      [24, 'row'],
    ]);
    expect(bad.issues[0].message).toMatch(/ongoing and has no deadline/);

    const partialRun = await importData(store, calendar, parseImportFile(json, { format: 'json' }), {
      now: NOW,
      timeZone: TZ,
      partial: true,
    });
    expect(partialRun.agencies.imported).toBe(1);
    expect(partialRun.tasks).toEqual({ total: 3, imported: 1, skipped: 0, failed: 2 });
    const task = await fold('TB-2025-010');
    expect(task.state).toMatchObject({
      leadAgency: 'BNV',
      assignee: { name: 'Hoàng Văn Cường', email: 'cuong@bnv.example.org' },
      deadline: { expression: '01/2026', lastDay: '2026-01-31' },
      completion: { onTime: true, deliverableRef: 'Tờ trình 45/TTr-BNV' },
    });
    expect(task.events.map((e) => e.occurredAt.toISOString())).toEqual(['2025-12-23T01:30:00.000Z', '2026-01-20T09:00:00.000Z']);
    expect(task.state.clarity?.missing).toEqual(['task']);
  });

  it('stops at a file it cannot read: not UTF-8, a required column missing, malformed JSON', async () => {
    const before = await eventCount();
    const latin1 = path.join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('Mã nhiệm vụ,Tên nhiệm vụ,Cơ quan chủ trì,Thời hạn\nX-1,Nhi\u1EC7m v\u1EE5,BCA,2026\n', 'latin1'));
    const a = await run([latin1]);
    expect(a.report.issues).toEqual([expect.objectContaining({ kind: 'file', line: 1, message: expect.stringMatching(/not UTF-8/) })]);
    expect(importFailed(a.report)).toBe(true);

    const b = await run([file('no-deadline.csv', 'Mã nhiệm vụ,Tên nhiệm vụ,Cơ quan chủ trì\nX-2,Việc,BCA\n')]);
    expect(b.report.issues.map((i) => [i.line, i.field])).toEqual([[1, 'deadline']]);
    expect(importFailed(b.report)).toBe(true);

    const c = await run([file('broken.json', '[\n  {"code": "X-3",\n   "title": "Việc" "leadAgency": "BCA"}\n]')]);
    expect(c.report.issues[0]).toMatchObject({ kind: 'file', line: 3 });
    expect(await eventCount()).toBe(before);
  });

  it('imports an Excel workbook (.xlsx) in the import format: dates as date cells, the same rules as CSV', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('Nhiệm vụ');
    ws.addRow(['Mã nhiệm vụ', 'Tên nhiệm vụ', 'Văn bản giao', 'Cơ quan chủ trì', 'Thời hạn', 'Ngày giao']);
    // a date cell as Excel keeps it: the local wall time, without a zone
    ws.addRow([
      'TB-2026-050',
      'Hoàn thiện hồ sơ Đề án chuyển đổi số ngành',
      '71/NQ-CP',
      'BCA',
      'Quý III/2026',
      new Date(Date.UTC(2026, 0, 5, 9, 0)),
    ]);
    ws.addRow(['TB-2026-051', 'Nhiệm vụ không rõ cơ quan', '71/NQ-CP', 'KHONGCO', '30/06/2026', new Date(Date.UTC(2026, 0, 5))]);
    const xlsx = path.join(dir, 'nhiem-vu.xlsx');
    writeFileSync(xlsx, Buffer.from(await book.xlsx.writeBuffer()));

    const refused = await run([file('agencies-again.csv', AGENCIES_CSV), xlsx]);
    expect(refused.report.issues).toEqual([expect.objectContaining({ line: 3, field: 'leadAgency' })]);
    expect(refused.report.tasks).toMatchObject({ imported: 0, failed: 1 });

    const partial = await run([file('agencies-again.csv', AGENCIES_CSV), xlsx], { partial: true });
    expect(partial.report.tasks).toMatchObject({ imported: 1, failed: 1 });
    const task = await fold('TB-2026-050');
    expect(task.state.deadline).toMatchObject({ expression: 'Q3/2026', lastDay: '2026-09-30' });
    expect(task.events[0].occurredAt.toISOString()).toBe('2026-01-05T02:00:00.000Z'); // 05/01/2026 09:00 in Hà Nội
  });
});
