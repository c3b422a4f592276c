/**
 * People in the console (issue 13), in Debian's Chromium: an admin adds an officer on the
 * people page; the invitation letter's link sets a password; the officer signs in with email and
 * password, opens a task link from an email in a new tab without signing in again, and signs
 * out; sets up a second factor and signs in with its code; repeated failures lock the account. Screenshots at laptop and phone width.
 */
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import { startSmtpTestServer, type SmtpTestServer } from '@app/escalation/testing';
import { TestApp, agencyBody, startTestApp, taskBody } from '../support/test-app';
import { LAPTOP, launchBrowser, newPage, screenshot, signIn } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { totpCodeAt } from '../../apps/api/src/auth/totp/totp';

jest.setTimeout(180_000);

const PHONE = { width: 390, height: 844 };
const PASSWORD = 'Theo-doi-nhiem-vu-2026';

let t: TestApp;
let smtp: SmtpTestServer;
let browser: Browser;
let baseUrl: string;
const pageErrors: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureConsoleBuilt();
  smtp = await startSmtpTestServer();
  t = await startTestApp({ env: { SMTP_URL: smtp.url, SCAN_INTERVAL_MS: '3600000' } });
  await t.app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${t.app.getHttpServer().address().port}`;
  await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  await t
    .as('coordinator')
    .post('/api/v1/tasks', taskBody({ code: 'NQ71-009', leadAgency: 'BKHCN', coordinatingAgencies: [] }))
    .expect(201);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.stop();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  expect(pageErrors.splice(0)).toEqual([]);
});

/** The newest letter's link to `email`, moved onto this test's console address. */
function letterLink(email: string): string {
  const mail = [...smtp.messages].reverse().find((m) => m.envelope.rcptTo.includes(email));
  const line = (mail?.text ?? '').split('\n').find((l) => l.includes('?token='));
  if (!line) throw new Error(`no link in a letter to ${email}`);
  const link = new URL(line);
  return `${baseUrl}${link.pathname}${link.search}`;
}

describe('people in the console', () => {
  it('an admin adds an officer on the people page, who receives the invitation', async () => {
    const { page, context } = await newPage(browser, LAPTOP, pageErrors);
    contexts.push(context);
    await signIn(page, baseUrl, 'admin');
    await page.goto(`${baseUrl}/#/people`);
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    await page.getByLabel('Họ và tên').fill('Phạm Thị Dung');
    await page.getByLabel('Chức vụ').fill('Chuyên viên');
    await page.getByLabel('Thư điện tử').fill('pham.thi.dung@most.gov.vn');
    await page.getByLabel('Cơ quan', { exact: true }).selectOption('BKHCN');
    await page.getByLabel('Đầu mối theo dõi của cơ quan').check();
    await page.getByRole('button', { name: 'Thêm và gửi thư mời' }).click();
    await page.getByRole('cell', { name: /Phạm Thị Dung/ }).waitFor();
    await expect(page.locator('tr[data-status="invited"]').count()).resolves.toBe(1);
    await screenshot(page, 'people-01-list-desktop');
    const [mail] = await smtp.waitFor(1, 15_000);
    expect(mail.envelope.rcptTo).toEqual(['pham.thi.dung@most.gov.vn']);

    const phone = await newPage(browser, PHONE, pageErrors);
    contexts.push(phone.context);
    await signIn(phone.page, baseUrl, 'admin');
    await phone.page.goto(`${baseUrl}/#/people`);
    await phone.page.getByText('Phạm Thị Dung').waitFor();
    await screenshot(phone.page, 'people-02-list-phone');
  });

  it('an admin imports people from a spreadsheet: a bad row is named, then the good rows are invited', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Cán bộ');
    sheet.addRow(['Họ và tên', 'Chức vụ', 'Thư điện tử', 'Cơ quan', 'Vai trò', 'Đầu mối']);
    sheet.addRow(['Hoàng Văn Thái', 'Chuyên viên', 'thai.hv@most.gov.vn', 'BKHCN', 'Cán bộ', '']);
    sheet.addRow(['Lý Thị Hoa', 'Chuyên viên', 'hoa@', 'BKHCN', 'Cán bộ', '']);
    const { page, context } = await newPage(browser, LAPTOP, pageErrors);
    contexts.push(context);
    await signIn(page, baseUrl, 'admin');
    await page.goto(`${baseUrl}/#/people`);
    await page.getByRole('button', { name: 'Nhập từ Excel' }).click();
    await page.getByLabel('Tệp danh sách người dùng').setInputFiles({
      name: 'can-bo.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    const problems = page.locator('table.import-errors');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('không phải là địa chỉ email');
    await screenshot(page, 'people-01b-import-preview');
    const before = smtp.messages.length;
    await page.getByRole('button', { name: 'Chỉ mời các dòng hợp lệ' }).click();
    await page.getByText('Đã mời 1 người').waitFor();
    await page.getByRole('cell', { name: /Hoàng Văn Thái/ }).waitFor();
    await smtp.waitFor(before + 1, 15_000);
    expect(smtp.messages.at(-1)?.envelope.rcptTo).toEqual(['thai.hv@most.gov.vn']);
  });

  it('the invitation link sets a password; the officer signs in, opens a task link in a new tab, and signs out', async () => {
    const { page, context } = await newPage(browser, LAPTOP, pageErrors);
    contexts.push(context);
    await page.goto(letterLink('pham.thi.dung@most.gov.vn'));
    await page.getByRole('heading', { name: 'Kích hoạt tài khoản' }).waitFor();
    await page.getByLabel('Mật khẩu mới').fill('ngan');
    await page.getByLabel('Nhập lại mật khẩu').fill('ngan');
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('12');
    await page.getByLabel('Mật khẩu mới').fill(PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu').fill(PASSWORD);
    await screenshot(page, 'people-03-set-password');
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await page.getByText('Đã lưu mật khẩu').waitFor();

    // a task link, as in a reminder letter: the sign-in page, then that very task
    await page.goto(`${baseUrl}/#/tasks/NQ71-009`);
    await page.getByLabel('Thư điện tử').fill('pham.thi.dung@most.gov.vn');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await screenshot(page, 'people-04-sign-in');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('header.topbar').waitFor();
    await expect(page.locator('.who-person').textContent()).resolves.toContain('Phạm Thị Dung');
    await page.getByText('NQ71-009').first().waitFor();

    // another tab of the same browser: no second sign-in
    const tab = await context.newPage();
    await tab.goto(`${baseUrl}/#/tasks/NQ71-009`);
    await tab.locator('header.topbar').waitFor();
    await tab.getByText('NQ71-009').first().waitFor();
    await tab.goto(`${baseUrl}/#/me`);
    await tab.getByRole('heading', { name: 'Hồ sơ cá nhân' }).waitFor();
    // away next week: the person names a substitute (PUT /me/absence with the session's CSRF token)
    const away = tab.locator('#absence');
    await away.getByLabel('Từ ngày').fill('09/03/2026');
    await away.getByLabel('Đến ngày').fill('13/03/2026');
    await away.getByLabel('Họ và tên người thay').fill('Trần Văn Bình');
    await away.getByLabel('Thư điện tử người thay').fill('tran.van.binh@most.gov.vn');
    await away.getByRole('button', { name: 'Lưu lịch vắng mặt' }).click();
    await away.getByText('Vắng từ 09/03/2026 đến 13/03/2026; người thay: Trần Văn Bình').waitFor();
    await screenshot(tab, 'people-05-profile');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByLabel('Thư điện tử').waitFor();
    await tab.reload();
    await tab.getByLabel('Thư điện tử').waitFor();
  });

  it('the officer sets up a second factor on the profile page, and sign-in then asks for its code', async () => {
    const { page, context } = await newPage(browser, LAPTOP, pageErrors);
    contexts.push(context);
    await page.goto(`${baseUrl}/#/me`);
    await page.getByLabel('Thư điện tử').fill('pham.thi.dung@most.gov.vn');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Hồ sơ cá nhân' }).waitFor();
    await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    const secret = ((await page.locator('code.secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('Mã xác thực (6 chữ số)').fill('000000');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.locator('.field-invalid').waitFor();
    await page.getByLabel('Mã xác thực (6 chữ số)').fill(totpCodeAt(secret, t.clock.now()));
    await screenshot(page, 'people-06-totp-enrol');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã bật xác thực hai lớp.').first().waitFor();

    await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
    t.clock.advance(60_000); // the next code: the one used to confirm is spent
    await page.getByLabel('Thư điện tử').fill('pham.thi.dung@most.gov.vn');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const code = page.getByLabel('Mã xác thực (6 chữ số)');
    await code.waitFor();
    await code.fill(totpCodeAt(secret, t.clock.now()));
    await screenshot(page, 'people-07-totp-sign-in');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('header.topbar').waitFor();
    await expect(page.locator('.who-person').textContent()).resolves.toContain('Phạm Thị Dung');
  });

  it('a wrong password is refused and five failures lock the account', async () => {
    const { page, context } = await newPage(browser, PHONE, pageErrors);
    contexts.push(context);
    await page.goto(`${baseUrl}/`);
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('Thư điện tử').fill('pham.thi.dung@most.gov.vn');
      await page.getByLabel('Mật khẩu', { exact: true }).fill(`sai-mat-khau-${i}`);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/không đúng/);
    }
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Đăng nhập sai quá nhiều lần').waitFor();
    await screenshot(page, 'people-08-locked-phone');
  });
});
