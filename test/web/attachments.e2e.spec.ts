/**
 * Evidence files in the console: the lead agency's officer attaches a PDF on the task page, the
 * file is listed with its size and time, a program renamed .pdf is refused under the field in
 * Vietnamese; at 1366 and 390 px.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, agencyBody, startTestApp, taskBody } from '../support/test-app';
import { LAPTOP, launchBrowser, newPage, screenshot, settled, signIn } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';

jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;
let baseUrl: string;
const pageErrors: string[] = [];
const contexts: BrowserContext[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'dle-web-attachments-'));

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { SCAN_INTERVAL_MS: '3600000' } });
  await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
  await t
    .as('coordinator')
    .post('/api/v1/tasks', taskBody({ code: 'DK-WEB', coordinatingAgencies: [] }))
    .expect(201);
  await t.app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${t.app.getHttpServer().address().port}`;
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

async function open(viewport = LAPTOP): Promise<Page> {
  const { page, context } = await newPage(browser, viewport, pageErrors);
  contexts.push(context);
  await signIn(page, baseUrl, 'bca');
  return page;
}

it('attaches a PDF from the task page and refuses a renamed program', async () => {
  const pdf = path.join(dir, 'Báo cáo kết quả.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const exe = path.join(dir, 'bao-cao.pdf');
  writeFileSync(exe, 'MZ\x90\x00 this program cannot be run in DOS mode');

  const page = await open({ width: 1366, height: 900 });
  await page.goto(`${baseUrl}/#/tasks/DK-WEB`);
  const card = page.locator('#attachments');
  await card.getByLabel('Chọn tệp').setInputFiles(exe);
  await card.getByRole('button', { name: 'Đính kèm' }).click();
  await card.locator('.field-error').waitFor();
  expect(await card.locator('.field-error').textContent()).toContain('phải là tệp PDF, DOCX, XLSX, PNG hoặc JPEG');

  await card.getByLabel('Chọn tệp').setInputFiles(pdf);
  await card.getByRole('button', { name: 'Đính kèm' }).click();
  await settled(
    () => card.locator('.attachments').textContent(),
    (v) => (v ?? '').includes('Báo cáo kết quả.pdf'),
  );
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, '60-attachments-1366');

  const phone = await open({ width: 390, height: 844 });
  await phone.goto(`${baseUrl}/#/tasks/DK-WEB`);
  const listed = phone.locator('#attachments .attachments');
  await settled(
    () => listed.textContent(),
    (v) => (v ?? '').includes('Báo cáo kết quả.pdf'),
  );
  await listed.scrollIntoViewIfNeeded();
  await screenshot(phone, '61-attachments-390');
});
