/**
 * Assigning in the console (issue 14), in Debian's Chromium: a coordinator enters a Resolution
 * once and three task rows; the row at fault names its field, the others are assigned; fixing
 * the row and sending again assigns only it. Screenshots at laptop and phone width.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import { TestApp, agencyBody, startTestApp } from '../support/test-app';
import { LAPTOP, launchBrowser, newPage, screenshot, settled, signIn } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';

jest.setTimeout(180_000);

let t: TestApp;
let browser: Browser;
let baseUrl: string;
const pageErrors: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp({ env: { SCAN_INTERVAL_MS: '3600000' } });
  await t.app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${t.app.getHttpServer().address().port}`;
  await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
  const last = await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  await t.as('coordinator').get(`/api/v1/agencies?minPosition=${last.body.position}`).expect(200);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  expect(pageErrors.splice(0)).toEqual([]);
});

describe('assigning tasks in the console', () => {
  it('assigns the rows of a directive, names the field at fault in the bad row, then assigns it once fixed', async () => {
    const { page, context } = await newPage(browser, LAPTOP, pageErrors);
    contexts.push(context);
    await signIn(page, baseUrl, 'coordinator');
    await page.goto(`${baseUrl}/#/tasks`);
    await page.getByRole('link', { name: 'Giao nhiệm vụ' }).click();
    await page.getByLabel('Loại văn bản').selectOption('resolution');
    await page.getByLabel('Số, ký hiệu văn bản').fill('71/NQ-CP');
    await page.getByLabel('Ngày ban hành').fill('2025-04-01');
    const rows: [string, string, string, string][] = [
      ['NQ71-301', 'Hoàn thiện cơ sở dữ liệu quốc gia về dân cư', 'BCA', '30/06/2026'],
      ['NQ71-302', 'Trình Đề án phát triển hạ tầng số', 'BKHCN', 'hôm nào đó'],
      ['NQ71-303', 'Ban hành Thông tư về định danh điện tử', 'BKHCN', 'quý IV/2026'],
    ];
    for (const [i, [code, title, lead, deadline]] of rows.entries()) {
      if (i > 0) await page.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
      await page.locator(`#r${i}-code`).fill(code);
      await page.locator(`#r${i}-title`).fill(title);
      await page.locator(`#r${i}-lead`).selectOption(lead);
      await page.locator(`#r${i}-deadline`).fill(deadline);
    }
    await page.locator('#r0-aname').fill('Nguyễn Văn An');
    await page.locator('#r0-aemail').fill('an.nguyen@bca.example.org');
    await page.getByRole('button', { name: 'Giao 3 nhiệm vụ' }).click();
    await page.locator('fieldset[data-row="1"] .field-invalid').first().waitFor();
    await page.locator('fieldset.assigned').nth(1).waitFor();
    await expect(page.locator('fieldset.assigned').count()).resolves.toBe(2);
    await expect(page.locator('#r1-deadline-error').textContent()).resolves.toBeTruthy();
    await screenshot(page, 'assign-01-row-at-fault');
    await page.locator('#r1-deadline').fill('tháng 9/2026');
    await page.getByRole('button', { name: 'Giao 3 nhiệm vụ' }).click();
    await page.locator('fieldset.assigned').nth(2).waitFor();
    await expect(page.locator('fieldset.assigned').count()).resolves.toBe(3);
    await page.getByRole('link', { name: 'NQ71-302' }).waitFor();
    await screenshot(page, 'assign-02-all-assigned');

    // the console answered from the write; the list is a read model that follows it
    const tasks = await settled(
      async () => (await t.as('coordinator').get('/api/v1/tasks?source=71/NQ-CP').expect(200)).body,
      (body) => body.items.length === 3,
    );
    expect(tasks.items.map((x: any) => x.code).sort()).toEqual(['NQ71-301', 'NQ71-302', 'NQ71-303']);
    const first = tasks.items.find((x: any) => x.code === 'NQ71-301');
    expect(first).toMatchObject({ leadAgency: 'BCA', source: { ref: '71/NQ-CP' } });

    // the list as Excel, with its filters
    await page.goto(`${baseUrl}/#/tasks?source=71%2FNQ-CP`);
    const [sheet] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải Excel' }).click()]);
    expect(sheet.suggestedFilename()).toBe('nhiem-vu.xlsx');

    // the same file uploaded back: checked row by row first, nothing new to import
    await page.getByRole('link', { name: 'Nhập từ Excel' }).click();
    await page.getByLabel('Tệp danh sách nhiệm vụ hoặc cơ quan').setInputFiles((await sheet.path()) as string);
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await page.getByText('0 dòng sẽ được nhập, 3 dòng đã có (không thay đổi), 0 lỗi.').waitFor();
    const previewRows = () =>
      page
        .locator('table.import-rows tbody tr')
        .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    const unchanged = await previewRows();
    expect(unchanged.map((r) => [r[1], r[5]])).toEqual([
      ['NQ71-301', 'Đã có, giữ nguyên'],
      ['NQ71-302', 'Đã có, giữ nguyên'],
      ['NQ71-303', 'Đã có, giữ nguyên'],
    ]);
    await screenshot(page, 'assign-04-import-preview');

    // a new code and a row at fault: each row is shown with what would become of it
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await sheet.path()) as string);
    const ws = book.worksheets[0];
    const header = (ws.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
    const column = (name: string) => header.indexOf(name);
    ws.getRow(3).getCell(column('Mã nhiệm vụ')).value = 'NQ71-304';
    ws.getRow(4).getCell(column('Cơ quan chủ trì')).value = 'KHONGCO';
    const edited = path.join(os.tmpdir(), `assign-import-${process.pid}.xlsx`);
    await book.xlsx.writeFile(edited);
    await page.getByLabel('Tệp danh sách nhiệm vụ hoặc cơ quan').setInputFiles(edited);
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await page.getByText('1 lỗi.', { exact: false }).waitFor();
    // the fault in the reader's language
    await page.getByText('cơ quan KHONGCO chưa có trong hệ thống').waitFor();
    const mixed = await previewRows();
    expect(mixed.map((r) => [r[0], r[1], r[3], r[5]])).toEqual([
      ['3', 'NQ71-304', 'BCA', 'Hợp lệ (chờ sửa các dòng lỗi)'],
      ['4', 'NQ71-302', 'KHONGCO', 'Có lỗi'],
      ['5', 'NQ71-303', 'BKHCN', 'Hợp lệ (chờ sửa các dòng lỗi)'],
    ]);
    await screenshot(page, 'assign-05-import-preview-fault');

    const phone = await newPage(browser, { width: 390, height: 844 }, pageErrors);
    contexts.push(phone.context);
    await signIn(phone.page, baseUrl, 'coordinator');
    await phone.page.goto(`${baseUrl}/#/tasks/new`);
    await phone.page.getByLabel('Số, ký hiệu văn bản').waitFor();
    await screenshot(phone.page, 'assign-03-phone');
  });

  it('is not offered to agency officers', async () => {
    const { page, context } = await newPage(browser, LAPTOP, pageErrors);
    contexts.push(context);
    await signIn(page, baseUrl, 'bca');
    await page.goto(`${baseUrl}/#/tasks`);
    await page.locator('main .page').first().waitFor();
    await expect(page.getByRole('link', { name: 'Giao nhiệm vụ' }).count()).resolves.toBe(0);
  });
});
