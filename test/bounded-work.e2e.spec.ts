/**
 * Bounded work per request (issue 16): every list a body may carry is capped before any item
 * is looked at, and agency look-ups are one query, so an oversized body is a quick 400 naming
 * the field, never minutes of work.
 */
import { LIST_LIMITS, RULE_LIMITS } from '@app/domain';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { ruleBody } from './support/endpoint-matrix';

const API = '/api/v1';
const BODY_LIMIT = 2 * 1024 * 1024;

describe('bounded work per request', () => {
  let t: TestApp;
  const eventCount = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM events'))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ')).expect(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a 2 MB body naming 290,000 coordinating agencies → 400 naming coordinatingAgencies, refused before any lookup', async () => {
    const coordinatingAgencies = Array.from({ length: 290_000 }, (_, i) => i.toString(36));
    const body = taskBody({ code: 'BW-001', coordinatingAgencies });
    const size = Buffer.byteLength(JSON.stringify(body));
    expect(size).toBeGreaterThan(1.85 * 1024 * 1024);
    expect(size).toBeLessThan(BODY_LIMIT);
    const before = await eventCount();
    const started = performance.now();
    const res = await t.as('coordinator').post(`${API}/tasks`, body);
    const took = performance.now() - started;
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: 'coordinatingAgencies', message: `has 290000 entries; at most ${LIST_LIMITS.coordinatingAgencies} are allowed` },
    ]);
    // Speed is measured by `npm run bench`; this only catches a return of one lookup per entry
    // (83 s before the cap), with room for a loaded CI machine (about 1 s when quiet).
    expect(took).toBeLessThan(15_000);
    expect(await eventCount()).toBe(before);
  });

  it('the largest list allowed of unknown agencies is checked in one batch and each is named', async () => {
    const coordinatingAgencies = Array.from({ length: LIST_LIMITS.coordinatingAgencies }, (_, i) => `NONE-${i}`);
    const started = performance.now();
    const res = await t.as('coordinator').post(`${API}/tasks`, taskBody({ code: 'BW-002', coordinatingAgencies }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toHaveLength(LIST_LIMITS.coordinatingAgencies);
    expect(fields[0]).toBe('coordinatingAgencies[0]');
    expect(fields.at(-1)).toBe(`coordinatingAgencies[${LIST_LIMITS.coordinatingAgencies - 1}]`);
  });

  it('a task may name an agency registered a moment ago, in any case (read model or, if it lags, the stream)', async () => {
    const res = await t.as('coordinator').post(`${API}/agencies`, agencyBody('BTC', 'Bộ Tài chính')).expect(201);
    const task = await t.as('coordinator').post(`${API}/tasks`, taskBody({ code: 'BW-003', coordinatingAgencies: ['BKHCN', 'btc'] }));
    expect(`${task.status} ${task.text.slice(0, 200)}`).toMatch(/^201 /);
    expect(task.body.coordinatingAgencies).toEqual(['BKHCN', 'BTC']);
    expect(task.body.position).toBeGreaterThan(res.body.position);
  });

  it('coordinators: more emails than allowed → 400 naming emails', async () => {
    const emails = Array.from({ length: LIST_LIMITS.coordinatorEmails + 1 }, (_, i) => `vp${i}@chinhphu.example.org`);
    const res = await t.as('admin').put(`${API}/settings/coordinators`, { emails });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'emails', message: expect.stringMatching(/at most 100/) }]);
  });

  it('holidays: more days than a year has → 400 naming days', async () => {
    const days = Array.from({ length: LIST_LIMITS.holidayDays + 1 }, () => '2027-01-01');
    const res = await t.as('admin').put(`${API}/calendar/holidays/2027`, { days, workdays: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'days', message: expect.stringMatching(/at most 366/) }]);
  });

  it('reminder rules: a scope listing more agencies than allowed → 400 naming scope.agencies', async () => {
    const agencies = Array.from({ length: RULE_LIMITS.maxScopeEntries + 1 }, (_, i) => `A${i}`);
    const res = await t.as('admin').post(`${API}/reminder-rules`, ruleBody('bw-rule', { scope: { agencies } }));
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['scope.agencies']);
  });
});
