/**
 * Report editions in the console (issue 15), in Debian's Chromium: a coordinator publishes the
 * report of a date, sees its figures and chain head, downloads the official report (PDF and
 * Word), and reads the restatement after a late-recorded completion. Screenshots at laptop and
 * phone width.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { TestApp, agencyBody, startTestApp, taskBody } from '../support/test-app';
import { LAPTOP, launchBrowser, newPage, screenshot, signIn } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';

jest.setTimeout(180_000);

let t: TestApp;
let browser: Browser;
let baseUrl: string;
let taskId: string;
const pageErrors: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { SCAN_INTERVAL_MS: '3600000' } });
  await t.app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${t.app.getHttpServer().address().port}`;
  await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
  const { body } = await t
    .as('coordinator')
    .post('/api/v1/tasks', taskBody({ code: 'NQ71-201', deadline: '2026-01-10', coordinatingAgencies: [] }))
    .expect(201);
  taskId = body.id;
  t.clock.set('2026-01-21T08:00:00+07:00');
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

describe('report editions in the console', () => {
  it('publishes an edition, downloads its official report, and shows the restatement', async () => {
    const { page, context } = await newPage(browser, LAPTOP, pageErrors);
    contexts.push(context);
    await signIn(page, baseUrl, 'coordinator');
    await page.goto(`${baseUrl}/#/editions`);
    await page.getByLabel('Trích yếu').fill('Tình hình thực hiện nhiệm vụ tháng 01 năm 2026');
    await page.getByLabel('Số, ký hiệu').fill('15/BC-VPCP');
    await page.getByLabel('Tính đến ngày').fill('2026-01-20');
    await page.getByRole('button', { name: 'Công bố', exact: true }).click();
    await page.getByRole('heading', { name: 'Tình hình thực hiện nhiệm vụ tháng 01 năm 2026' }).waitFor();
    await page.getByText('Chưa có nhiệm vụ nào thay đổi so với ấn bản.').waitFor();
    await screenshot(page, 'editions-01-published');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải báo cáo (PDF)' }).click()]);
    expect(pdf.suggestedFilename()).toBe('bao-cao-2026-01-20.pdf');
    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải báo cáo (Word)' }).click()]);
    expect(docx.suggestedFilename()).toBe('bao-cao-2026-01-20.docx');

    // a completion recorded after publication, that happened before the report date
    const done = await t
      .as('coordinator')
      .post(`/api/v1/tasks/${taskId}/completion`, { deliverableRef: 'Báo cáo số 9/BC-BCA', completedAt: '2026-01-09T15:00:00+07:00' })
      .expect(201);
    await t.as('coordinator').get(`/api/v1/tasks/${taskId}?minPosition=${done.body.position}`).expect(200);
    await page.reload();
    await page.getByText('Số nhiệm vụ quá hạn tại ngày báo cáo: 1 khi công bố, 0 theo dữ liệu hiện nay.').waitFor();
    await expect(page.getByRole('cell', { name: 'Hoàn thành đúng hạn' }).count()).resolves.toBe(1);
    await screenshot(page, 'editions-02-restatement');

    const phone = await newPage(browser, { width: 390, height: 844 }, pageErrors);
    contexts.push(phone.context);
    await signIn(phone.page, baseUrl, 'auditor');
    await phone.page.goto(`${baseUrl}/#/editions`);
    await phone.page.getByText('15/BC-VPCP').first().waitFor();
    await expect(phone.page.getByRole('button', { name: 'Công bố', exact: true }).count()).resolves.toBe(0);
    await screenshot(phone.page, 'editions-03-phone-auditor');
  });
});
