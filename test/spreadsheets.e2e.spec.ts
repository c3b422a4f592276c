/**
 * Excel out (issue 15; api.md "Documents"): the task list with its filters, the ranking, the
 * monthly plan and the summary as .xlsx, read back with exceljs: Vietnamese headers, dates as
 * dates and numbers as numbers, the header row frozen with filters, and a title that begins like
 * a formula kept as text.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { EVENT_STORE, type EventStore, type SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '@app/platform';
import { workbook } from '@app/projections';
import { exportReport } from '../apps/cli/src/export.command';
import { TOKENS, TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

describe('spreadsheets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { SCAN_INTERVAL_MS: '3600000' } });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    await t
      .as('coordinator')
      .post(
        '/api/v1/tasks',
        taskBody({
          code: 'NQ71-401',
          deadline: '2026-03-31',
          coordinatingAgencies: ['BKHCN'],
          title: '+84 24 3823 4567 HYPERLINK("http://evil.example")',
        }),
      )
      .expect(201);
    await t
      .as('coordinator')
      .post(
        '/api/v1/tasks',
        taskBody({
          code: 'NQ71-402',
          leadAgency: 'BKHCN',
          coordinatingAgencies: [],
          deadline: '2026-01-10',
          title: '=HYPERLINK("http://evil.example","bấm vào")',
        }),
      )
      .expect(201);
    const last = await t
      .as('coordinator')
      .post(
        '/api/v1/tasks',
        taskBody({
          code: 'NQ71-403',
          leadAgency: 'BKHCN',
          coordinatingAgencies: [],
          deadline: 'thường xuyên',
          source: { kind: 'decision', ref: '1131/QĐ-TTg' },
          title: "-2+3+cmd|' /C calc'!A0",
          assignee: { name: "@SUM(1+1)*cmd|' /C calc'!A0", email: 'binh@bkhcn.example.org' },
        }),
      )
      .expect(201);
    t.clock.set('2026-01-20T09:00:00+07:00');
    await t.as('coordinator').get(`/api/v1/tasks?minPosition=${last.body.position}`).expect(200);
  });
  afterAll(() => t?.close());

  async function download(url: string, who: keyof typeof TOKENS = 'coordinator'): Promise<ExcelJS.Worksheet> {
    const res = await request(t.app.getHttpServer())
      .get(url)
      .set('Authorization', `Bearer ${TOKENS[who]}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    return book.worksheets[0];
  }
  const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(2).values as unknown[]).slice(1);
  const col = (ws: ExcelJS.Worksheet, header: string) => headers(ws).indexOf(header) + 1;
  const rowOf = (ws: ExcelJS.Worksheet, code: string) => {
    for (let r = 3; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === code) return ws.getRow(r);
    throw new Error(`no row ${code}`);
  };

  it('exports the task list with the filters asked, dates as dates, the header frozen and filtered', async () => {
    const ws = await download('/api/v1/tasks/export.xlsx?source=71/NQ-CP');
    expect(headers(ws)).toEqual(
      expect.arrayContaining(['Mã nhiệm vụ', 'Tên nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn', 'Hạn hiện hành', 'Trạng thái']),
    );
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBeTruthy();
    const codes: unknown[] = [];
    for (let r = 3; r <= ws.rowCount; r++) codes.push(ws.getRow(r).getCell(1).value);
    expect(codes.sort()).toEqual(['NQ71-401', 'NQ71-402']);
    const due = rowOf(ws, 'NQ71-401').getCell(col(ws, 'Hạn hiện hành'));
    expect(due.value).toBeInstanceOf(Date);
    expect((due.value as Date).toISOString().slice(0, 10)).toBe('2026-03-31');
    expect(due.numFmt).toBe('dd/mm/yyyy');
    expect(rowOf(ws, 'NQ71-402').getCell(col(ws, 'Trạng thái')).value).toBe('Quá hạn');
    expect(typeof rowOf(ws, 'NQ71-401').getCell(col(ws, 'Số lần gia hạn')).value).toBe('number');
    expect(rowOf(ws, 'NQ71-401').getCell(col(ws, 'Ngày giao')).value).toBeInstanceOf(Date);
    // a title that begins like a formula stays text: never a formula cell
    const title = rowOf(ws, 'NQ71-402').getCell(col(ws, 'Tên nhiệm vụ'));
    expect(title.type).not.toBe(ExcelJS.ValueType.Formula);
    expect(title.text).toBe('=HYPERLINK("http://evil.example","bấm vào")');
  });

  it('writes text beginning with = + - @ as rich text, never as a formula, in every column', async () => {
    const ws = await download('/api/v1/tasks/export.xlsx');
    const cells = [
      rowOf(ws, 'NQ71-402').getCell(col(ws, 'Tên nhiệm vụ')),
      rowOf(ws, 'NQ71-401').getCell(col(ws, 'Tên nhiệm vụ')),
      rowOf(ws, 'NQ71-403').getCell(col(ws, 'Tên nhiệm vụ')),
      rowOf(ws, 'NQ71-403').getCell(col(ws, 'Người phụ trách')),
    ];
    expect(cells.map((c) => [c.type, c.text])).toEqual([
      [ExcelJS.ValueType.RichText, '=HYPERLINK("http://evil.example","bấm vào")'],
      [ExcelJS.ValueType.RichText, '+84 24 3823 4567 HYPERLINK("http://evil.example")'],
      [ExcelJS.ValueType.RichText, "-2+3+cmd|' /C calc'!A0"],
      [ExcelJS.ValueType.RichText, "@SUM(1+1)*cmd|' /C calc'!A0"],
    ]);
    // plain text stays a plain string
    expect(rowOf(ws, 'NQ71-401').getCell(col(ws, 'Người phụ trách')).type).toBe(ExcelJS.ValueType.String);
  });

  it('writes text beginning with a tab or a carriage return as rich text too (the workbook builder all exports share)', async () => {
    const values = ['\t=1+1', '\r=1+1', '=1+1', '+1', '-1', '@A1', 'Bộ Công an'];
    const file = await workbook(
      'Thử',
      'Thử',
      [{ header: 'Nội dung', key: 'text', width: 20 }],
      values.map((text) => ({ text })),
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as never);
    const ws = book.worksheets[0];
    expect(values.map((_v, i) => [ws.getCell(3 + i, 1).type, ws.getCell(3 + i, 1).text])).toEqual(
      // (XML reads a carriage return in a text back as a line feed)
      values.map((v) => [v === 'Bộ Công an' ? ExcelJS.ValueType.String : ExcelJS.ValueType.RichText, v.replace(/\r/g, '\n')]),
    );
  });

  it('exports the ranking, the monthly plan and the summary with numbers as numbers', async () => {
    const ranking = await download('/api/v1/reports/agencies.xlsx');
    expect(headers(ranking)).toEqual(expect.arrayContaining(['Hạng', 'Cơ quan', 'Tỷ lệ đúng hạn']));
    const bca = rowOf(ranking, 1 as never);
    expect(typeof bca.getCell(4).value).toBe('number');
    const plan = await download('/api/v1/reports/monthly-plan.xlsx?year=2026');
    expect(plan.getCell(3, 1).value).toBeInstanceOf(Date);
    expect(plan.getCell(3, 1).numFmt).toBe('mm/yyyy');
    const summary = await download('/api/v1/reports/summary.xlsx');
    expect(String(summary.getCell(1, 1).value)).toContain('tổng số 3');
    const total = rowOf(summary, '');
    expect(total.getCell(2).value).toBe('Cộng');
    expect(total.getCell(3).value).toBe(3);
    expect(headers(plan)).toContain('Có nguy cơ chậm');
    expect(headers(summary)).toContain('Có nguy cơ chậm');
    expect(typeof total.getCell(headers(summary).indexOf('Có nguy cơ chậm') + 1).value).toBe('number');
  });

  it('the CLI writes the very workbooks the API serves (export <report> --out file.xlsx)', async () => {
    const db = t.app.get<SqlDatabase>(SQL_DATABASE);
    const store = t.app.get<EventStore>(EVENT_STORE);
    const out = mkdtempSync(path.join(tmpdir(), 'dle-xlsx-'));
    const options = { timeZone: 'Asia/Ho_Chi_Minh', dueSoonDays: 7, now: () => t.clock.now() };
    const cellsOf = (ws: ExcelJS.Worksheet) => {
      const rows: unknown[][] = [];
      for (let r = 1; r <= ws.rowCount; r++) {
        const row: unknown[] = [];
        for (let c = 1; c <= ws.columnCount; c++) row.push([ws.getCell(r, c).value, ws.getCell(r, c).numFmt ?? null]);
        rows.push(row);
      }
      return rows;
    };
    for (const [report, url] of [
      ['tasks', '/api/v1/tasks/export.xlsx'],
      ['summary', '/api/v1/reports/summary.xlsx'],
      ['agencies', '/api/v1/reports/agencies.xlsx'],
      ['monthly-plan', '/api/v1/reports/monthly-plan.xlsx?year=2026'],
    ] as const) {
      const file = path.join(out, `${report}.xlsx`);
      await exportReport(db, store, new PassThrough(), report, file, { ...options, year: 2026 });
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      const cli = book.worksheets[0];
      const api = await download(url);
      expect({ report, sheet: cli.name, headers: headers(cli) }).toEqual({ report, sheet: api.name, headers: headers(api) });
      expect(cli.rowCount).toBeGreaterThan(2);
      expect({ report, cells: cellsOf(cli) }).toEqual({ report, cells: cellsOf(api) });
    }
  });

  it('scopes an agency officer to their own tasks', async () => {
    const ws = await download('/api/v1/tasks/export.xlsx', 'bca');
    const codes: unknown[] = [];
    for (let r = 3; r <= ws.rowCount; r++) codes.push(ws.getRow(r).getCell(1).value);
    expect(codes).toEqual(['NQ71-401']);
  });
});
