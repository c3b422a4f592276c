/**
 * The letters' templates in the console: an admin edits a letter's subject on the settings page,
 * a syntax error is named with its line in Vietnamese, the preview shows the letter a real task
 * would get, the saved version is listed and the letters use it; at 1366 and 390 px.
 */
import { agencyBody, taskBody } from '../support/test-app';
import * as path from 'node:path';
import { SCREENSHOTS, screenshot, settled } from './support/browser';
import { consoleSuite } from './support/console-suite';

jest.setTimeout(120_000);

const suite = consoleSuite({
  now: '2026-03-01T09:00:00+07:00',
  seed: async (t) => {
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t
      .as('coordinator')
      // 20/02/2026 falls in the Tết holiday: the deadline moves to Monday 23/02
      .post('/api/v1/tasks', taskBody({ code: 'NQ-M1', deadline: '2026-02-20', coordinatingAgencies: [] }))
      .expect(201);
  },
});

it('lets an admin edit a letter template, naming a syntax error by line, previewing with a real task, and keeps the version', async () => {
  const page = await suite.open('admin', { width: 1366, height: 900 });
  await page.goto(`${suite.baseUrl}/#/settings`);
  const card = page.locator('#letter-templates');
  await card.getByLabel('Mẫu', { exact: true }).selectOption('notice.subject');
  const text = card.getByLabel('Nội dung mẫu');
  await settled(
    () => text.inputValue(),
    (v) => v.includes('V/v {{#if remind}}nhắc'),
  );
  await text.fill('{{#if vi}}\nV/v khẩn trương thực hiện nhiệm vụ {{task.code}\n{{else}}Re: {{task.code}}{{/if}}');
  await card.getByRole('button', { name: 'Lưu mẫu' }).click();
  await card.locator('.field-error').first().waitFor();
  expect(await card.locator('.field-invalid').textContent()).toContain('có lỗi cú pháp ở dòng 2');
  await screenshot(page, '60-templates-error-1366');

  await text.fill('{{#if vi}}V/v khẩn trương thực hiện nhiệm vụ {{task.code}} ({{task.daysVi}}){{else}}Re: {{task.code}}{{/if}}');
  await card.getByLabel('Nhiệm vụ để xem trước').fill('NQ-M1');
  await card.getByRole('button', { name: 'Xem trước' }).click();
  const preview = card.locator('.letter-preview');
  await preview.waitFor();
  expect(await preview.textContent()).toContain('V/v khẩn trương thực hiện nhiệm vụ NQ-M1 (đã quá hạn 6 ngày)');
  const frame = page.frameLocator('.letter-frame');
  expect(await frame.locator('body').textContent()).toContain('Kính gửi: Bộ trưởng Bộ Công an');
  await screenshot(page, '61-templates-preview-1366');
  // the letter itself (headless Chromium leaves a sandboxed frame unpainted in page images)
  const letter = await page.context().newPage();
  await letter.setContent((await card.locator('.letter-frame').getAttribute('srcdoc')) ?? '');
  await letter.screenshot({ path: path.join(SCREENSHOTS, '61b-templates-preview-letter-1366.png'), fullPage: true });

  await card.getByRole('button', { name: 'Lưu mẫu' }).click();
  await settled(
    () =>
      card
        .locator('.versions summary')
        .textContent()
        .catch(() => ''),
    (v) => (v ?? '').includes('Các phiên bản đã lưu (1)'),
  );
  const stored = await suite.t.as('admin').get('/api/v1/settings/templates/notice.subject').expect(200);
  expect(stored.body).toMatchObject({ custom: true, version: 1 });

  const phone = await suite.open('admin', { width: 390, height: 844 });
  await phone.goto(`${suite.baseUrl}/#/settings`);
  const small = phone.locator('#letter-templates');
  await small.scrollIntoViewIfNeeded();
  expect(await phone.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth + 1')).toBe(true);
  await screenshot(phone, '62-templates-390');
});
