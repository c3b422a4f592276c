/**
 * Evidence files in the console: the lead agency's officer attaches a PDF on the task page, the
 * file is listed with its size and time, a program renamed .pdf is refused under the field in
 * Vietnamese; at 1366 and 390 px.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { agencyBody, taskBody } from '../support/test-app';
import { screenshot, settled } from './support/browser';
import { consoleSuite } from './support/console-suite';

jest.setTimeout(120_000);

const dir = mkdtempSync(path.join(tmpdir(), 'dle-web-attachments-'));
const suite = consoleSuite({
  now: '2026-01-05T09:00:00+07:00',
  seed: async (t) => {
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'DK-WEB', coordinatingAgencies: [] }))
      .expect(201);
  },
});
const open = (viewport: { width: number; height: number }) => suite.open('bca', viewport);

it('attaches a PDF from the task page and refuses a renamed program', async () => {
  const pdf = path.join(dir, 'Báo cáo kết quả.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const exe = path.join(dir, 'bao-cao.pdf');
  writeFileSync(exe, 'MZ\x90\x00 this program cannot be run in DOS mode');

  const page = await open({ width: 1366, height: 900 });
  await page.goto(`${suite.baseUrl}/#/tasks/DK-WEB`);
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
  await phone.goto(`${suite.baseUrl}/#/tasks/DK-WEB`);
  const listed = phone.locator('#attachments .attachments');
  await settled(
    () => listed.textContent(),
    (v) => (v ?? '').includes('Báo cáo kết quả.pdf'),
  );
  await listed.scrollIntoViewIfNeeded();
  await screenshot(phone, '61-attachments-390');
});
