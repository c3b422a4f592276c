/**
 * The authorization matrix (quality.md): every endpoint of test/support/endpoint-matrix.ts ×
 * every role, own/other/coordinating agency, no token and an unknown token. Each case gets a
 * fresh fixture, so a write that succeeds for one persona never changes what the next one sees;
 * a refused write must append no event, an accepted one at least one. Every answer is also
 * checked against the OpenAPI document (support/openapi-contract.ts), and the suite ends by
 * checking that it called every operation of the document.
 */
import { randomBytes } from 'node:crypto';
import {
  API,
  ENDPOINTS,
  EndpointRow,
  Expected,
  MatrixContext,
  PERSONAS,
  Persona,
  activeEndpoints,
  expectedFor,
  rowName,
  urlOf,
} from './support/endpoint-matrix';
import { allOperations, findOperation, seen } from './support/openapi-contract';
import { TestApp, startTestApp } from './support/test-app';

type Case = [string, EndpointRow, Persona, Expected];

const describeExpected = (e: Expected) => (e === 'success' ? '2xx' : String(e));

const CASES: Case[] = activeEndpoints().flatMap((row) =>
  PERSONAS.filter((p) => !p.taskScopedOnly || row.scope !== 'none').map((persona): Case => {
    const expected = expectedFor(row, persona);
    return [`${persona.label}: ${rowName(row)} → ${describeExpected(expected)}`, row, persona, expected];
  }),
);

