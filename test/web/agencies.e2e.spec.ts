/**
 * Agencies in the console: a coordinator registers an agency (a bad address named under its field
 * in Vietnamese), changes its head and names an acting head for a period typed dd/mm/yyyy in a
 * browser whose own locale is en-US (the day must not turn into another); 1366 and 390 px.
 */
import { screenshot, settled } from './support/browser';
import { consoleSuite } from './support/console-suite';

jest.setTimeout(120_000);

const suite = consoleSuite({ now: '2026-01-05T09:00:00+07:00' });
const open = (viewport: { width: number; height: number }, locale = 'vi-VN') => suite.open('coordinator', viewport, locale);

it('registers an agency, changes its head and names an acting head for a period typed dd/mm/yyyy', async () => {
  const page = await open({ width: 1366, height: 900 }, 'en-US');
  await page.goto(`${suite.baseUrl}/#/agencies`);
  const form = page.locator('#register-agency');
  await form.getByLabel('Mã').fill('BTC');
  await form.getByLabel('Tên cơ quan').fill('Bộ Tài chính');
  await form.getByLabel('Họ và tên').fill('Nguyễn Văn Thắng');
  await form.getByLabel('Chức vụ').fill('Bộ trưởng');
  await form.getByLabel('Thư điện tử').fill('bo-truong(at)mof');
  await form.getByRole('button', { name: 'Đăng ký' }).click();
  await form.locator('.field-error').first().waitFor();
  expect(await form.locator('.field-invalid').textContent()).toContain('không phải là địa chỉ email');
  await form.getByLabel('Thư điện tử').fill('bo-truong@mof.example.org');
  await form.getByRole('button', { name: 'Đăng ký' }).click();
  const row = page.locator('[data-agency="BTC"]');
  await row.waitFor();
  expect(await row.textContent()).toContain('Bộ trưởng Nguyễn Văn Thắng');

  await row.getByRole('button', { name: 'Cử người quyền / phụ trách' }).click();
  const acting = page.getByRole('form', { name: 'Người quyền / phụ trách BTC' });
  await acting.getByLabel('Họ và tên').fill('Lê Thị Phó');
  await acting.getByLabel('Chức vụ').fill('Quyền Bộ trưởng');
  await acting.getByLabel('Thư điện tử').fill('quyen@mof.example.org');
  await acting.getByLabel('Từ ngày').fill('05/03/2026');
  await acting.getByLabel('Đến ngày').fill('20/03/2026');
  await acting.getByRole('button', { name: 'Lưu' }).click();
  await settled(
    () => row.textContent(),
    (v) => (v ?? '').includes('Quyền Bộ trưởng Lê Thị Phó'),
  );
  expect(await row.textContent()).toContain('05/03/2026 – 20/03/2026');
  const stored = await suite.t.as('auditor').get('/api/v1/agencies/BTC').expect(200);
  expect(stored.body.actingHead).toMatchObject({ from: '2026-03-05', to: '2026-03-20' });
  await screenshot(page, '70-agencies-1366');

  await row.getByRole('button', { name: 'Đổi thủ trưởng' }).click();
  const head = page.getByRole('form', { name: 'Đổi thủ trưởng BTC' });
  await head.getByLabel('Họ và tên').fill('Hồ Đức Phớc');
  await head.getByLabel('Chức vụ').fill('Bộ trưởng');
  await head.getByLabel('Thư điện tử').fill('ho.duc.phoc@mof.example.org');
  await head.getByRole('button', { name: 'Lưu' }).click();
  await settled(
    () => row.textContent(),
    (v) => (v ?? '').includes('Hồ Đức Phớc'),
  );

  const phone = await open({ width: 390, height: 844 });
  await phone.goto(`${suite.baseUrl}/#/agencies`);
  await phone.locator('[data-agency="BTC"]').waitFor();
  await screenshot(phone, '71-agencies-390');
});
