/**
 * Excel in (issue 15; api.md "Documents"): the task list exported as .xlsx imports into an empty
 * store as the same tasks, within the limits docs/import-format.md states (an extended task comes
 * back due when it is, without its extension; a completion without its document); agencies come
 * from a sheet of their own; bad rows are named by row and field and nothing is imported unless
 * partial; a dry run appends nothing; a second import of the same file changes nothing.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { TOKENS, TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

const binary = (r: any, cb: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('importing spreadsheets', () => {
  let source: TestApp;
  let target: TestApp;
  let exported: Buffer;

  beforeAll(async () => {
    source = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { SCAN_INTERVAL_MS: '3600000' } });
    target = await startTestApp({ now: '2026-01-06T09:00:00+07:00', env: { SCAN_INTERVAL_MS: '3600000' } });
    for (const t of [source, target]) {
      await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
      await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    }
    const extended = await source
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'NQ71-501', deadline: 'Q2/2026', coordinatingAgencies: ['BKHCN'] }))
      .expect(201);
    await source
      .as('coordinator')
      .post(`/api/v1/tasks/${extended.body.id}/extensions`, {
        newDeadline: 'Q3/2026',
        reason: 'Chờ ý kiến thẩm định của Bộ Tư pháp',
        decisionRef: '15/TTg-KSTT',
      })
      .expect(201);
    await source
      .as('coordinator')
      .post(
        '/api/v1/tasks',
        taskBody({
          code: 'NQ71-502',
          leadAgency: 'BKHCN',
          coordinatingAgencies: [],
          deadline: '30/09/2026',
          title: 'Trình Đề án phát triển hạ tầng số',
        }),
      )
      .expect(201);
    source.clock.set('2026-01-05T15:00:00+07:00');
    await source.as('coordinator').post(`/api/v1/tasks/NQ71-502/completion`, { deliverableRef: 'Tờ trình 01/TTr-BKHCN' }).expect(201);
    const last = await source
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'NQ71-503', leadAgency: 'BKHCN', coordinatingAgencies: [], deadline: 'thường xuyên' }))
      .expect(201);
    const res = await request(source.app.getHttpServer())
      .get(`/api/v1/tasks/export.xlsx?minPosition=${last.body.position}`)
      .set('Authorization', `Bearer ${TOKENS.coordinator}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    exported = res.body;
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  const upload = (t: TestApp, file: Buffer, name: string, query = '') =>
    request(t.app.getHttpServer())
      .post(`/api/v1/imports${query}`)
      .set('Authorization', `Bearer ${TOKENS.coordinator}`)
      .set('Accept-Language', 'en')
      .attach('file', file, name);

  it('a dry run checks every row and appends nothing', async () => {
    const before = await target.sql(`SELECT count(*)::int AS n FROM events`);
    const { body } = await upload(target, exported, 'nhiem-vu.xlsx', '?dryRun=true').expect(200);
    expect(body).toMatchObject({ created: 3, unchanged: 0, errors: [], dryRun: true });
    expect((await target.sql(`SELECT count(*)::int AS n FROM events`))[0].n).toBe(before[0].n);
  });

  it('imports the exported list into another store as the same tasks, and a second import changes nothing', async () => {
    const { body } = await upload(target, exported, 'nhiem-vu.xlsx').expect(200);
    expect(body).toMatchObject({ created: 3, unchanged: 0, errors: [] });
    const fields = (items: any[]) =>
      items
        .map((x) => ({
          code: x.code,
          title: x.title,
          lead: x.leadAgency,
          coordinating: x.coordinatingAgencies,
          deadline: x.deadline.expression,
          source: x.source?.ref,
          assignee: x.assignee?.email,
        }))
        .sort((a, b) => a.code.localeCompare(b.code));
    const there = await target.as('coordinator').get(`/api/v1/tasks?minPosition=${body.position}`).expect(200);
    const here = await source.as('coordinator').get('/api/v1/tasks').expect(200);
    expect(fields(there.body.items)).toEqual(fields(here.body.items));
    const again = await upload(target, exported, 'nhiem-vu.xlsx').expect(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: 3, errors: [] });
  });

  it('brings a completed task back completed at the same time, without the completion document', async () => {
    const there = await target.as('coordinator').get('/api/v1/tasks/NQ71-502').expect(200);
    const here = await source.as('coordinator').get('/api/v1/tasks/NQ71-502').expect(200);
    expect(here.body).toMatchObject({ status: 'completed_on_time', completion: { deliverableRef: 'Tờ trình 01/TTr-BKHCN' } });
    expect(there.body).toMatchObject({
      status: here.body.status,
      completedAt: here.body.completedAt,
      completion: { deliverableRef: null },
    });
    expect(there.body.assignedAt).toBe(here.body.assignedAt);
  });

  it('brings an extended task back with the deadline in force as its deadline, and without its extension', async () => {
    // the workbook carries the deadline in force (Thời hạn) and how many extensions there were
    // (Số lần gia hạn, for reading only), not each extension's reason and decision: the imported
    // task is due when the original is, but as assigned so, with no extension in its history
    const there = await target.as('coordinator').get('/api/v1/tasks/NQ71-501').expect(200);
    const here = await source.as('coordinator').get('/api/v1/tasks/NQ71-501').expect(200);
    expect(here.body.deadline).toMatchObject({ expression: 'Q3/2026', originalExpression: 'Q2/2026', extensions: 1 });
    expect(there.body.deadline).toMatchObject({
      due: here.body.deadline.due,
      expression: 'Q3/2026',
      originalExpression: 'Q3/2026',
      extensions: 0,
      history: [],
    });
  });

  it('imports agencies from an .xlsx sheet: every bad row named by row and field, nothing imported unless partial', async () => {
    const book = new ExcelJS.Workbook();
    const agencies = book.addWorksheet('Cơ quan');
    agencies.addRow(['Danh sách cơ quan chủ trì']);
    agencies.addRow(['Mã cơ quan', 'Tên cơ quan', 'Loại', 'Người đứng đầu', 'Chức vụ', 'Thư điện tử', 'Ngày đăng ký']);
    agencies.addRow([
      'BTC',
      'Bộ Tài chính',
      'bộ',
      'Nguyễn Văn Thắng',
      'Bộ trưởng',
      'bo-truong@mof.example.org',
      new Date(Date.UTC(2025, 11, 1)),
    ]);
    agencies.addRow(['HANOI', 'Ủy ban nhân dân thành phố Hà Nội', 'tỉnh', 'Trần Sỹ Thanh', 'Chủ tịch', 'chu-tich@hanoi.example.org']);
    agencies.addRow(['BYT', 'Bộ Y tế', 'bộ', 'Đào Hồng Lan', 'Bộ trưởng', 'không phải địa chỉ thư']);
    agencies.addRow(['BXD', 'Bộ Xây dựng', 'công ty', 'Trần Hồng Minh', 'Bộ trưởng', 'bo-truong@moc.example.org']);
    const tasks = book.addWorksheet('Nhiệm vụ');
    tasks.addRow(['Mã nhiệm vụ', 'Tên nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn']);
    tasks.addRow(['NQ71-701', 'Bố trí kinh phí thực hiện Nghị quyết', 'BTC', 'Q3/2026']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const codes = async (position?: number | null) =>
      (
        (
          await target
            .as('coordinator')
            .get(`/api/v1/agencies${position ? `?minPosition=${position}` : ''}`)
            .expect(200)
        ).body as any[]
      )
        .map((a) => a.code)
        .sort();
    const before = await codes();

    const all = await upload(target, file, 'co-quan.xlsx').expect(200);
    expect(all.body).toMatchObject({ created: 0, unchanged: 0, position: null });
    expect(all.body.errors.map((e: any) => [e.row, e.field])).toEqual([
      [5, 'head.email'],
      [6, 'kind'],
    ]);
    expect(all.body.errors.map((e: any) => e.column)).toEqual(['Thư điện tử', 'Loại']);
    expect(await codes()).toEqual(before);
    await target.as('coordinator').get('/api/v1/tasks/NQ71-701').expect(404);

    const some = await upload(target, file, 'co-quan.xlsx', '?partial=true').expect(200);
    expect(some.body.created).toBe(3); // two agencies, and the task the sheet after them gives BTC
    expect(some.body.errors.map((e: any) => [e.row, e.field])).toEqual([
      [5, 'head.email'],
      [6, 'kind'],
    ]);
    expect(await codes(some.body.position)).toEqual([...before, 'BTC', 'HANOI'].sort());
    const btc = await target.as('coordinator').get('/api/v1/agencies/BTC').expect(200);
    expect(btc.body).toMatchObject({
      name: 'Bộ Tài chính',
      kind: 'ministry',
      head: { name: 'Nguyễn Văn Thắng', title: 'Bộ trưởng', email: 'bo-truong@mof.example.org' },
    });
    const hanoi = await target.as('coordinator').get('/api/v1/agencies/HANOI').expect(200);
    expect(hanoi.body).toMatchObject({ kind: 'province', head: { title: 'Chủ tịch' } });
    const task = await target.as('coordinator').get(`/api/v1/tasks/NQ71-701?minPosition=${some.body.position}`).expect(200);
    expect(task.body.leadAgency).toBe('BTC');
    // and again: the agencies are there, only the bad rows are reported
    const again = await upload(target, file, 'co-quan.xlsx', '?partial=true').expect(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: 3 });
  });

  it('names every bad row by row and field; nothing is imported unless partial', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('Nhiệm vụ');
    ws.addRow(['Danh sách nhiệm vụ giao thêm']);
    ws.addRow(['Mã nhiệm vụ', 'Tên nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn']);
    ws.addRow(['NQ71-601', 'Nhiệm vụ hợp lệ', 'BCA', new Date(Date.UTC(2026, 5, 30))]);
    ws.addRow(['NQ71-602', 'Cơ quan không tồn tại', 'BXX', '2026']);
    ws.addRow(['NQ71-603', 'Thời hạn không đọc được', 'BCA', 'hôm nào đó']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const all = await upload(target, file, 'giao-them.xlsx').expect(200);
    expect(all.body.created).toBe(0);
    expect(all.body.errors.map((e: any) => [e.row, e.field])).toEqual([
      [4, 'leadAgency'],
      [5, 'deadline'],
    ]);
    // in the caller's language, and every row with what would become of it
    expect(all.body.errors[0].message).toBe('unknown agency BXX');
    expect(all.body.rows.map((r: any) => [r.row, r.code, r.outcome, r.leadAgency])).toEqual([
      [3, 'NQ71-601', 'valid', 'BCA'],
      [4, 'NQ71-602', 'invalid', 'BXX'],
      [5, 'NQ71-603', 'invalid', 'BCA'],
    ]);
    const vietnamese = await request(target.app.getHttpServer())
      .post('/api/v1/imports?dryRun=true')
      .set('Authorization', `Bearer ${TOKENS.coordinator}`)
      .set('Accept-Language', 'vi')
      .attach('file', file, 'giao-them.xlsx')
      .expect(200);
    expect(vietnamese.body.errors[0].message).toBe('cơ quan BXX chưa có trong hệ thống');
    const some = await upload(target, file, 'giao-them.xlsx', '?partial=true').expect(200);
    expect(some.body.created).toBe(1);
    const task = await target.as('coordinator').get(`/api/v1/tasks/NQ71-601?minPosition=${some.body.position}`).expect(200);
    expect(task.body.deadline.due.slice(0, 10)).toBe('2026-06-30');
  });

  it('refuses what is not a file of tasks, naming the field', async () => {
    const none = await request(target.app.getHttpServer())
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${TOKENS.coordinator}`)
      .set('Accept-Language', 'en')
      .field('note', 'x')
      .expect(400);
    expect(none.body.error.details[0].field).toBe('file');
    const broken = await upload(target, Buffer.from('PK\u0003\u0004 not really a workbook'), 'hong.xlsx').expect(200);
    expect(broken.body.errors[0]).toMatchObject({ field: 'file' });
    await request(target.app.getHttpServer())
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${TOKENS.bca}`)
      .attach('file', exported, 'x.xlsx')
      .expect(403);
    const big = await upload(target, Buffer.alloc(11 * 1024 * 1024, 65), 'lon.csv').expect(413);
    expect(big.body.error.details[0].field).toBe('file');
  });
});
