/**
 * Scheduled reports in the console: an admin adds a schedule on the settings page, a bad time is
 * named under its field in Vietnamese, the saved schedule shows its next run; at 1366 and 390 px.
 */
import { screenshot, settled } from './support/browser';
import { consoleSuite } from './support/console-suite';

jest.setTimeout(120_000);

const suite = consoleSuite({ now: '2026-01-20T09:00:00+07:00' });
const open = (who: 'admin' | 'coordinator', viewport: { width: number; height: number }) => suite.open(who, viewport);

it('lets an admin add a monthly report, naming a bad field, and shows its next run', async () => {
  const page = await open('admin', { width: 1366, height: 900 });
  await page.goto(`${suite.baseUrl}/#/settings`);
  const card = page.locator('#report-schedules');
  await card.getByRole('button', { name: 'Thêm lịch báo cáo' }).click();
  await card.getByLabel('Tên lịch').fill('Báo cáo tháng gửi Lãnh đạo Văn phòng');
  await card.getByLabel('Tiêu đề báo cáo').fill('Báo cáo tình hình thực hiện nhiệm vụ');
  await card.getByLabel('Giờ gửi').fill('8 giờ');
  await card.getByLabel('Địa chỉ nhận báo cáo').fill('lanhdao@vpcp.example.org\nvu.tonghop@vpcp.example.org');
  await card.getByRole('button', { name: 'Lưu' }).click();
  await card.locator('.field-error').first().waitFor();
  expect(await card.locator('.field-invalid').textContent()).toContain('Giờ gửi');
  expect(await card.locator('.field-invalid').textContent()).toContain('phải là giờ dạng HH:mm, ví dụ 08:00');
  await screenshot(page, '50-schedules-error-1366');

  await card.getByLabel('Giờ gửi').fill('08:00');
  await card.getByRole('button', { name: 'Lưu' }).click();
  await settled(
    () => card.locator('legend').first().textContent(),
    (v) => (v ?? '').includes('lần tới: 25/01/2026 08:00'),
  );
  const stored = await suite.t.as('auditor').get('/api/v1/settings/report-schedules').expect(200);
  expect(stored.body.schedules).toEqual([
    expect.objectContaining({ dayOfMonth: 25, time: '08:00', recipients: ['lanhdao@vpcp.example.org', 'vu.tonghop@vpcp.example.org'] }),
  ]);
  await screenshot(page, '51-schedules-1366');

  const phone = await open('coordinator', { width: 390, height: 844 });
  await phone.goto(`${suite.baseUrl}/#/settings`);
  const readOnly = phone.locator('#report-schedules');
  await settled(
    () => readOnly.textContent(),
    (v) => (v ?? '').includes('Báo cáo tháng gửi Lãnh đạo Văn phòng'),
  );
  expect(await readOnly.getByRole('button', { name: 'Lưu' }).count()).toBe(0);
  await readOnly.scrollIntoViewIfNeeded();
  await screenshot(phone, '52-schedules-390');
});
