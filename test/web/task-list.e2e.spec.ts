/**
 * The task list at national scale and on a phone (issue 14): the server pages it 50 rows at a
 * time in the order chosen ("Trang sau" / "Trang trước" walk the pages exactly); on a phone each
 * task is a card with its action and status first and nothing runs off the screen, the agencies
 * page too. Screenshots at 1366 and 390 px.
 */
import { agencyBody, taskBody } from '../support/test-app';
import { screenshot, settled } from './support/browser';
import { consoleSuite } from './support/console-suite';

jest.setTimeout(180_000);

const PHONE = { width: 390, height: 844 };
const TASKS = 61;
const code = (i: number) => `NV-${String(i).padStart(3, '0')}`;

const suite = consoleSuite({
  now: '2026-03-02T09:00:00+07:00',
  seed: async (t) => {
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
    let position = 0;
    for (let i = 1; i <= TASKS; i++) {
      // deadlines a day apart from February on: the earliest are overdue on 02/03/2026
      const day = new Date(Date.UTC(2026, 1, 1 + i)).toISOString().slice(0, 10);
      const res = await t
        .as('coordinator')
        .post('/api/v1/tasks', taskBody({ code: code(i), deadline: day, leadAgency: i % 2 ? 'BCA' : 'BKHCN', coordinatingAgencies: [] }))
        .expect(201);
      position = res.body.position;
    }
    await t.as('coordinator').get(`/api/v1/tasks?minPosition=${position}`).expect(200);
  },
});

const rowCodes = (page: import('playwright-core').Page) =>
  page.locator('table.tasks-table tbody tr[data-task]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')));

it('pages the list on the server, 50 rows at a time, in the chosen order', async () => {
  const page = await suite.open('coordinator', { width: 1366, height: 900 });
  await page.goto(`${suite.baseUrl}/#/tasks?sort=due&dir=asc`);
  const first = await settled(
    () => rowCodes(page),
    (v) => v.length === 50,
  );
  expect(first[0]).toBe(code(1));
  expect(first[49]).toBe(code(50));
  await page.getByRole('button', { name: 'Trang sau ›' }).click();
  const second = await settled(
    () => rowCodes(page),
    (v) => v[0] === code(51),
  );
  expect(second).toEqual(Array.from({ length: TASKS - 50 }, (_, i) => code(51 + i)));
  expect(await page.getByRole('button', { name: 'Trang sau ›' }).isDisabled()).toBe(true);
  await screenshot(page, '70-tasks-page-2-1366');
  await page.getByRole('button', { name: '‹ Trang trước' }).click();
  expect(
    await settled(
      () => rowCodes(page),
      (v) => v[0] === code(1),
    ),
  ).toHaveLength(50);
  // the other way round: the latest deadline first
  await page.getByRole('button', { name: /^Thời hạn/ }).click();
  expect(
    await settled(
      () => rowCodes(page).then((v) => v[0]),
      (v) => v === code(TASKS),
    ),
  ).toBe(code(TASKS));
});

it('reads page 1 of a changed order at once, and a double click goes one page on', async () => {
  const page = await suite.open('coordinator', { width: 1366, height: 900 });
  const asked: URL[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname === '/api/v1/tasks') asked.push(url);
  });
  await page.goto(`${suite.baseUrl}/#/tasks?sort=due&dir=asc`);
  await settled(
    () => rowCodes(page),
    (v) => v.length === 50,
  );
  const next = page.getByRole('button', { name: 'Trang sau ›' });
  await next.dblclick();
  await settled(
    () => rowCodes(page),
    (v) => v[0] === code(51),
  );
  // one click's worth: page 2 of 2, not a page 3 that repeats page 2
  expect(await page.locator('nav.pager span').textContent()).toBe('Trang 2');
  expect(await next.isDisabled()).toBe(true);

  const before = asked.length;
  await page.getByRole('button', { name: /^Thời hạn/ }).click();
  await settled(
    () => rowCodes(page).then((v) => v[0]),
    (v) => v === code(TASKS),
  );
  const afterChange = asked.slice(before);
  expect(afterChange.length).toBeGreaterThan(0);
  // the page-2 cursor belongs to the ascending order: not one request of the new order carries it
  expect(afterChange.map((u) => u.searchParams.get('cursor'))).toEqual(afterChange.map(() => null));
  expect(afterChange.every((u) => u.searchParams.get('dir') === 'desc')).toBe(true);
});

it('shows each task as a card on a phone, action and status first, with nothing off-screen', async () => {
  const page = await suite.open('bca', PHONE);
  await page.goto(`${suite.baseUrl}/#/tasks?sort=due&dir=asc`);
  const cards = page.locator('ul.task-cards li.task-card');
  await settled(
    () => cards.count(),
    (n) => n === 31, // BCA leads the odd-numbered tasks
  );
  expect(await page.locator('table.tasks-table').isVisible()).toBe(false);
  const card = cards.first();
  expect(await card.getAttribute('data-task')).toBe(code(1));
  const head = card.locator('.task-card-head');
  expect(await head.locator('a.button').textContent()).toBe('Xem, báo cáo');
  expect(await head.locator('.badge').first().textContent()).toContain('Quá hạn');
  expect(await page.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth')).toBe(true);
  await screenshot(page, '71-tasks-cards-390');

  const agencies = await suite.open('coordinator', PHONE);
  await agencies.goto(`${suite.baseUrl}/#/agencies`);
  await agencies.locator('tr[data-agency="BKHCN"]').waitFor();
  expect(await agencies.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth')).toBe(true);
  expect(await agencies.locator('tr[data-agency="BKHCN"]').textContent()).toContain('Bộ Khoa học và Công nghệ');
  await screenshot(agencies, '72-agencies-390');
});

it('takes the completion day as dd/mm/yyyy and the time at +07:00, whatever the browser locale', async () => {
  suite.t.clock.advance(3 * 86_400_000); // now 05/03/2026: the task was assigned on 02/03
  const page = await suite.open('bca', { width: 1366, height: 900 }, 'en-US');
  await page.goto(`${suite.baseUrl}/#/tasks/${code(3)}`);
  await page.getByRole('button', { name: 'Báo cáo hoàn thành' }).first().click();
  const form = page.locator('form.action-form');
  await form.getByLabel(/^Thời điểm hoàn thành/).fill('04/03/2026');
  await form.getByLabel('Giờ hoàn thành (không bắt buộc)').fill('14:30');
  await form.getByLabel('Số, ký hiệu văn bản kết quả').fill('Báo cáo số 5/BC-BCA');
  await screenshot(page, '73-complete-form-en-US-browser');
  await form.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
  await page.getByText(`Đã ghi nhận hoàn thành nhiệm vụ ${code(3)}.`).waitFor();
  const { body } = await suite.t
    .as('coordinator')
    .get(`/api/v1/tasks/${code(3)}/history`)
    .expect(200);
  const reported = body.events.find((e: { type: string }) => e.type === 'CompletionReported' || e.type === 'TaskCompleted');
  // 4 March at 14:30 in Hanoi, not 3 April (the en-US reading of 04/03, in the future: refused)
  expect(reported.occurredAt).toBe('2026-03-04T14:30:00.000+07:00');
});
