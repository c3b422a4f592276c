/**
 * Early warning in the console: the task page shows its risk level with the reasons in
 * Vietnamese, the head carries a chip for a high risk, and the overview counts the tasks at
 * high risk; at 1366 and 390 pixels wide.
 */
import { agencyBody, taskBody } from '../support/test-app';
import { screenshot, settled } from './support/browser';
import { consoleSuite } from './support/console-suite';

jest.setTimeout(120_000);

const PHONE = { width: 390, height: 844 };
const WIDE = { width: 1366, height: 860 };

const suite = consoleSuite({
  now: '2026-01-05T09:00:00+07:00',
  seed: async (t) => {
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'RR-WEB', deadline: '2026-01-30', coordinatingAgencies: [] }))
      .expect(201);
    await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'RR-OK', deadline: '2026-06-30', coordinatingAgencies: [] }))
      .expect(201);
    t.clock.set('2026-01-26T10:00:00+07:00');
  },
});
const open = (viewport: { width: number; height: number }) => suite.open('coordinator', viewport);

it('shows the level and its reasons on the task, and the count on the overview', async () => {
  for (const [viewport, width] of [
    [WIDE, 1366],
    [PHONE, 390],
  ] as const) {
    const page = await open(viewport);
    await page.goto(`${suite.baseUrl}/#/tasks/RR-WEB`);
    const card = page.locator('#risk');
    await settled(
      () => card.textContent(),
      (v) => (v ?? '').includes('Nguy cơ chậm cao'),
    );
    expect(await card.textContent()).toContain('Đã qua 84% thời gian thực hiện, tiến độ mới đạt 0%');
    expect(await page.locator('.head-badges').textContent()).toContain('Nguy cơ chậm cao');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, `40-risk-task-${width}`);

    await page.goto(`${suite.baseUrl}/#/tasks/RR-OK`);
    await settled(
      () => page.locator('#risk').textContent(),
      (v) => (v ?? '').includes('Nguy cơ chậm thấp'),
    );
    expect(await page.locator('.head-badges').textContent()).not.toContain('Nguy cơ');

    await page.goto(`${suite.baseUrl}/#/`);
    const figure = page.locator('[data-figure="atRisk"]');
    await settled(
      () => figure.textContent(),
      (v) => (v ?? '').includes('Có nguy cơ chậm'),
    );
    expect(await figure.textContent()).toContain('1');
    // the monthly plan shows it as its own segment, named in the chart's description
    const plan = page.getByRole('img', { name: /^Kế hoạch hoàn thành theo tháng 2026:/ });
    expect(await plan.getAttribute('aria-label')).toContain('2026-01: đến hạn 1, Đã hoàn thành 0, Quá hạn 0, Có nguy cơ chậm 1');
    await screenshot(page, `41-risk-overview-${width}`);

    await page.goto(`${suite.baseUrl}/#/tasks?risk=high`);
    await settled(
      // the table on a wide screen, the cards on a phone: whichever is shown
      () => page.locator('[data-task]:visible').count(),
      (n) => n === 1,
    );
    expect(await page.locator('[data-task="RR-WEB"]:visible').textContent()).toContain('Nguy cơ chậm cao');
    await screenshot(page, `42-risk-list-${width}`);
  }
});
