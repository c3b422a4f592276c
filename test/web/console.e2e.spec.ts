/**
 * The web console in a real browser: Debian's Chromium driven by playwright-core, against the
 * whole engine in this process (test/support/test-app.ts: real PostgreSQL and Redis, a
 * ManualClock at NOW, an SMTP server that refuses one officer's mailbox) serving the built
 * console at `/`. Each page is saved under test-output/screenshots/ for review.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { NoticeQueue } from '@app/escalation';
import { startSmtpTestServer, type SmtpTestServer } from '@app/escalation/testing';
import { TestApp, startTestApp } from '../support/test-app';
import { deleteQueueKeys, uniquePrefix } from '../support/worker-process-helpers';
import { LAPTOP, TABLET, launchBrowser, newPage, screenshot, settled, signIn } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { FAILING_RECIPIENT, NOW, seedConsoleData, settleNotices } from './support/seed';

jest.setTimeout(180_000);

let t: TestApp;
let smtp: SmtpTestServer;
let browser: Browser;
let baseUrl: string;
let prefix: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  await ensureConsoleBuilt();
  smtp = await startSmtpTestServer();
  prefix = uniquePrefix('web');
  t = await startTestApp({ now: NOW, env: { SMTP_URL: smtp.url, SCAN_INTERVAL_MS: '3600000', QUEUE_PREFIX: prefix } });
  t.app.get(NoticeQueue).retry = { attempts: 1, backoffMs: 100 };
  await seedConsoleData(t, { beforeScan: () => smtp.rejectRecipient(FAILING_RECIPIENT, 550) });
  // Delivered or failed before the tests start: a later extension would cancel a notice still pending.
  await settleNotices(t);
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address();
  baseUrl = `http://127.0.0.1:${address.port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.stop();
  if (prefix) await deleteQueueKeys(prefix);
});

const contexts: BrowserContext[] = [];
afterEach(async () => {
  // A failed test leaves no page polling behind.
  await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  expect(pageErrors.splice(0)).toEqual([]);
});

/** A signed-in page of one role; script errors are collected and fail the test. */
async function open(who: Parameters<typeof signIn>[2], viewport = LAPTOP): Promise<Page> {
  const { page, context } = await newPage(browser, viewport, pageErrors);
  contexts.push(context);
  await signIn(page, baseUrl, who);
  return page;
}

const is = (expected: unknown) => (value: unknown) => value === expected;
const has = (part: string) => (value: string | null) => (value ?? '').includes(part);
const codes = (page: Page): Promise<(string | null)[]> =>
  taskRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')));

const go = async (page: Page, hash: string) => {
  await page.goto(`${baseUrl}/#${hash}`);
};
const navLinks = (page: Page) => page.locator('nav.mainnav a').allTextContents();
const WIDE = { width: 1366, height: 860 };
const PHONE = { width: 390, height: 844 };
const figure = (page: Page, name: string) => page.locator(`[data-figure="${name}"] .figure-value`);
const taskRows = (page: Page) => page.locator('table.tasks-table tbody tr[data-task]');

