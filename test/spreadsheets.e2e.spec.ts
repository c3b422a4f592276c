/**
 * Excel out (issue 15; api.md "Documents"): the task list with its filters, the ranking, the
 * monthly plan and the summary as .xlsx, read back with exceljs: Vietnamese headers, dates as
 * dates and numbers as numbers, the header row frozen with filters, and a title that begins like
 * a formula kept as text.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { TOKENS, TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

describe('spreadsheets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { SCAN_INTERVAL_MS: '3600000' } });
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'NQ71-401', deadline: '2026-03-31', coordinatingAgencies: ['BKHCN'] }))
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

  it('scopes an agency officer to their own tasks', async () => {
    const ws = await download('/api/v1/tasks/export.xlsx', 'bca');
    const codes: unknown[] = [];
    for (let r = 3; r <= ws.rowCount; r++) codes.push(ws.getRow(r).getCell(1).value);
    expect(codes).toEqual(['NQ71-401']);
  });
});
