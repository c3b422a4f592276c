/**
 * The overview's Excel downloads (issue 15), in Debian's Chromium: the coordinator downloads the
 * summary, the agency ranking and the monthly plan beside what the page shows, under the page's
 * filters; each file is read back with exceljs (Vietnamese headers, numbers as numbers).
 * Screenshots at 1366 and 390 pixels wide.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { agencyBody, taskBody } from '../support/test-app';
import { screenshot, settled } from './support/browser';
import { settle } from './support/seed';
import { consoleSuite } from './support/console-suite';

jest.setTimeout(180_000);

const WIDE = { width: 1366, height: 860 };
const PHONE = { width: 390, height: 844 };

const suite = consoleSuite({
  now: '2026-01-02T10:00:00+07:00',
  seed: async (t) => {
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BTC', 'Bộ Tài chính')).expect(201);
    const assign = (code: string, leadAgency: string, deadline: string) =>
      t
        .as('coordinator')
        .post('/api/v1/tasks', taskBody({ code, leadAgency, deadline, coordinatingAgencies: [], assignee: undefined }))
        .expect(201);
    await assign('DL-001', 'BCA', '2026-01-30');
    await assign('DL-002', 'BCA', '2026-03-31');
    await assign('DL-003', 'BTC', '2026-02-20');
    t.clock.set('2026-01-20T15:00:00+07:00');
    await t.as('coordinator').post('/api/v1/tasks/DL-001/completion', { deliverableRef: 'Báo cáo số 3/BC-BCA' }).expect(201);
    // DL-001 done on time, DL-002 on track, DL-003 overdue since 20/02
    t.clock.set('2026-03-10T09:00:00+07:00');
    // the console reads the agencies once, at sign-in
    await settle(t);
  },
});

/** The workbook a button gives: its suggested name and its only sheet as rows of values (row 1 is the title, row 2 the headers). */
async function download(page: Page, button: string): Promise<{ name: string; rows: unknown[][] }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await file.path());
  const sheet = book.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row, n) => (rows[n - 1] = (row.values as unknown[]).slice(1)));
  return { name: file.suggestedFilename(), rows };
}

/** The value under `header` in the row whose first cells include `key`. */
function cell(rows: unknown[][], key: string, header: string): unknown {
  const column = rows[1].indexOf(header);
  expect(column).toBeGreaterThanOrEqual(0);
  const row = rows.slice(2).find((r) => r.slice(0, 3).includes(key));
  expect(row).toBeDefined();
  return row![column];
}

const figure = (page: Page, name: string) => page.locator(`[data-figure="${name}"] .figure-value`).textContent();

it('downloads the summary, the ranking and the monthly plan as workbooks, under the filters shown', async () => {
  const page = await suite.open('coordinator', WIDE);
  await page.goto(`${suite.baseUrl}/#/`);
  expect(
    await settled(
      () => figure(page, 'total'),
      (v) => v === '3',
    ),
  ).toBe('3');
  await screenshot(page, 'overview-downloads-01-1366');

  const summary = await download(page, 'Tải Excel số liệu tổng hợp');
  expect(summary.name).toBe('tong-hop-2026-03-10.xlsx');
  expect(summary.rows[1]).toEqual(expect.arrayContaining(['Cơ quan chủ trì', 'Tổng số', 'Quá hạn chưa hoàn thành']));
  expect(cell(summary.rows, 'BCA', 'Tổng số')).toBe(2);
  expect(cell(summary.rows, 'BCA', 'Đúng hạn')).toBe(1);
  expect(cell(summary.rows, 'BTC', 'Quá hạn chưa hoàn thành')).toBe(1);
  expect(cell(summary.rows, 'Cộng', 'Tổng số')).toBe(3);

  const ranking = await download(page, 'Tải Excel xếp hạng cơ quan');
  expect(ranking.name).toBe('xep-hang-2026-03-10.xlsx');
  expect(ranking.rows[1]).toEqual(expect.arrayContaining(['Hạng', 'Cơ quan', 'Tỷ lệ đúng hạn']));
  expect(cell(ranking.rows, 'BCA', 'Hạng')).toBe(1);
  expect(cell(ranking.rows, 'BCA', 'Hoàn thành đúng hạn')).toBe(1);
  expect(cell(ranking.rows, 'BTC', 'Hạng')).toBe(2);
  expect(cell(ranking.rows, 'BTC', 'Quá hạn chưa hoàn thành')).toBe(1);

  const plan = await download(page, 'Tải Excel kế hoạch theo tháng');
  expect(plan.name).toBe('ke-hoach-2026.xlsx');
  expect(plan.rows[0][0]).toBe('Nhiệm vụ đến hạn theo tháng năm 2026');
  expect(plan.rows[1]).toEqual(expect.arrayContaining(['Tháng', 'Cơ quan chủ trì', 'Đến hạn', 'Đã hoàn thành']));
  expect(cell(plan.rows, 'BTC', 'Đến hạn')).toBe(1);
  expect(cell(plan.rows, 'BTC', 'Quá hạn')).toBe(1);
  expect(plan.rows.slice(2).map((r) => r[1])).toEqual(['BCA', 'BTC', 'BCA']);

  // The lead agency filter of the page reaches the workbooks that take it.
  await page.getByLabel('Cơ quan chủ trì').selectOption('BTC');
  expect(
    await settled(
      () => figure(page, 'total'),
      (v) => v === '1',
    ),
  ).toBe('1');
  const btcSummary = await download(page, 'Tải Excel số liệu tổng hợp');
  expect(btcSummary.rows.slice(2).map((r) => r[1])).toEqual(['Bộ Tài chính', 'Cộng']);
  expect(cell(btcSummary.rows, 'Cộng', 'Tổng số')).toBe(1);
  const btcPlan = await download(page, 'Tải Excel kế hoạch theo tháng');
  expect(btcPlan.rows.slice(2).map((r) => r[1])).toEqual(['BTC']);

  // An earlier day: the ranking as it stood on 25/01 (DL-001 done, nothing overdue yet).
  await page.getByLabel('Tính đến ngày').fill('25/01/2026');
  await page.getByLabel('Tính đến ngày').blur();
  const early = await settled(
    () => download(page, 'Tải Excel xếp hạng cơ quan'),
    (w) => w.name === 'xep-hang-2026-01-25.xlsx',
  );
  expect(cell(early.rows, 'BTC', 'Quá hạn chưa hoàn thành')).toBe(0);
});

it('fits a phone (390 px) with the download buttons', async () => {
  const page = await suite.open('coordinator', PHONE);
  await page.goto(`${suite.baseUrl}/#/`);
  expect(
    await settled(
      () => figure(page, 'total'),
      (v) => v === '3',
    ),
  ).toBe('3');
  await page.getByRole('button', { name: 'Tải Excel xếp hạng cơ quan' }).waitFor();
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  await screenshot(page, 'overview-downloads-02-390');
});