describe('the web console', () => {
  it('is served at / by the API process, beside an API that still answers JSON', async () => {
    const res = await fetch(`${baseUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(await res.text()).toContain('<div id="app">');
    const api = await fetch(`${baseUrl}/api/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: expect.any(String) } });
    expect((await fetch(`${baseUrl}/health`)).headers.get('content-type')).toContain('application/json');
  });

  it('refuses an unknown token, then signs each role in and shows only what it may see', async () => {
    const { page, context } = await newPage(browser, LAPTOP, pageErrors);
    contexts.push(context);
    await page.goto(`${baseUrl}/`);
    await screenshot(page, '01-sign-in');
    await page.getByText('Đăng nhập bằng mã truy cập').click();
    await page.getByLabel('Mã truy cập (token)').fill('not-a-token');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Mã truy cập không đúng');
    await page.context().close();

    const expected: Record<string, { badge: string; nav: string[] }> = {
      admin: {
        badge: 'Quản trị',
        nav: [
          'Tổng quan',
          'Việc cần xử lý',
          'Nhiệm vụ',
          'Quy tắc nhắc việc',
          'Thông báo',
          'Cấu hình',
          'Ấn bản báo cáo',
          'Cơ quan',
          'Người dùng',
          'Kiểm tra',
        ],
      },
      coordinator: {
        badge: 'Điều phối (VPCP)',
        nav: [
          'Tổng quan',
          'Việc cần xử lý',
          'Nhiệm vụ',
          'Quy tắc nhắc việc',
          'Thông báo',
          'Cấu hình',
          'Ấn bản báo cáo',
          'Cơ quan',
          'Người dùng',
        ],
      },
      auditor: {
        badge: 'Thanh tra',
        nav: ['Tổng quan', 'Nhiệm vụ', 'Quy tắc nhắc việc', 'Thông báo', 'Cấu hình', 'Ấn bản báo cáo', 'Cơ quan', 'Người dùng', 'Kiểm tra'],
      },
      bca: { badge: 'Cán bộ cơ quan · BCA', nav: ['Tổng quan', 'Việc cần xử lý', 'Nhiệm vụ', 'Thông báo'] },
    };
    for (const [who, want] of Object.entries(expected)) {
      const p = await open(who as Parameters<typeof signIn>[2]);
      expect((await p.locator('.role-badge').textContent())?.trim()).toBe(want.badge);
      expect(await navLinks(p)).toEqual(want.nav);
      await figure(p, 'total').waitFor();
      await screenshot(p, `02-overview-${who}`);
      await p.context().close();
    }

    // An agency officer sees the tasks its agency leads or coordinates, nothing else.
    const bca = await open('bca');
    await go(bca, '/tasks');
    await taskRows(bca).first().waitFor();
    expect((await taskRows(bca).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')))).sort()).toEqual([
      'NQ71-001',
      'NQ71-002',
      'NQ71-003',
      'NQ71-004',
    ]);
    await screenshot(bca, '03-tasks-agency-bca');
    await go(bca, '/audit');
    await expect(bca.getByRole('alert').textContent()).resolves.toContain('không được xem trang này');
    await bca.context().close();

    const bkhcn = await open('bkhcn');
    await go(bkhcn, '/tasks');
    await taskRows(bkhcn).first().waitFor();
    expect((await taskRows(bkhcn).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')))).sort()).toEqual([
      'KH02-001',
      'NQ71-001',
      'NQ71-004',
      'NQ71-005',
    ]);
    // NQ71-004 is BCA's: BKHCN coordinates it, so it may read it but not report on it.
    await go(bkhcn, '/tasks/NQ71-004');
    await bkhcn.locator('#actions').getByText('Chỉ cơ quan chủ trì mới được báo cáo').waitFor();
    await bkhcn.context().close();
  });

  it('filters, sorts and flags the "6 rõ" gaps in the task list', async () => {
    const page = await open('coordinator');
    await go(page, '/tasks');
    await taskRows(page).first().waitFor();
    expect(await taskRows(page).count()).toBe(10);
    // The "6 rõ" gaps are flagged; TB-002 was assigned without assignee, deliverable or approver.
    await expect(page.locator('tr[data-task="TB-002"] .gap-flag').textContent()).resolves.toMatch(/Thiếu \d\/6 rõ/);
    await page.getByLabel('Chỉ nhiệm vụ chưa đủ "6 rõ"').check();
    expect(
      await settled(
        () => codes(page),
        (v) => JSON.stringify(v) === JSON.stringify(['TB-002', 'KH02-002']),
      ),
    ).toEqual(['TB-002', 'KH02-002']);
    await page.getByLabel('Chỉ nhiệm vụ chưa đủ "6 rõ"').uncheck();
    // Server-side filters: status and agency; a text search on top.
    await page.getByLabel('Trạng thái').selectOption('overdue');
    expect(await settled(() => taskRows(page).count(), is(2))).toBe(2);
    await page.getByLabel('Cơ quan chủ trì').selectOption('BCA');
    expect(
      await settled(
        () => codes(page),
        (v) => JSON.stringify(v) === JSON.stringify(['NQ71-003']),
      ),
    ).toEqual(['NQ71-003']);
    await page.getByRole('button', { name: 'Xóa bộ lọc' }).click();
    await page.getByLabel('Tìm kiếm').fill('cơ sở dữ liệu');
    await page.getByLabel('Tìm kiếm').press('Enter');
    expect(
      await settled(
        () => codes(page),
        (v) => JSON.stringify(v) === JSON.stringify(['NQ71-001', 'NQ71-004']),
      ),
    ).toEqual(['NQ71-001', 'NQ71-004']);
    await page.getByRole('button', { name: 'Xóa bộ lọc' }).click();
    // Sort by code, then the other way.
    await page.getByRole('button', { name: /^Mã/ }).click();
    expect(await settled(() => taskRows(page).first().getAttribute('data-task'), is('KH02-001'))).toBe('KH02-001');
    await page.getByRole('button', { name: /^Mã/ }).click();
    expect(await settled(() => taskRows(page).first().getAttribute('data-task'), is('TB-002'))).toBe('TB-002');
    await expect(page.locator('th[aria-sort="descending"]').textContent()).resolves.toContain('Mã');
    await page.getByRole('button', { name: /^Thời hạn/ }).click();
    await screenshot(page, '04-tasks-coordinator');
    await page.context().close();
  });

  it('lets an admin write a rule in words, preview it as a table and a calendar, then save, edit, disable and delete it', async () => {
    const page = await open('admin');
    await go(page, '/rules');
    await page.locator('tr[data-rule="default-assignee-3wd"]').waitFor();
    await expect(page.locator('tr[data-rule="default-assignee-3wd"]').textContent()).resolves.toContain('3 ngày làm việc trước hạn');
    await page.locator('#preview .preview-count').waitFor();
    await screenshot(page, '05-rules');

    await page.getByRole('link', { name: '+ Thêm quy tắc' }).click();
    await page.getByLabel('Tên quy tắc').fill('Nhắc trước hạn 2 ngày làm việc (thử nghiệm)');
    await page.getByLabel('Mã quy tắc (không bắt buộc)').fill('web-test-2wd');
    await page.getByLabel('Số lượng').fill('2');
    await page.getByLabel('thủ trưởng cơ quan chủ trì').check();
    await expect(page.getByTestId('rule-sentence').textContent()).resolves.toContain(
      'Gửi 2 ngày làm việc trước hạn cho cán bộ được giao, thủ trưởng cơ quan chủ trì',
    );
    // A fault the API finds is shown next to its field.
    await page.getByLabel('Từ (HH:mm)').fill('25:00');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const startField = page.locator('.field', { has: page.getByLabel('Từ (HH:mm)') });
    await expect(startField.locator('.field-error').textContent()).resolves.toContain('HH:mm');
    await screenshot(page, '06-rule-form-error');
    await page.getByLabel('Từ (HH:mm)').fill('08:00');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    // NQ71-005 is due Friday 13/03/2026: two working days before is Wednesday 11/03 at 08:00.
    const previewRow = page.locator('#preview table.preview-table tr', { hasText: 'NQ71-005' });
    await previewRow.first().waitFor();
    await expect(previewRow.first().textContent()).resolves.toContain('11/03/2026 08:00');
    await expect(startField.locator('.field-error').count()).resolves.toBe(0);
    await screenshot(page, '07-rule-preview-table');
    await page.getByRole('button', { name: 'Lịch', exact: true }).click();
    await expect(page.locator('#preview td[data-day="2026-03-11"]').textContent()).resolves.toContain('NQ71-005');
    await expect(page.locator('#preview td[data-day="2026-03-14"]').getAttribute('class')).resolves.toContain('off');
    await screenshot(page, '08-rule-preview-calendar');

    await page.getByRole('button', { name: 'Lưu quy tắc' }).click();
    const row = page.locator('tr[data-rule="web-test-2wd"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('2 ngày làm việc trước hạn');

    await row.getByRole('link', { name: 'Sửa' }).click();
    await page.getByLabel('Số lượng').fill('4');
    await page.getByLabel('So với hạn').selectOption('after');
    await expect(page.getByTestId('rule-sentence').textContent()).resolves.toContain('4 ngày làm việc sau hạn');
    // The saved rule's preview names it; 4 working days after NQ71-005's deadline is Thursday 19/03.
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const editedPreview = page.locator('#preview table.preview-table tr', { hasText: 'NQ71-005' });
    await editedPreview.first().waitFor();
    await expect(editedPreview.first().textContent()).resolves.toContain('web-test-2wd');
    await page.getByRole('button', { name: 'Lưu quy tắc' }).click();
    expect(await settled(() => page.locator('tr[data-rule="web-test-2wd"]').textContent(), has('4 ngày làm việc sau hạn'))).toContain(
      '4 ngày làm việc sau hạn',
    );

    await page.locator('tr[data-rule="web-test-2wd"]').getByRole('button', { name: 'Tạm dừng' }).click();
    expect(await settled(() => page.locator('tr[data-rule="web-test-2wd"] .badge').textContent(), is('Tạm dừng'))).toBe('Tạm dừng');
    await page.locator('tr[data-rule="web-test-2wd"]').getByRole('button', { name: 'Xóa' }).click();
    await page.locator('tr[data-rule="web-test-2wd"]').getByRole('button', { name: 'Xác nhận xóa' }).click();
    expect(await settled(() => page.locator('tr[data-rule="web-test-2wd"]').count(), is(0))).toBe(0);
    await page.context().close();
  });

  it("keeps a rule's risk levels when it is opened and saved, and sends the levels ticked", async () => {
    const API = `/api/v1/reminder-rules`;
    // disabled: it plans nothing the other tests count
    const { body: created } = await t
      .as('admin')
      .post(API, {
        id: 'web-risk-high',
        name: 'Nhắc nhiệm vụ nguy cơ cao (thử nghiệm)',
        enabled: false,
        scope: { risks: ['high'] },
        offset: { amount: -5, unit: 'working_days' },
        recipients: ['assignee'],
        level: 0,
      })
      .expect(201);
    // the list the console reads has it
    expect(created.position).toEqual(expect.any(Number));
    await t.as('admin').get(`${API}?minPosition=${created.position}`).expect(200);
    const saved = async () => (await t.as('admin').get(`${API}/web-risk-high`).expect(200)).body;
    const risksOf = async () => (await saved()).scope.risks;
    const riskBox = (page: Page, label: string) =>
      page.getByRole('group', { name: 'Chỉ nhiệm vụ có mức nguy cơ' }).getByRole('checkbox', { name: label, exact: true });

    for (const [viewport, name] of [
      [WIDE, '05b-rule-risks-1366'],
      [PHONE, '05c-rule-risks-390'],
    ] as const) {
      const page = await open('admin', viewport);
      await go(page, '/rules');
      const row = page.locator('tr[data-rule="web-risk-high"]');
      await row.waitFor();
      await expect(row.textContent()).resolves.toContain('Chỉ nhiệm vụ có mức nguy cơ: Cao');
      await row.getByRole('link', { name: 'Sửa' }).click();
      await expect(riskBox(page, 'Cao').isChecked()).resolves.toBe(true);
      await expect(riskBox(page, 'Trung bình').isChecked()).resolves.toBe(false);
      await expect(riskBox(page, 'Thấp').isChecked()).resolves.toBe(false);
      await screenshot(page, name);
      await page.context().close();
    }

    // opened and saved with another name: the rule still reaches only high-risk tasks
    const page = await open('admin');
    await go(page, '/rules');
    await page.locator('tr[data-rule="web-risk-high"]').getByRole('link', { name: 'Sửa' }).click();
    await page.getByLabel('Tên quy tắc').fill('Nhắc nhiệm vụ có nguy cơ (thử nghiệm)');
    await page.getByRole('button', { name: 'Lưu quy tắc' }).click();
    await page.locator('tr[data-rule="web-risk-high"]', { hasText: 'Nhắc nhiệm vụ có nguy cơ (thử nghiệm)' }).waitFor();
    const renamed = await settled(saved, (r) => r.name === 'Nhắc nhiệm vụ có nguy cơ (thử nghiệm)');
    expect(renamed.scope.risks).toEqual(['high']);

    // the levels ticked in the console reach the API; none ticked is every task again
    await page.locator('tr[data-rule="web-risk-high"]').getByRole('link', { name: 'Sửa' }).click();
    await riskBox(page, 'Trung bình').check();
    await page.getByRole('button', { name: 'Lưu quy tắc' }).click();
    expect(await settled(risksOf, (r) => JSON.stringify(r) === '["high","medium"]')).toEqual(['high', 'medium']);
    await expect(page.locator('tr[data-rule="web-risk-high"]').textContent()).resolves.toContain(
      'Chỉ nhiệm vụ có mức nguy cơ: Cao, Trung bình',
    );
    await page.locator('tr[data-rule="web-risk-high"]').getByRole('link', { name: 'Sửa' }).click();
    await riskBox(page, 'Cao').uncheck();
    await riskBox(page, 'Trung bình').uncheck();
    await page.getByRole('button', { name: 'Lưu quy tắc' }).click();
    expect(await settled(risksOf, (r) => r === undefined)).toBeUndefined();

    await page.locator('tr[data-rule="web-risk-high"]').getByRole('button', { name: 'Xóa' }).click();
    await page.locator('tr[data-rule="web-risk-high"]').getByRole('button', { name: 'Xác nhận xóa' }).click();
    expect(await settled(() => page.locator('tr[data-rule="web-risk-high"]').count(), is(0))).toBe(0);
    await page.context().close();
  });

  it('completes a task and the overview left open changes without a reload', async () => {
    const overview = await open('coordinator');
    await figure(overview, 'overdue').waitFor();
    await overview.evaluate('window.__stillTheSamePage = true');
    expect(await figure(overview, 'overdue').textContent()).toBe('2');
    expect(await figure(overview, 'completed').textContent()).toBe('2');
    expect(await overview.locator('[data-cell="completedLate"]').textContent()).toBe('1');

    const officer = await open('bca');
    await go(officer, '/tasks/NQ71-003');
    await officer.getByRole('button', { name: 'Báo cáo tiến độ' }).click();
    await officer.getByLabel('Tỷ lệ hoàn thành (%)').fill('150');
    await officer.getByRole('button', { name: 'Gửi' }).click();
    const percentField = officer.locator('.field', { has: officer.getByLabel('Tỷ lệ hoàn thành (%)') });
    // the API's own message, in the console's language (Accept-Language follows the language switch)
    await expect(percentField.locator('.field-error').textContent()).resolves.toMatch(/phải là số nguyên từ 0 đến 100/);
    await screenshot(officer, '09-task-validation-message');

    await officer.getByRole('button', { name: 'Báo cáo hoàn thành' }).first().click();
    await officer.getByLabel('Số, ký hiệu văn bản kết quả').fill('Báo cáo số 120/BC-BCA');
    await officer.locator('form.action-form').getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    await officer.getByText('Đã ghi nhận hoàn thành nhiệm vụ NQ71-003.').waitFor();
    expect(await settled(() => officer.locator('.task-head .badge').first().textContent(), is('Hoàn thành quá hạn'))).toBe(
      'Hoàn thành quá hạn',
    );
    await officer.context().close();

    // The page that stayed open polls: completed late +1, overdue −1, same page (no reload).
    expect(await settled(() => figure(overview, 'overdue').textContent(), is('1'))).toBe('1');
    expect(await figure(overview, 'completed').textContent()).toBe('3');
    expect(await overview.locator('[data-cell="completedLate"]').textContent()).toBe('2');
    expect(await overview.evaluate('window.__stillTheSamePage')).toBe(true);
    await screenshot(overview, '10-overview-after-completion');

    // As of a past day (business time) the task was still overdue.
    await overview.getByLabel('Tính đến ngày').fill('2026-03-09');
    expect(await settled(() => figure(overview, 'overdue').textContent(), is('2'))).toBe('2');
    await overview.context().close();
  });

  it('requests an extension as the lead agency and approves it as the coordinator', async () => {
    const officer = await open('bkhcn');
    await go(officer, '/tasks/NQ71-005');
    await officer.getByRole('button', { name: 'Đề nghị gia hạn' }).click();
    await officer.getByLabel('Hạn đề nghị').fill('sau Tết');
    await officer.getByLabel('Lý do').fill('Chờ ý kiến thẩm định của Bộ Tư pháp');
    await officer.locator('form.action-form').getByRole('button', { name: 'Gửi' }).click();
    const field = officer.locator('.field', { has: officer.getByLabel('Hạn đề nghị') });
    await field.locator('.field-error').waitFor();
    await officer.getByLabel('Hạn đề nghị').fill('Q2/2026');
    await officer.locator('form.action-form').getByRole('button', { name: 'Gửi' }).click();
    await officer.getByText('Đã gửi đề nghị gia hạn nhiệm vụ NQ71-005.').waitFor();
    await officer.context().close();

    const coordinator = await open('coordinator');
    await go(coordinator, '/tasks/NQ71-005');
    await coordinator.getByRole('button', { name: 'Đồng ý gia hạn' }).first().click();
    await expect(coordinator.getByLabel('Hạn mới').inputValue()).resolves.toBe('Q2/2026');
    await coordinator.getByLabel('Số văn bản đồng ý').fill('1024/VPCP-KSTT');
    await coordinator.locator('form.action-form').getByRole('button', { name: 'Đồng ý gia hạn' }).click();
    await coordinator.getByText('Đã đồng ý gia hạn nhiệm vụ NQ71-005.').waitFor();
    const deadline = coordinator.locator('#deadline');
    // The deadline in force moves to the end of Q2, the original stays, the decision is on record.
    const text = await settled(() => deadline.textContent(), has('1024/VPCP-KSTT'));
    expect(text).toContain('Hạn đang áp dụng30/06/2026 (Q2/2026)');
    expect(text).toContain('Hạn ban đầu13/03/2026');
    expect(text).toContain('Số lần gia hạn1');
    expect(text).toContain('Đã đồng ý');
    await screenshot(coordinator, '11-task-extended');
    await coordinator.context().close();
  });

  it('refuses an extension request as the coordinator, with the reason the officer then reads', async () => {
    const officer = await open('bkhcn');
    await go(officer, '/tasks/KH02-001');
    await officer.getByRole('button', { name: 'Đề nghị gia hạn' }).click();
    await officer.getByLabel('Hạn đề nghị').fill('trong Quý II/2026');
    await officer.getByLabel('Lý do').fill('Chờ hạ tầng dùng chung');
    await officer.locator('form.action-form').getByRole('button', { name: 'Gửi' }).click();
    await officer.getByText('Đã gửi đề nghị gia hạn nhiệm vụ KH02-001.').waitFor();

    const coordinator = await open('coordinator');
    await go(coordinator, '/tasks/KH02-001');
    await coordinator.getByRole('button', { name: 'Từ chối gia hạn' }).click();
    // No reason: the API's message shows next to the field and nothing is recorded.
    await coordinator.locator('form.action-form').getByRole('button', { name: 'Từ chối gia hạn' }).click();
    await coordinator
      .locator('.field', { has: coordinator.getByLabel('Lý do') })
      .locator('.field-error')
      .waitFor();
    await coordinator.getByLabel('Lý do').fill('Đã gia hạn một lần, đề nghị hoàn thành trong tháng 3');
    await coordinator.locator('form.action-form').getByRole('button', { name: 'Từ chối gia hạn' }).click();
    await coordinator.getByText('Đã từ chối đề nghị gia hạn nhiệm vụ KH02-001.').waitFor();
    await coordinator.context().close();

    await officer.reload();
    const deadline = officer.locator('#deadline');
    const text = await settled(() => deadline.textContent(), has('Đã từ chối'));
    expect(text).toContain('Đã gia hạn một lần, đề nghị hoàn thành trong tháng 3');
    expect(text).toContain('(trong Quý II/2026)');
    expect(text).toContain('Hạn đang áp dụng31/03/2026 (03/2026)');
    await screenshot(officer, '11b-extension-refused');
  });

  it("reads a task's deadline history, notices and full timeline, and replays it to a date", async () => {
    const page = await open('auditor');
    await go(page, '/tasks/NQ71-003');
    const timeline = page.locator('#timeline li.event');
    await timeline.first().waitFor();
    expect(await timeline.evaluateAll((items) => items.map((i) => i.getAttribute('data-event')))).toEqual([
      'TaskAssigned',
      'BlockerRaised',
      'ProgressReported',
      'TaskCompleted',
    ]);
    // The progress report happened on the 6th and was recorded on the 9th, by the coordinator.
    const late = page.locator('#timeline li[data-event="ProgressReported"]');
    await expect(late.textContent()).resolves.toContain('Thời điểm diễn ra: 06/03/2026 10:00');
    await expect(late.locator('.recorded-late').textContent()).resolves.toContain('09/03/2026 11:00');
    await expect(late.textContent()).resolves.toContain('Văn phòng Chính phủ');
    await expect(page.locator('#timeline li[data-event="TaskCompleted"]').textContent()).resolves.toContain('Cán bộ BCA');
    await expect(page.locator('#deadline').textContent()).resolves.toContain('06/03/2026');
    // Its notices and their delivery; an auditor reads and does not act.
    expect(await page.locator('#notices tbody tr').count()).toBeGreaterThan(0);
    await page.locator('#actions').getByText('Vai trò thanh tra chỉ được xem').waitFor();
    await screenshot(page, '12-task-timeline');

    await page.getByLabel('Tính đến ngày').fill('2026-02-01');
    await page.getByRole('button', { name: 'Xem lại' }).click();
    await page.getByText('Đang xem trạng thái tính đến 01/02/2026').waitFor();
    expect(await settled(() => page.locator('.task-head .badge').first().textContent(), is('Trong hạn'))).toBe('Trong hạn');
    expect(await timeline.count()).toBe(1);
    await screenshot(page, '13-task-replayed');
    await page.context().close();
  });

  it('shows the notification ledger with failed deliveries highlighted', async () => {
    const page = await open('coordinator');
    await go(page, '/notifications');
    await page.locator('table.notices-table tbody tr[data-notice]').first().waitFor();
    const failed = page.locator('tr[data-status="failed"]');
    expect(await failed.count()).toBeGreaterThan(0);
    await expect(failed.first().getAttribute('class')).resolves.toContain('row-failed');
    await expect(failed.first().textContent()).resolves.toContain(FAILING_RECIPIENT);
    await expect(page.locator('tr[data-status="sent"]').first().textContent()).resolves.toMatch(/<[dn]-[0-9a-f]+@localhost>/);
    await screenshot(page, '14-notifications');
    await page.getByLabel('Trạng thái').selectOption('failed');
    expect(await settled(() => page.locator('tr[data-status="sent"]').count(), is(0))).toBe(0);
    await page.context().close();
  });

  it('edits the settings with the API messages next to the fields', async () => {
    const page = await open('admin');
    await go(page, '/settings');
    const emails = page.getByLabel('Địa chỉ thư điện tử');
    expect(await settled(() => emails.inputValue(), is('vpcp@vpcp.example.org'))).toBe('vpcp@vpcp.example.org');
    await emails.fill('vpcp@vpcp.example.org\nkhong-phai-email');
    await page.locator('#coordinators').getByRole('button', { name: 'Lưu' }).click();
    await expect(page.locator('#coordinators .field-error').textContent()).resolves.toContain('emails[1]');
    await expect(page.locator('#coordinators .field-error').textContent()).resolves.toContain('không phải là địa chỉ email');
    await screenshot(page, '15-settings-error');
    await emails.fill('vpcp@vpcp.example.org\nthanh-tra@vpcp.example.org');
    await page.locator('#coordinators').getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu danh sách địa chỉ điều phối.').waitFor();
    await expect(page.getByLabel(/^Ngày nghỉ/).inputValue()).resolves.toContain('2026-02-17');
    await screenshot(page, '16-settings');
    await page.context().close();
  });

  it('verifies the history, pages the global feed and replays a task to a date on the audit page', async () => {
    const page = await open('auditor');
    await go(page, '/audit');
    await page.locator('[data-verify="ok"]').waitFor();
    await page.getByRole('button', { name: 'Tạo mốc neo' }).click();
    await page.getByText(/^Đã tạo mốc neo: \d+ sự kiện/).waitFor();
    await page.locator('[data-anchor="holds"]').waitFor();
    // the feed's first page may still be loading when the anchor's answer is shown
    expect(await settled(() => page.locator('table.feed-table tbody tr[data-position]').count(), is(50))).toBe(50);
    await page.getByLabel('Mã', { exact: true }).fill('NQ71-003');
    await page.locator('#replay').getByLabel('Tính đến ngày').fill('2026-03-08');
    await page.locator('#replay').getByRole('button', { name: 'Xem lại' }).click();
    const statusRow = page.locator('table.replay-table tbody tr').first();
    await statusRow.waitFor();
    await settled(
      () => statusRow.textContent(),
      (v) => (v ?? '').includes('Hoàn thành quá hạn'),
    );
    await expect(statusRow.textContent()).resolves.toContain('Quá hạn');
    await expect(statusRow.textContent()).resolves.toContain('Hoàn thành quá hạn');
    await expect(statusRow.getAttribute('class')).resolves.toContain('changed');
    await screenshot(page, '17-audit');
    await page.getByRole('button', { name: 'Trang sau →' }).click();
    const firstPosition = () => page.locator('table.feed-table tbody tr[data-position]').first().getAttribute('data-position');
    expect(await settled(firstPosition, is('51'))).toBe('51');
    await page.context().close();
  });

  it('switches to English and back, and keeps the choice across a reload', async () => {
    const page = await open('admin');
    await figure(page, 'total').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Overview of task performance' }).waitFor();
    expect(await navLinks(page)).toEqual([
      'Overview',
      'To do',
      'Tasks',
      'Reminder rules',
      'Notifications',
      'Settings',
      'Report editions',
      'Agencies',
      'People',
      'Audit',
    ]);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, '18-overview-english');
    await go(page, '/rules');
    expect(
      await settled(() => page.locator('tr[data-rule="default-assignee-3wd"]').textContent(), has('3 working days before the deadline')),
    ).toContain('3 working days before the deadline');
    await page.reload();
    await page.getByRole('heading', { name: 'Reminder and escalation rules' }).waitFor();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Quy tắc nhắc việc và đôn đốc' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.context().close();
  });

  it('fits a tablet (768 px): no sideways scrolling of the page', async () => {
    const page = await open('bca', TABLET);
    for (const [hash, name] of [
      ['/', '19-tablet-overview'],
      ['/tasks', '20-tablet-tasks'],
      ['/tasks/NQ71-004', '21-tablet-task'],
      ['/notifications', '22-tablet-notifications'],
    ]) {
      await go(page, hash);
      await page.locator('main .page').first().waitFor();
      await page.locator('.card, table').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await screenshot(page, name);
    }
    await page.context().close();
  });
});