describe('authorization matrix', () => {
  let t: TestApp;
  let ctx: MatrixContext;

  beforeAll(async () => {
    t = await startTestApp({
      env: { COMPLETION_CONFIRMATION: 'required', SCAN_INTERVAL_MS: '3600000', QUEUE_PREFIX: `authz-${randomBytes(4).toString('hex')}` },
    });
    ctx = new MatrixContext(t);
    await ctx.registerAgencies();
  });
  afterAll(() => t?.close());

  it.each(CASES)('%s', async (_name, row, persona, expected) => {
    const fixture = row.setup ? await row.setup(ctx, persona.relation) : {};
    const body = row.body?.(fixture, ctx);
    const before = row.write ? await ctx.eventCount() : 0;
    const res = await ctx.call(row, persona, fixture, body);
    const summary = `${res.status} ${(res.text ?? '').slice(0, 300)}`;
    if (expected === 'success') {
      expect({ status: res.status >= 200 && res.status < 300, summary }).toEqual({ status: true, summary });
      if (row.write) expect(await ctx.eventCount()).toBeGreaterThan(before);
      return;
    }
    expect({ status: res.status, summary }).toEqual({ status: expected, summary });
    expect(res.body).toMatchObject({
      error: {
        code: { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' }[expected],
        message: expect.any(String),
        details: expect.any(Array),
      },
    });
    if (row.write) expect(await ctx.eventCount()).toBe(before);
  });

  describe('agency scoping beyond status codes', () => {
    it('lists to an agency officer only the tasks its agency leads or coordinates', async () => {
      const own = await ctx.task('lead');
      const coordinated = await ctx.task('coordinating');
      const unrelated = await ctx.task('none');
      const codes = async (who: 'bca' | 'bkhcn') => {
        const res = await t.as(who).get(`${API}/tasks?limit=500&minPosition=${unrelated.position}`).expect(200);
        return res.body.items.map((i: { code: string }) => i.code);
      };
      expect(await codes('bca')).toEqual(expect.arrayContaining([own.code, coordinated.code, unrelated.code]));
      const bkhcn = await codes('bkhcn');
      expect(bkhcn).toContain(coordinated.code);
      expect(bkhcn).not.toContain(own.code);
      expect(bkhcn).not.toContain(unrelated.code);
    });

    it('lists past tasks (asOf) with the same scoping', async () => {
      const unrelated = await ctx.task('none');
      const coordinated = await ctx.task('coordinating');
      // The past is replayed from the global feed: minPosition makes the call wait until it shows both.
      const res = await t
        .as('bkhcn')
        .get(`${API}/tasks?limit=500&minPosition=${coordinated.position}&asOf=${encodeURIComponent(t.clock.now().toISOString())}`)
        .expect(200);
      const codes = res.body.items.map((i: { code: string }) => i.code);
      expect(codes).toContain(coordinated.code);
      expect(codes).not.toContain(unrelated.code);
    });

    it('takes write access away from the former lead agency after a reassignment', async () => {
      const task = await ctx.task('none');
      await t.as('bca').post(`${API}/tasks/${task.id}/progress`, { percent: 10 }).expect(201);
      await t
        .as('coordinator')
        .post(`${API}/tasks/${task.id}/reassignment`, { leadAgency: 'BKHCN', reason: 'Điều chỉnh chức năng' })
        .expect(201);
      const before = await ctx.eventCount();
      // BCA neither leads nor coordinates it any more: to its officers it is not there.
      await t.as('bca').post(`${API}/tasks/${task.id}/progress`, { percent: 20 }).expect(404);
      await t.as('bca').get(`${API}/tasks/${task.id}`).expect(404);
      expect(await ctx.eventCount()).toBe(before);
      await t.as('bkhcn').post(`${API}/tasks/${task.id}/progress`, { percent: 20 }).expect(201);
    });

    it('lets only coordinators and admins backdate with occurredAt; an officer may state completedAt', async () => {
      const task = await ctx.task('none');
      const before = await ctx.eventCount();
      const res = await t
        .as('bca')
        .post(`${API}/tasks/${task.id}/progress`, { percent: 10, occurredAt: '2026-01-05T08:00:00+07:00' })
        .expect(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(await ctx.eventCount()).toBe(before);
      await t
        .as('coordinator')
        .post(`${API}/tasks/${task.id}/progress`, { percent: 10, occurredAt: t.clock.now().toISOString() })
        .expect(201);
      await t.as('bca').post(`${API}/tasks/${task.id}/completion`, { completedAt: t.clock.now().toISOString() }).expect(201);
    });

    it('shows an agency officer only its own row of the agency ranking', async () => {
      const task = await ctx.task('coordinating');
      const all = await t.as('auditor').get(`${API}/reports/agencies?minPosition=${task.position}`).expect(200);
      expect(all.body.map((r: { agency: string }) => r.agency)).toContain('BCA');
      const own = await t.as('bkhcn').get(`${API}/reports/agencies?minPosition=${task.position}`).expect(200);
      expect(own.body.every((r: { agency: string }) => r.agency === 'BKHCN')).toBe(true);
    });

    it("refuses an agency officer on another agency's task before looking at the body, with the unknown-task 404", async () => {
      const task = await ctx.task('none');
      const before = await ctx.eventCount();
      await t.as('bkhcn').post(`${API}/tasks/${task.id}/progress`, { percent: 'lots' }).expect(404);
      expect(await ctx.eventCount()).toBe(before);
    });
  });

  describe('the OpenAPI contract', () => {
    it('lists every operation of the document in the matrix, and every row of the matrix in the document', () => {
      const rows = ENDPOINTS.map((row) => `${row.method} ${urlOf(row, fixtureNames(row)).split('?')[0]}`);
      const unknown = rows.filter((r) => !r.startsWith('GET /api/docs') && !findOperation(r.split(' ')[0], r.split(' ')[1]));
      const missing = allOperations().filter((op) => !rows.some((r) => findOperation(r.split(' ')[0], r.split(' ')[1])?.key === op.key));
      expect({ unknown, missing: missing.map((op) => op.key) }).toEqual({ unknown: [], missing: [] });
    });

    it('saw every operation answer with a documented success, each checked against its schema', () => {
      // rows skipped here (sign-in as a person) are answered in their own suite
      const skipped = ENDPOINTS.filter((r) => r.skip).map((r) => findOperation(r.method, urlOf(r, fixtureNames(r)).split('?')[0])?.key);
      const unanswered = allOperations()
        .filter((op) => !skipped.includes(op.key))
        .filter((op) => ![...(seen.get(op.key) ?? [])].some((status) => status >= 200 && status < 300))
        .map((op) => op.key);
      expect(unanswered).toEqual([]);
    });
  });
});

/** Placeholder values that name the row's parameters, for matching it to the document. */
const fixtureNames = (row: EndpointRow) => Object.fromEntries([...row.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, name]));
