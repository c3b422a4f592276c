/**
 * Completion confirmation in the console (COMPLETION_CONFIRMATION=required): an officer's
 * backdated report shows as awaiting confirmation and backdated, the task still overdue; the
 * coordinator returns it with a reason the officer then reads, and accepts the next one.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, agencyBody, startTestApp, taskBody } from '../support/test-app';
import { LAPTOP, launchBrowser, newPage, screenshot, settled, signIn } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';

jest.setTimeout(120_000);

const PHONE = { width: 390, height: 844 };
const WIDE = { width: 1366, height: 860 };

let t: TestApp;
let browser: Browser;
let baseUrl: string;
const pageErrors: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { COMPLETION_CONFIRMATION: 'required', SCAN_INTERVAL_MS: '3600000' } });
  await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
  await t
    .as('coordinator')
    .post('/api/v1/tasks', {
      ...taskBody({ code: 'XN-WEB', deadline: '31/03/2025', coordinatingAgencies: [] }),
      assignedAt: '2025-03-01T09:00:00+07:00',
    })
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

async function open(who: 'coordinator' | 'bca', viewport = LAPTOP): Promise<Page> {
  const { page, context } = await newPage(browser, viewport, pageErrors);
  contexts.push(context);
  await signIn(page, baseUrl, who);
  return page;
}

const report = () =>
  t
    .as('bca')
    .post('/api/v1/tasks/XN-WEB/completion', { completedAt: '2025-03-20T10:00:00+07:00', deliverableRef: 'Quyết định số 15/QĐ-BCA' })
    .expect(201);

it('shows a backdated report awaiting confirmation, returns it with a reason, then accepts the next one', async () => {
  await report();
  const coordinator = await open('coordinator', WIDE);
  await coordinator.goto(`${baseUrl}/#/tasks/XN-WEB`);
  const head = coordinator.locator('.head-badges');
  await settled(
    () => head.textContent(),
    (v) => (v ?? '').includes('Chờ xác nhận hoàn thành'),
  );
  expect(await head.textContent()).toContain('Quá hạn');
  expect(await head.textContent()).toContain('Báo cáo lùi ngày');
  const decision = coordinator.locator('.awaiting-completion');
  expect(await decision.textContent()).toContain('Quyết định số 15/QĐ-BCA');
  await screenshot(coordinator, '30-completion-awaiting-1366');

  // Returning needs a reason: the API's message shows next to the field.
  await decision.getByRole('button', { name: 'Trả lại báo cáo' }).click();
  await decision.locator('.field-error').waitFor();
  await coordinator.getByLabel('Ghi chú khi xác nhận / lý do trả lại').fill('Chưa có văn bản kết quả kèm theo');
  await decision.getByRole('button', { name: 'Trả lại báo cáo' }).click();
  await coordinator.getByText('Đã trả lại báo cáo hoàn thành nhiệm vụ XN-WEB.').waitFor();

  const officer = await open('bca', PHONE);
  await officer.goto(`${baseUrl}/#/tasks/XN-WEB`);
  const returned = officer.locator('.returned-completion');
  await returned.waitFor();
  expect(await returned.textContent()).toContain('Chưa có văn bản kết quả kèm theo');
  expect(await officer.locator('.head-badges').textContent()).toContain('Quá hạn');
  await screenshot(officer, '31-completion-returned-390');

  await report();
  await coordinator.reload();
  await coordinator.locator('.awaiting-completion').waitFor();
  await coordinator.locator('.awaiting-completion').getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
  await coordinator.getByText('Đã xác nhận hoàn thành nhiệm vụ XN-WEB.').waitFor();
  const text = await settled(
    () => coordinator.locator('.head-badges').textContent(),
    (v) => (v ?? '').includes('Hoàn thành đúng hạn'),
  );
  expect(text).toContain('Báo cáo lùi ngày');
  expect(text).not.toContain('Chờ xác nhận');
  await screenshot(coordinator, '32-completion-accepted-1366');
});

it("lists each role's inbox and keeps a comment thread between coordinator and officer", async () => {
  const { body: task } = await t
    .as('coordinator')
    .post('/api/v1/tasks', taskBody({ code: 'XN-INBOX', deadline: '2026-01-08', coordinatingAgencies: [] }))
    .expect(201);
  const req = await t
    .as('bca')
    .post(`/api/v1/tasks/${task.id}/extension-requests`, { proposedDeadline: 'trong Quý I/2026', reason: 'Chờ ý kiến các bộ' })
    .expect(201);

  const coordinator = await open('coordinator', WIDE);
  await coordinator.goto(`${baseUrl}/#/inbox?minPosition=${req.body.position}`);
  const item = coordinator.locator('.inbox-item[data-kind="extension_request"]');
  await item.waitFor();
  expect(await item.textContent()).toContain('XN-INBOX');
  expect(await item.textContent()).toContain('trong Quý I/2026');
  await screenshot(coordinator, '33-inbox-coordinator-1366');

  await item.getByRole('link').click();
  await coordinator.getByLabel('Nội dung trao đổi').fill('Đề nghị nêu rõ bộ nào chưa có ý kiến.');
  await coordinator.locator('#comments').getByRole('button', { name: 'Thêm trao đổi' }).click();
  await coordinator.getByText('Đã gửi trao đổi về nhiệm vụ XN-INBOX.').waitFor();

  const officer = await open('bca', PHONE);
  await officer.goto(`${baseUrl}/#/inbox`);
  const due = officer.locator('.inbox-item[data-kind="due_soon"]');
  // seen once in a full run and not understood: say what the page showed instead
  await due.waitFor().catch(async (error: Error) => {
    const shown = await officer
      .locator('body')
      .innerText()
      .catch(() => '(no page)');
    const api = await t.as('bca').get('/api/v1/inbox');
    throw new Error(`${error.message}\nthe page showed:\n${shown}\nGET /inbox now: ${api.status} ${JSON.stringify(api.body)}`);
  });
  expect(await due.textContent()).toContain('XN-INBOX');
  await screenshot(officer, '34-inbox-officer-390');
  await due.getByRole('link').click();
  const thread = officer.locator('#comments');
  await settled(
    () => thread.textContent(),
    (v) => (v ?? '').includes('Đề nghị nêu rõ bộ nào chưa có ý kiến.'),
  );
  await officer.getByLabel('Nội dung trao đổi').fill('Bộ Tư pháp chưa có ý kiến.');
  await thread.getByRole('button', { name: 'Thêm trao đổi' }).click();
  const text = await settled(
    () => thread.textContent(),
    (v) => (v ?? '').includes('Bộ Tư pháp chưa có ý kiến.'),
  );
  expect(text).toContain('Văn phòng Chính phủ');
  await screenshot(officer, '35-comments-officer-390');
});
