/**
 * Importing the directory from a spreadsheet (issue 13): an admin uploads the agency's list of
 * people (.xlsx with Vietnamese headers, or .csv); a dry run previews every row and names each bad
 * one by line, field and column in the caller's language; nothing is done while a row is bad
 * (unless `partial`); the import invites each new person (their letter arrives), and the same
 * file imported again invites nobody twice. Real PostgreSQL, Redis and an SMTP server.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { SmtpTestServer } from '@app/escalation/testing';
import { startSmtpTestServer } from '@app/escalation/testing';
import { keepsContract } from './support/openapi-contract';
import { TOKENS, TestApp, agencyBody, startTestApp } from './support/test-app';
import { API, deleteQueueKeys, uniquePrefix } from './support/worker-process-helpers';

const HEADERS = ['STT', 'Họ và tên', 'Chức vụ', 'Thư điện tử', 'Điện thoại', 'Cơ quan', 'Vai trò', 'Đầu mối', 'Ngôn ngữ'];
const GOOD = [
  [1, 'Nguyễn Văn Hùng', 'Chuyên viên chính', 'hung.nv@bca.example.org', '024 3826 1234', 'BCA', 'Cán bộ', 'x', 'Tiếng Việt'],
  [2, 'Lê Thị Mai', 'Phó Vụ trưởng', 'mai.lt@vpcp.example.org', '', '', 'Điều phối, Kiểm tra', '', ''],
  [3, 'John Carter', 'Advisor', 'j.carter@bca.example.org', '', 'BCA', 'agency', 'không', 'English'],
];

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách');
  sheet.addRow(['DANH SÁCH CÁN BỘ THEO DÕI NHIỆM VỤ']); // a title above the header, as agencies write them
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('importing people from a spreadsheet', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  const prefix = uniquePrefix('ppl');
  const upload = (file: Buffer, name: string, query = '', language = 'vi') =>
    request(t.app.getHttpServer())
      .post(`${API}/users/import${query}`)
      .set('Authorization', `Bearer ${TOKENS.admin}`)
      .set('Accept-Language', language)
      .attach('file', file, name)
      .expect(keepsContract('post', `${API}/users/import`));

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, SCAN_INTERVAL_MS: '3600000' } });
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await deleteQueueKeys(prefix);
  });

  it('previews every row on a dry run and invites nobody', async () => {
    const res = await upload(await workbook(GOOD), 'can-bo.xlsx', '?dryRun=true').expect(200);
    expect(res.body).toMatchObject({ dryRun: true, created: 3, unchanged: 0, errors: [] });
    expect(res.body.people).toEqual([
      { row: 3, name: 'Nguyễn Văn Hùng', email: 'hung.nv@bca.example.org', agency: 'BCA', roles: ['agency'], status: 'new' },
      { row: 4, name: 'Lê Thị Mai', email: 'mai.lt@vpcp.example.org', agency: null, roles: ['coordinator', 'auditor'], status: 'new' },
      { row: 5, name: 'John Carter', email: 'j.carter@bca.example.org', agency: 'BCA', roles: ['agency'], status: 'new' },
    ]);
    const { body: people } = await t.as('admin').get(`${API}/users`).expect(200);
    expect(people.map((p: { email: string }) => p.email)).not.toContain('hung.nv@bca.example.org');
    expect(smtp.messages).toHaveLength(0);
  });

  it('names each bad row by line, field and column, in Vietnamese, and imports nothing', async () => {
    const bad = [
      ...GOOD,
      [4, 'Trần Văn Nam', 'Chuyên viên', 'khong-phai-email', '', 'BCA', 'Cán bộ', '', ''],
      [5, 'Phạm Thu Hà', 'Chuyên viên', 'ha.pt@bqp.example.org', '', 'BQP', 'Cán bộ', '', ''],
      [6, 'Nguyễn Văn Hùng', 'Chuyên viên', 'HUNG.NV@bca.example.org', '', 'BCA', 'Cán bộ', '', ''],
      [7, 'Đỗ Minh Tuấn', 'Chuyên viên', 'tuan.dm@bca.example.org', '', 'BCA', 'Giám đốc', '', ''],
    ];
    const res = await upload(await workbook(bad), 'can-bo.xlsx').expect(200);
    expect(res.body.created).toBe(0);
    expect(res.body.errors).toEqual([
      { row: 6, field: 'email', column: 'Thư điện tử', message: expect.stringContaining('không phải là địa chỉ email') },
      { row: 7, field: 'agency', column: 'Cơ quan', message: 'không phải mã của một cơ quan đã đăng ký' },
      { row: 8, field: 'email', column: 'Thư điện tử', message: 'trùng với dòng 3' },
      { row: 9, field: 'roles', column: 'Vai trò', message: expect.stringContaining('phải là danh sách') },
    ]);
    expect(smtp.messages).toHaveLength(0);
  });

  it('invites each new person once, and a second import of the same file invites nobody', async () => {
    const file = await workbook(GOOD);
    const first = await upload(file, 'can-bo.xlsx').expect(200);
    expect(first.body).toMatchObject({ dryRun: false, created: 3, unchanged: 0, errors: [] });
    const letters = await smtp.waitFor(3);
    expect(letters.map((m) => m.envelope.rcptTo[0]).sort()).toEqual([
      'hung.nv@bca.example.org',
      'j.carter@bca.example.org',
      'mai.lt@vpcp.example.org',
    ]);
    expect(first.body.position).toEqual(expect.any(Number));
    const { body: people } = await t.as('admin').get(`${API}/users?minPosition=${first.body.position}`).expect(200);
    const hung = people.find((p: { email: string }) => p.email === 'hung.nv@bca.example.org');
    expect(hung).toMatchObject({
      name: 'Nguyễn Văn Hùng',
      title: 'Chuyên viên chính',
      agency: 'BCA',
      roles: ['agency'],
      focalPoint: true,
      language: 'vi',
      status: 'invited',
    });
    expect(people.find((p: { email: string }) => p.email === 'j.carter@bca.example.org')).toMatchObject({
      language: 'en',
      focalPoint: false,
    });

    const again = await upload(file, 'can-bo.xlsx').expect(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: 3, errors: [] });
    expect(again.body.people.every((p: { status: string }) => p.status === 'exists')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages).toHaveLength(3);
  });

  it('reads a semicolon CSV too, and answers in English when asked', async () => {
    const csv = Buffer.from(
      '\ufeffHọ và tên;Thư điện tử;Cơ quan;Vai trò\nVũ Đức Anh;anh.vd@bca.example.org;BCA;cán bộ\nNgô Lan;lan@;BCA;cán bộ\n',
    );
    const res = await upload(csv, 'them.csv', '?dryRun=true', 'en').expect(200);
    expect(res.body.people).toEqual([expect.objectContaining({ row: 2, email: 'anh.vd@bca.example.org', status: 'new' })]);
    expect(res.body.errors).toEqual([
      { row: 3, field: 'email', column: 'Thư điện tử', message: expect.stringContaining('is not an email address') },
    ]);
  });

  it('refuses a file without an email column, and any role but admin', async () => {
    const res = await upload(Buffer.from('Tên;Điện thoại\nA;0123456\n'), 'sai.csv').expect(200);
    expect(res.body.errors).toEqual([
      { row: 1, field: 'file', column: null, message: 'dòng đầu phải là dòng tiêu đề có cột "Thư điện tử"' },
    ]);
    for (const role of ['coordinator', 'auditor', 'bca'] as const) {
      await request(t.app.getHttpServer())
        .post(`${API}/users/import`)
        .set('Authorization', `Bearer ${TOKENS[role]}`)
        .attach('file', Buffer.from('Thư điện tử\na@b.vn\n'), 'x.csv')
        .expect(403);
    }
  });
});
