/**
 * Accessibility (issue 14): axe-core, the engine browsers' own audits use, run in Chromium on
 * each page of the console as the people who use it see it (coordinator, agency officer, admin),
 * at desktop and phone width; no violation of impact "serious" or "critical" may remain.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { agencyBody, taskBody } from '../support/test-app';
import { consoleSuite } from './support/console-suite';

jest.setTimeout(240_000);

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const suite = consoleSuite({
  now: '2026-03-02T09:00:00+07:00',
  seed: async (t) => {
    await t.as('coordinator').post('/api/v1/agencies', agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'AX-001', deadline: '2026-02-20', coordinatingAgencies: [] }))
      .expect(201);
    const res = await t
      .as('coordinator')
      .post('/api/v1/tasks', taskBody({ code: 'AX-002', deadline: '2026-06-30', coordinatingAgencies: [] }))
      .expect(201);
    await t.as('coordinator').get(`/api/v1/tasks?minPosition=${res.body.position}`).expect(200);
  },
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Serious and critical violations on the page as it stands, one line each. */
async function violations(page: Page): Promise<string[]> {
  // through the devtools protocol: the console's CSP rightly refuses an injected <script>
  await page.evaluate(AXE);
  const found = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  )) as Violation[];
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const PAGES: [who: 'coordinator' | 'bca' | 'admin', path: string, ready: string][] = [
  ['coordinator', '/', '[data-figure="total"]'],
  ['coordinator', '/tasks', '[data-task="AX-001"]'],
  ['coordinator', '/tasks/AX-001', '.task-head'],
  ['coordinator', '/inbox', 'main h1'],
  ['coordinator', '/agencies', 'tr[data-agency="BCA"]'],
  ['coordinator', '/tasks/new', 'main form'],
  ['bca', '/tasks', '[data-task="AX-001"]'],
  ['bca', '/tasks/AX-001', '.task-head'],
  ['admin', '/settings', '#letter-templates'],
  ['admin', '/rules', 'main h1'],
  ['admin', '/people', 'main h1'],
  ['coordinator', '/notifications', 'main h1'],
  ['coordinator', '/editions', 'main h1'],
  ['bca', '/me', 'main'],
];

describe.each([
  ['desktop', { width: 1366, height: 900 }],
  ['phone', { width: 390, height: 844 }],
])('axe-core at %s width', (_name, viewport) => {
  it.each(PAGES)('%s sees %s without serious or critical violations', async (who, path, ready) => {
    const page = await suite.open(who, viewport);
    await page.goto(`${suite.baseUrl}/#${path}`);
    await page.locator(`${ready}:visible`).first().waitFor();
    expect(await violations(page)).toEqual([]);
  });
});
