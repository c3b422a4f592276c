/**
 * Report editions in the console (issue 15), in Debian's Chromium: a coordinator publishes the
 * report of a date, sees its figures and chain head, downloads the official report (PDF and
 * Word), and reads the restatement after a late-recorded completion; publishes the report of one
 * lead agency and source document as recorded by a date, from a form whose date defaults to
 * today in Hà Nội. Screenshots at laptop, 1366 and phone width.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { TestApp, agencyBody, startTestApp, taskBody } from '../support/test-app';
import { LAPTOP, launchBrowser, newPage, screenshot, settled, signIn } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { settle } from './support/seed';

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
  // another agency's task, not overdue: an edition of BCA leaves it out
  await t.as('coordinator').post('/api/v1/agencies', agencyBody('BTC', 'Bộ Tài chính')).expect(201);
  await t
    .as('coordinator')
    .post('/api/v1/tasks', taskBody({ code: 'NQ71-202', leadAgency: 'BTC', deadline: '2026-06-30', coordinatingAgencies: [] }))
    .expect(201);
  t.clock.set('2026-01-21T08:00:00+07:00');
  // the console reads the agencies once, at sign-in
  await settle(t);
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
    // the list beside it holds the new edition at once (read once the feed shows it), no reload
    await page.locator('li.active').getByText('15/BC-VPCP', { exact: false }).waitFor({ timeout: 5_000 });
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
  it('publishes the edition of one lead agency and source as recorded by a date; the date defaults to today in Hà Nội', async () => {
    for (const [viewport, name] of [
      [{ width: 1366, height: 860 }, 'editions-04-form-1366'],
      [{ width: 390, height: 844 }, 'editions-05-form-390'],
    ] as const) {
      const { page, context } = await newPage(browser, viewport, pageErrors);
      contexts.push(context);
      // 05:30 in Hà Nội on 21/01 is still the 20th in UTC
      await page.clock.setFixedTime(new Date('2026-01-21T05:30:00+07:00'));
      await signIn(page, baseUrl, 'coordinator');
      await page.goto(`${baseUrl}/#/editions`);
      await page.getByLabel('Cơ quan chủ trì').locator('option[value="BTC"]').waitFor({ state: 'attached' });
      await expect(page.getByLabel('Tính đến ngày').inputValue()).resolves.toBe('21/01/2026');
      await page.evaluate('window.scrollTo(0, 0)');
      await screenshot(page, name);
      if (viewport.width !== 1366) continue;

      await page.getByLabel('Trích yếu').fill('Tình hình thực hiện nhiệm vụ của Bộ Công an');
      await page.getByLabel('Theo thông tin ghi nhận đến').fill('20/01/2026');
      await page.getByLabel('Văn bản giao').selectOption('71/NQ-CP');
      await page.getByLabel('Cơ quan chủ trì').selectOption('BCA');
      await page.getByRole('button', { name: 'Công bố', exact: true }).click();
      await page.getByRole('heading', { name: 'Tình hình thực hiện nhiệm vụ của Bộ Công an' }).waitFor();
      await page.getByText('Phạm vi: 71/NQ-CP, BCA').waitFor();
      // the form starts afresh for the next edition: no scope or record date left over
      for (const field of ['Trích yếu', 'Theo thông tin ghi nhận đến', 'Văn bản giao', 'Cơ quan chủ trì'])
        await expect(page.getByLabel(field).inputValue()).resolves.toBe('');
      await expect(page.getByLabel('Tính đến ngày').inputValue()).resolves.toBe('21/01/2026');
      const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
      const { body: edition } = await t.as('auditor').get(`/api/v1/reports/editions/${id}`).expect(200);
      expect(edition).toMatchObject({ agency: 'BCA', source: '71/NQ-CP', title: 'Tình hình thực hiện nhiệm vụ của Bộ Công an' });
      expect(edition.asOf.slice(0, 10)).toBe('2026-01-21');
      expect(edition.knownAt.slice(0, 10)).toBe('2026-01-20');
      // only BCA's task, and its completion (recorded on the 21st) not yet known: overdue
      expect(edition.figures).toMatchObject({ total: 1, overdue: 1, completed: 0 });
      // the list reads the feed, which can lag while another suite holds a transaction open
      const listed = await settled(
        async () => ((await t.as('auditor').get('/api/v1/reports/editions').expect(200)).body as { id: string }[]).find((e) => e.id === id),
        (e) => e !== undefined,
      );
      expect(listed).toMatchObject({ agency: 'BCA', source: '71/NQ-CP' });
      await screenshot(page, 'editions-06-scoped-1366');
    }
  });
});
