import request from 'supertest';
import { forEachTaskAsOf } from '@app/projections/testing/full-replay';
import { EVENT_STORE, type EventStore, type SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '@app/platform';
import {
  TaskFact,
  buildMonthlyPlan,
  buildRanking,
  buildSummary,
  currentMonthCells,
  currentStatusCells,
  filterFacts,
  monthCells,
  pastMonthCells,
  pastStatusCells,
  registeredAgencies,
  statusCells,
  taskFact,
} from '@app/projections';
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

/**
 * A 2025 history with known figures, entered in record-time order with the clock moved at each
 * step (so record times differ from one another, and from business time where a command is
 * backdated or reported late):
 *
 * | task | lead            | source      | assigned | deadline | what happens |
 * | A1   | BCA             | 71/NQ-CP    | 07-01    | 07-31    | completed 07-25: on time |
 * | A2   | BCA             | 71/NQ-CP    | 07-01    | 07-31    | completed 08-05: 5 days late |
 * | A3   | BCA             | 71/NQ-CP    | 07-10    | 08-15    | extended 08-10 to 09-12; completed 08-25: on time (late against the original) |
 * | A4   | BCA             | 02-KH/BCĐTW | 07-10    | 08-15    | never completed: overdue from 08-16 |
 * | B1   | BKHCN → BTC     | 71/NQ-CP    | 07-01    | 07-31    | reassigned to BTC 07-20; completed 07-30: on time |
 * | B2   | BKHCN           | 02-KH/BCĐTW | 07-15    | 08-15    | completed 08-10; reopened 08-20; completed 09-05: 21 days late |
 * | B3   | BKHCN           | 71/NQ-CP    | 07-20    | ongoing  | recurring |
 * | B4   | BKHCN           | 71/NQ-CP    | 07-20    | 09-30    | cancelled 08-20 |
 * | C1   | BTC             | 71/NQ-CP    | 08-01    | 09-15    | completed 09-20 (5 days late), reported only on 09-28 |
 * | C2   | BTC             | 02-KH/BCĐTW | 08-01    | 10-31    | open |
 * | H1   | HN              | 71/NQ-CP    | 09-10    | 09-30    | imported on 09-12 (backdated assignment) |
 * | H2   | HN              | 71/NQ-CP    | 09-10    | 12-31    | imported on 09-12; blocker X 09-12..09-18, blocker Y raised 09-15 |
 * BYT is registered and never leads a task. "Now" is 2025-10-01 09:00 (+07:00).
 */
// The project-level testTimeout of jest.config.js does not reach tests run in a multi-project
// config; a shared, loaded machine needs more than Jest's default 5 s.
jest.setTimeout(90_000);

describe('reports over HTTP: figures as of past dates, on both time axes', () => {
  let t: TestApp;
  let last = 0;
  const ids: Record<string, string> = {};
  const blockers: Record<string, string> = {};
  const NOW = '2025-10-01T09:00:00.000+07:00';

  const post = async (url: string, body: unknown, who: 'coordinator' | 'bca' = 'coordinator') => {
    const res = await t.as(who).post(`/api/v1${url}`, body);
    if (res.status !== 201) throw new Error(`POST ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    last = Math.max(last, res.body.position);
    return res.body;
  };
  const at = (time: string) => t.clock.set(`${time}+07:00`);
  const assign = async (code: string, leadAgency: string, ref: string, deadline: string, extra: Record<string, unknown> = {}) => {
    const body = await post(
      '/tasks',
      taskBody({ code, leadAgency, coordinatingAgencies: [], deadline, source: { kind: 'plan', ref }, ...extra }),
    );
    ids[code] = body.id;
  };
  const url = (path: string, params: Record<string, string> = {}) =>
    `/api/v1/reports/${path}?${new URLSearchParams({ ...params, minPosition: String(last) })}`;
  const get = async (path: string, params: Record<string, string> = {}, who: Parameters<TestApp['as']>[0] = 'auditor') => {
    const res = await t.as(who).get(url(path, params));
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const summary = async (params: Record<string, string> = {}, who: Parameters<TestApp['as']>[0] = 'auditor') =>
    (await get('summary', params, who)).body;
  const ranking = async (params: Record<string, string> = {}) => (await get('agencies', params)).body as any[];
  const byCode = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.agency, r]));
  const text = (req: request.Test) =>
    req.buffer(true).parse((res, cb) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (data += chunk));
      res.on('end', () => cb(null, data));
    });

  beforeAll(async () => {
    t = await startTestApp({ now: '2025-06-30T09:00:00+07:00' });
    for (const [code, name] of [
      ['BCA', 'Bộ Công an'],
      ['BKHCN', 'Bộ Khoa học và Công nghệ'],
      ['BTC', 'Bộ Tài chính'],
      ['BYT', 'Bộ Y tế'],
      ['HN', 'Ủy ban nhân dân thành phố Hà Nội'],
    ]) {
      await post('/agencies', agencyBody(code, name));
    }
    at('2025-07-01T09:00:00');
    await assign('A1', 'BCA', '71/NQ-CP', '2025-07-31');
    await assign('A2', 'BCA', '71/NQ-CP', '2025-07-31');
    await assign('B1', 'BKHCN', '71/NQ-CP', '2025-07-31');
    at('2025-07-10T09:00:00');
    await assign('A3', 'BCA', '71/NQ-CP', '2025-08-15');
    await assign('A4', 'BCA', '02-KH/BCĐTW', '2025-08-15');
    at('2025-07-15T09:00:00');
    await assign('B2', 'BKHCN', '02-KH/BCĐTW', '2025-08-15');
    at('2025-07-20T09:00:00');
    await assign('B3', 'BKHCN', '71/NQ-CP', 'ongoing');
    await assign('B4', 'BKHCN', '71/NQ-CP', '2025-09-30');
    await post(`/tasks/${ids.B1}/reassignment`, { leadAgency: 'BTC', reason: 'Điều chỉnh chức năng' });
    at('2025-07-25T10:00:00');
    await post(`/tasks/${ids.A1}/completion`, {}, 'bca');
    at('2025-07-30T10:00:00');
    await post(`/tasks/${ids.B1}/completion`, {});
    at('2025-08-01T09:00:00');
    await assign('C1', 'BTC', '71/NQ-CP', '2025-09-15');
    await assign('C2', 'BTC', '02-KH/BCĐTW', '2025-10-31');
    at('2025-08-05T10:00:00');
    await post(`/tasks/${ids.A2}/completion`, {}, 'bca');
    at('2025-08-10T09:00:00');
    await post(`/tasks/${ids.A3}/extensions`, {
      newDeadline: '2025-09-12',
      reason: 'Thủ tướng đồng ý gia hạn',
      decisionRef: '456/VPCP-KSTT',
    });
    at('2025-08-10T10:00:00');
    await post(`/tasks/${ids.B2}/completion`, {});
    at('2025-08-20T09:00:00');
    await post(`/tasks/${ids.B2}/reopening`, { reason: 'Sản phẩm chưa đạt yêu cầu' });
    at('2025-08-20T10:00:00');
    await post(`/tasks/${ids.B4}/cancellation`, { reason: 'Không còn phù hợp' });
    at('2025-08-25T10:00:00');
    await post(`/tasks/${ids.A3}/completion`, {}, 'bca');
    at('2025-09-05T10:00:00');
    await post(`/tasks/${ids.B2}/completion`, {});
    at('2025-09-12T09:00:00');
    await assign('H1', 'HN', '71/NQ-CP', '2025-09-30', { assignedAt: '2025-09-10T09:00:00+07:00' });
    await assign('H2', 'HN', '71/NQ-CP', '2025-12-31', { assignedAt: '2025-09-10T09:00:00+07:00' });
    at('2025-09-12T10:00:00');
    blockers.X = (await post(`/tasks/${ids.H2}/blockers`, { description: 'Chưa có hướng dẫn kỹ thuật <kết nối>' })).blockerId;
    at('2025-09-15T10:00:00');
    blockers.Y = (await post(`/tasks/${ids.H2}/blockers`, { description: 'Thiếu kinh phí' })).blockerId;
    at('2025-09-18T10:00:00');
    await post(`/tasks/${ids.H2}/blockers/${blockers.X}/resolution`, { note: 'Đã có hướng dẫn' });
    at('2025-09-28T09:00:00');
    await post(`/tasks/${ids.C1}/completion`, { completedAt: '2025-09-20T10:00:00+07:00' });
    t.clock.set(NOW);
  });
  afterAll(() => t.close());

  describe('summary', () => {
    it('on 15/07 counts the six tasks assigned by then, B1 still under BKHCN', async () => {
      const s = await summary({ asOf: '2025-07-15' });
      expect(s).toMatchObject({
        asOf: '2025-07-15T23:59:59.999+07:00',
        total: 6,
        onTrack: 6,
        inProgress: 6,
        completed: 0,
        overdue: 0,
        cancelled: 0,
      });
      expect(byCode(s.byAgency)).toMatchObject({ BCA: { total: 4, name: 'Bộ Công an' }, BKHCN: { total: 2 } });
      expect(s.byAgency.map((a: any) => a.agency)).toEqual(['BCA', 'BKHCN']);
    });

    it('on 01/08 counts A2 overdue the day after its deadline, and B1 completed on time under BTC after the reassignment', async () => {
      const s = await summary({ asOf: '2025-08-01' });
      expect(s).toMatchObject({
        total: 10,
        completed: 2,
        completedOnTime: 2,
        completedLate: 0,
        overdue: 1,
        inProgress: 7,
        onTrack: 6,
        dueSoon: 0,
        ongoing: 1,
        cancelled: 0,
        recurring: 1,
        overdueRate: 0.1111,
      });
      expect(byCode(s.byAgency)).toMatchObject({
        BCA: { total: 4, completedOnTime: 1, overdue: 1, onTrack: 2 },
        BKHCN: { total: 3, ongoing: 1, onTrack: 2 },
        BTC: { total: 3, completedOnTime: 1, onTrack: 2 },
      });
    });

    it('on 22/08 counts the reopened B2 overdue, the cancelled B4 apart, and A3 within its extended deadline', async () => {
      const s = await summary({ asOf: '2025-08-22' });
      expect(s).toMatchObject({
        total: 9,
        completed: 3,
        completedOnTime: 2,
        completedLate: 1,
        overdue: 2,
        inProgress: 4,
        onTrack: 3,
        dueSoon: 0,
        ongoing: 1,
        cancelled: 1,
        overdueRate: 0.25,
      });
      expect(s.total).toBe(s.completed + s.inProgress + s.overdue);
    });

    it('on 23/09 gives the 2 × 2 split, by agency and by source document', async () => {
      const s = await summary({ asOf: '2025-09-23' });
      expect(s).toMatchObject({
        asOf: '2025-09-23T23:59:59.999+07:00',
        knownAt: NOW,
        total: 11,
        completed: 6,
        completedOnTime: 3,
        completedLate: 3,
        overdue: 1,
        inProgress: 4,
        onTrack: 2,
        dueSoon: 1,
        ongoing: 1,
        cancelled: 1,
        recurring: 1,
        overdueRate: 0.1,
      });
      expect(byCode(s.byAgency)).toMatchObject({
        BCA: { total: 4, completedOnTime: 2, completedLate: 1, overdue: 1 },
        BKHCN: { total: 2, completedLate: 1, ongoing: 1, cancelled: 1 },
        BTC: { total: 3, completedOnTime: 1, completedLate: 1, onTrack: 1 },
        HN: { total: 2, dueSoon: 1, onTrack: 1, name: 'Ủy ban nhân dân thành phố Hà Nội' },
      });
      expect(s.bySource.map((b: any) => [b.source, b.total, b.cancelled])).toEqual([
        ['02-KH/BCĐTW', 3, 0],
        ['71/NQ-CP', 8, 1],
      ]);
    });

    it('filters by source document and by lead agency at the evaluation date', async () => {
      expect(await summary({ asOf: '2025-09-23', source: '02-KH/BCĐTW' })).toMatchObject({
        total: 3,
        overdue: 1,
        completedLate: 1,
        onTrack: 1,
      });
      expect(await summary({ asOf: '2025-07-15', agency: 'BTC' })).toMatchObject({ total: 0, byAgency: [] });
      expect(await summary({ asOf: '2025-08-01', agency: 'BTC' })).toMatchObject({ total: 3, completedOnTime: 1 });
      expect(await summary({ source: '02-KH/BCĐTW', agency: 'BCA' })).toMatchObject({ total: 1, overdue: 1 });
    });

    it('counts a window as the tasks assigned in it, evaluated as of its end', async () => {
      const w = await summary({ from: '2025-07-20', to: '2025-09-23' });
      expect(w).toMatchObject({
        asOf: '2025-09-23T23:59:59.999+07:00',
        total: 5,
        completed: 1,
        completedLate: 1,
        inProgress: 4,
        onTrack: 2,
        dueSoon: 1,
        ongoing: 1,
        overdue: 0,
        cancelled: 1,
        filters: { from: '2025-07-20T00:00:00.000+07:00', to: '2025-09-23T23:59:59.999+07:00' },
      });
      // Evaluated as of 10/07, not now: nothing is completed yet and B1 is still BKHCN's.
      const early = await summary({ from: '2025-07-01', to: '2025-07-10' });
      expect(early).toMatchObject({ total: 5, onTrack: 5, completed: 0 });
      expect(byCode(early.byAgency)).toMatchObject({ BCA: { total: 4 }, BKHCN: { total: 1 } });
      // A window with only a start is evaluated now, from the read model.
      expect(await summary({ from: '2025-09-01' })).toMatchObject({ asOf: NOW, total: 2, dueSoon: 0, overdue: 1, onTrack: 1 });
    });

    it('as known before a late-reported completion was recorded, shows that task overdue, not completed', async () => {
      const known = await summary({ asOf: '2025-09-23', knownAt: '2025-09-25' });
      expect(known).toMatchObject({ knownAt: '2025-09-25T23:59:59.999+07:00', total: 11, completed: 5, completedLate: 2, overdue: 2 });
      expect(byCode(known.byAgency).BTC).toMatchObject({ completedLate: 0, overdue: 1 });
      // knownAt alone: evaluated now (H1 is overdue since 30/09), with what was recorded by 25/09.
      expect(await summary({ knownAt: '2025-09-25' })).toMatchObject({ asOf: NOW, completedLate: 2, overdue: 3 });
    });

    it('as known before a backdated import was recorded, leaves the imported tasks out', async () => {
      // H1 and H2 were assigned on 10/09 (business time) but recorded on 12/09.
      expect(await summary({ asOf: '2025-09-11' })).toMatchObject({ total: 11, onTrack: 3, dueSoon: 1 });
      expect(await summary({ asOf: '2025-09-11', knownAt: '2025-09-11' })).toMatchObject({ total: 9, onTrack: 1, dueSoon: 1 });
    });
  });

  describe('agency ranking', () => {
    it('on 01/08 ranks BTC first (B1 counted under its lead at that date), then BCA, then the agencies with nothing due, sharing the last rank', async () => {
      const rows = await ranking({ asOf: '2025-08-01' });
      expect(rows.map((r) => [r.agency, r.rank, r.onTimeRate, r.overdue])).toEqual([
        ['BTC', 1, 1, 0],
        ['BCA', 2, 0.5, 1],
        ['BKHCN', 3, null, 0],
        ['BYT', 3, null, 0],
        ['HN', 3, null, 0],
      ]);
      expect(byCode(rows).BCA).toMatchObject({ name: 'Bộ Công an', total: 4, completedOnTime: 1, completedLate: 0, avgDaysLate: 1 });
    });

    it('on 22/08 rates BKHCN zero for its reopened, overdue task and leaves its recurring and cancelled tasks out', async () => {
      const rows = await ranking({ asOf: '2025-08-22' });
      expect(rows.map((r) => [r.agency, r.rank])).toEqual([
        ['BTC', 1],
        ['BCA', 2],
        ['BKHCN', 3],
        ['BYT', 4],
        ['HN', 4],
      ]);
      expect(byCode(rows)).toMatchObject({
        BCA: { total: 4, completedOnTime: 1, completedLate: 1, overdue: 1, onTimeRate: 0.3333, avgDaysLate: 6 },
        BKHCN: { total: 2, completedOnTime: 0, completedLate: 0, overdue: 1, onTimeRate: 0, avgDaysLate: 7 },
      });
    });

    it('on 23/09 judges A3 against its extended deadline and breaks the BTC/BCA tie on overdue count', async () => {
      const res = await get('agencies', { asOf: '2025-09-23' });
      expect(res.headers['x-report-as-of']).toBe('2025-09-23T23:59:59.999+07:00');
      expect(res.headers['x-report-known-at']).toBe(NOW);
      const rows = res.body as any[];
      expect(rows.map((r) => [r.agency, r.rank])).toEqual([
        ['BTC', 1],
        ['BCA', 2],
        ['BKHCN', 3],
        ['BYT', 4],
        ['HN', 4],
      ]);
      expect(byCode(rows)).toMatchObject({
        BTC: { total: 3, completedOnTime: 1, completedLate: 1, overdue: 0, onTimeRate: 0.5, avgDaysLate: 5 },
        BCA: { total: 4, completedOnTime: 2, completedLate: 1, overdue: 1, onTimeRate: 0.5, avgDaysLate: 22 },
        BKHCN: { total: 2, completedLate: 1, onTimeRate: 0, avgDaysLate: 21 },
        HN: { total: 2, onTimeRate: null, avgDaysLate: null },
      });
    });

    it('as known on 25/09, before C1 was reported done, BTC and BCA share the first rank', async () => {
      const rows = await ranking({ asOf: '2025-09-23', knownAt: '2025-09-25' });
      expect(rows.map((r) => [r.agency, r.rank])).toEqual([
        ['BCA', 1],
        ['BTC', 1],
        ['BKHCN', 3],
        ['BYT', 4],
        ['HN', 4],
      ]);
      expect(byCode(rows).BTC).toMatchObject({ completedLate: 0, overdue: 1, onTimeRate: 0.5, avgDaysLate: 8 });
    });
  });

  describe('monthly plan', () => {
    it('on 23/09 splits the year by the month of the deadline in force and lead agency, with what was done and what is overdue', async () => {
      const rows = (await get('monthly-plan', { year: '2025', asOf: '2025-09-23' })).body;
      expect(rows).toEqual([
        { month: '2025-07', agency: 'BCA', name: 'Bộ Công an', due: 2, completed: 2, overdue: 0, atRisk: 0 },
        { month: '2025-07', agency: 'BTC', name: 'Bộ Tài chính', due: 1, completed: 1, overdue: 0, atRisk: 0 },
        { month: '2025-08', agency: 'BCA', name: 'Bộ Công an', due: 1, completed: 0, overdue: 1, atRisk: 0 },
        { month: '2025-08', agency: 'BKHCN', name: 'Bộ Khoa học và Công nghệ', due: 1, completed: 1, overdue: 0, atRisk: 0 },
        { month: '2025-09', agency: 'BCA', name: 'Bộ Công an', due: 1, completed: 1, overdue: 0, atRisk: 0 },
        { month: '2025-09', agency: 'BTC', name: 'Bộ Tài chính', due: 1, completed: 1, overdue: 0, atRisk: 0 },
        { month: '2025-09', agency: 'HN', name: 'Ủy ban nhân dân thành phố Hà Nội', due: 1, completed: 0, overdue: 0, atRisk: 0 },
        { month: '2025-10', agency: 'BTC', name: 'Bộ Tài chính', due: 1, completed: 0, overdue: 0, atRisk: 0 },
        { month: '2025-12', agency: 'HN', name: 'Ủy ban nhân dân thành phố Hà Nội', due: 1, completed: 0, overdue: 0, atRisk: 0 },
      ]);
    });

    it('on 01/08 uses the deadlines in force then: A3 still due in August, B4 not yet cancelled', async () => {
      const rows = (await get('monthly-plan', { year: '2025', asOf: '2025-08-01' })).body;
      expect(rows.map((r: any) => [r.month, r.agency, r.due, r.completed, r.overdue])).toEqual([
        ['2025-07', 'BCA', 2, 1, 1],
        ['2025-07', 'BTC', 1, 1, 0],
        ['2025-08', 'BCA', 2, 0, 0],
        ['2025-08', 'BKHCN', 1, 0, 0],
        ['2025-09', 'BKHCN', 1, 0, 0],
        ['2025-09', 'BTC', 1, 0, 0],
        ['2025-10', 'BTC', 1, 0, 0],
      ]);
    });

    it('filters by agency, and as known on 25/09 shows C1 overdue in September', async () => {
      const rows = (await get('monthly-plan', { year: '2025', agency: 'BTC', asOf: '2025-09-23', knownAt: '2025-09-25' })).body;
      expect(rows.map((r: any) => [r.month, r.agency, r.due, r.completed, r.overdue])).toEqual([
        ['2025-07', 'BTC', 1, 1, 0],
        ['2025-09', 'BTC', 1, 0, 1],
        ['2025-10', 'BTC', 1, 0, 0],
      ]);
    });

    it('defaults to the year of the evaluation date', async () => {
      expect((await get('monthly-plan', { asOf: '2026-01-02' })).body).toEqual([]);
      expect((await get('monthly-plan')).body.length).toBe(9);
    });
  });

  describe('blockers', () => {
    it('lists open blockers now, and all of them in the order raised', async () => {
      const open = (await get('blockers')).body;
      expect(open).toEqual([
        {
          taskId: ids.H2,
          taskCode: 'H2',
          leadAgency: 'HN',
          taskStatus: 'on_track',
          blockerId: blockers.Y,
          description: 'Thiếu kinh phí',
          raisedAt: '2025-09-15T10:00:00.000+07:00',
          resolvedAt: null,
        },
      ]);
      const all = (await get('blockers', { status: 'all' })).body;
      expect(all.map((b: any) => [b.blockerId, b.resolvedAt])).toEqual([
        [blockers.X, '2025-09-18T10:00:00.000+07:00'],
        [blockers.Y, null],
      ]);
      expect((await get('blockers', { status: 'resolved' })).body.map((b: any) => b.blockerId)).toEqual([blockers.X]);
    });

    it('lists the blockers open at a past date', async () => {
      expect((await get('blockers', { asOf: '2025-09-13' })).body.map((b: any) => b.blockerId)).toEqual([blockers.X]);
      expect((await get('blockers', { asOf: '2025-09-16' })).body.map((b: any) => b.description)).toEqual([
        'Chưa có hướng dẫn kỹ thuật <kết nối>',
        'Thiếu kinh phí',
      ]);
      expect((await get('blockers', { asOf: '2025-09-11' })).body).toEqual([]);
      expect((await get('blockers', { agency: 'BCA', status: 'all' })).body).toEqual([]);
    });
  });

  describe('now, from the read models, equals a replay of the events as of now', () => {
    it('gives identical summary, ranking, monthly plan and blockers both ways', async () => {
      const pairs: [string, Record<string, string>][] = [
        ['summary', {}],
        ['summary', { source: '71/NQ-CP' }],
        ['summary', { agency: 'BKHCN' }],
        ['summary', { from: '2025-07-15' }],
        ['agencies', {}],
        ['monthly-plan', { year: '2025' }],
        ['blockers', { status: 'all' }],
      ];
      for (const [path, params] of pairs) {
        const current = await get(path, params);
        const replayed = await get(path, { ...params, asOf: NOW });
        expect({ path, params, body: replayed.body }).toEqual({ path, params, body: current.body });
        expect(replayed.headers['x-report-as-of']).toBe(NOW);
      }
      // and they are the figures of 01/10: H1 (due 30/09) has joined A4 among the overdue.
      const s = await summary();
      expect(s).toMatchObject({
        asOf: NOW,
        knownAt: NOW,
        total: 11,
        completedOnTime: 3,
        completedLate: 3,
        overdue: 2,
        dueSoon: 0,
        onTrack: 2,
        ongoing: 1,
      });
    });
  });

  describe('served from the read models with replay only of the tasks changed since, the figures equal a full replay of every task', () => {
    const RULES = { dueSoonDays: 7, timeZone: 'Asia/Ho_Chi_Minh' };
    const endOf = (day: string) => new Date(`${day}T23:59:59.999+07:00`);
    const cases: [string, Date, Date | undefined][] = [
      ['15/07', endOf('2025-07-15'), undefined],
      ['01/08', endOf('2025-08-01'), undefined],
      ['22/08', endOf('2025-08-22'), undefined],
      ['23/09', endOf('2025-09-23'), undefined],
      ['23/09 known 25/09', endOf('2025-09-23'), endOf('2025-09-25')],
      ['11/09 known 11/09', endOf('2025-09-11'), endOf('2025-09-11')],
      ['now known 25/09', new Date(NOW), endOf('2025-09-25')],
      ['now', new Date(NOW), undefined],
    ];
    const filters = [
      {},
      { agency: 'BTC' },
      { source: '02-KH/BCĐTW' },
      { assignedFrom: new Date('2025-07-20T00:00:00+07:00'), assignedTo: endOf('2025-09-23') },
    ];
    let db: SqlDatabase;
    let store: EventStore;
    const fullReplay = async (asOf: Date, knownAt: Date | undefined) => {
      const facts: TaskFact[] = [];
      await forEachTaskAsOf(db, { asOf, knownAt }, (state) => facts.push(taskFact(state, asOf, RULES)));
      return facts;
    };

    beforeAll(async () => {
      db = t.app.get<SqlDatabase>(SQL_DATABASE);
      store = t.app.get<EventStore>(EVENT_STORE);
      await get('summary'); // waits for the read models to reach the last event
    });

    it.each(cases)('as of %s: summary, ranking and monthly plan, whole and filtered', async (_, asOf, knownAt) => {
      const times = { asOf, knownAt: knownAt ?? asOf };
      const agencies = await registeredAgencies(db);
      const facts = await fullReplay(asOf, knownAt);
      for (const filter of filters) {
        const replayed = statusCells(filterFacts(facts, filter));
        const served = await pastStatusCells(db, store, { asOf, knownAt }, filter, RULES);
        expect({ filter, summary: buildSummary(served, agencies, times) }).toEqual({
          filter,
          summary: buildSummary(replayed, agencies, times),
        });
      }
      const all = await pastStatusCells(db, store, { asOf, knownAt }, {}, RULES);
      expect(buildRanking(all, agencies)).toEqual(buildRanking(statusCells(facts), agencies));
      const plan = await pastMonthCells(db, store, { asOf, knownAt }, 2025, {}, RULES);
      expect(buildMonthlyPlan(plan, agencies)).toEqual(buildMonthlyPlan(monthCells(facts, 2025), agencies));
    });

    it('now: the aggregate over rm_tasks equals the full replay as of now', async () => {
      const now = new Date(NOW);
      const agencies = await registeredAgencies(db);
      const facts = await fullReplay(now, undefined);
      expect(facts).toHaveLength(12);
      // windows whose ends fall inside days with assignments (09:00 in Hà Nội is 02:00 UTC): the
      // tally counts whole UTC days, rm_tasks the edge days
      const windows = [
        { assignedFrom: new Date('2025-07-10T08:00:00+07:00') },
        { assignedFrom: new Date('2025-07-10T10:00:00+07:00'), agency: 'BCA' },
        { assignedTo: new Date('2025-08-01T08:59:00+07:00') },
        { assignedFrom: new Date('2025-07-01T09:00:00+07:00'), assignedTo: new Date('2025-09-10T09:00:00+07:00') },
        { assignedFrom: new Date('2025-07-20T08:00:00+07:00'), assignedTo: new Date('2025-07-20T10:00:00+07:00') },
        { assignedFrom: new Date('2025-07-15T09:00:00.001+07:00'), assignedTo: new Date('2025-07-20T08:59:59.999+07:00') },
        { assignedFrom: new Date('2025-09-01T00:00:00+07:00'), assignedTo: new Date('2025-07-01T00:00:00+07:00') },
      ];
      for (const filter of [...filters, ...windows]) {
        const served = await currentStatusCells(db, filter, now, RULES);
        expect(buildSummary(served, agencies, { asOf: now, knownAt: now })).toEqual(
          buildSummary(statusCells(filterFacts(facts, filter)), agencies, { asOf: now, knownAt: now }),
        );
      }
      expect(buildRanking(await currentStatusCells(db, {}, now, RULES), agencies)).toEqual(buildRanking(statusCells(facts), agencies));
      for (const filter of [{}, { agency: 'BTC' }, ...windows]) {
        expect(buildMonthlyPlan(await currentMonthCells(db, 2025, filter, now, RULES), agencies)).toEqual(
          buildMonthlyPlan(monthCells(filterFacts(facts, filter), 2025), agencies),
        );
      }
      // the tally holds exactly the tasks, none lost or counted twice
      const { rows } = await db.query<{ tally: number; tasks: number }>(
        `SELECT (SELECT sum(tasks)::int FROM rm_task_tally) AS tally, (SELECT count(*)::int FROM rm_tasks) AS tasks`,
      );
      expect(rows[0].tally).toBe(rows[0].tasks);
    });
  });

  describe('charts', () => {
    it('renders the ranking as an SVG bar chart with Vietnamese labels', async () => {
      const res = await text(t.as('auditor').get(url('agencies/chart.svg', { asOf: '2025-09-23' }))).expect(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const svg = res.body as string;
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg).toContain('Xếp hạng cơ quan theo tỷ lệ hoàn thành nhiệm vụ đúng hạn');
      expect(svg).toContain('Số liệu tính đến 23/09/2025 23:59');
      expect(svg).toContain('1. Bộ Tài chính');
      expect(svg).toContain('4. Ủy ban nhân dân thành phố Hà Nội');
    });

    it('renders the monthly plan as an SVG column chart, for one agency when asked', async () => {
      const res = await text(
        t.as('auditor').get(url('monthly-plan/chart.svg', { year: '2025', agency: 'BCA', asOf: '2025-09-23' })),
      ).expect(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(res.body).toContain('Nhiệm vụ đến hạn theo tháng năm 2025 — Bộ Công an');
      expect(res.body).toContain('Tháng 8/2025: 1 nhiệm vụ đến hạn; đã hoàn thành 0, quá hạn 1, còn lại 0');
    });

    it('serves a dashboard page embedding both charts', async () => {
      const res = await text(t.as('coordinator').get(url('dashboard.html', { year: '2025' }))).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<html lang="vi">');
      expect((res.body as string).match(/<svg xmlns/g)).toHaveLength(2);
      expect(res.body).toContain('Tổng số nhiệm vụ');
    });
  });

  describe('access and validation', () => {
    it('restricts an agency officer to its own agency, and to its own row of the ranking, ranked among all', async () => {
      const s = await summary({ asOf: '2025-09-23' }, 'bca');
      expect(s).toMatchObject({ total: 4, filters: { agency: 'BCA' } });
      expect(s.byAgency.map((a: any) => a.agency)).toEqual(['BCA']);
      await t
        .as('bca')
        .get(url('summary', { agency: 'BTC' }))
        .expect(403);
      await t
        .as('bca')
        .get(url('monthly-plan', { agency: 'BTC' }))
        .expect(403);
      const rows = (await get('agencies', { asOf: '2025-09-23' }, 'bca')).body;
      expect(rows.map((r: any) => [r.agency, r.rank])).toEqual([['BCA', 2]]);
      const plan = (await get('monthly-plan', { year: '2025', asOf: '2025-09-23' }, 'bca')).body;
      expect(new Set(plan.map((r: any) => r.agency))).toEqual(new Set(['BCA']));
      expect((await get('blockers', { status: 'all' }, 'bca')).body).toEqual([]);
    });

    it('lets every role read reports, and no one without a token', async () => {
      for (const who of ['admin', 'coordinator', 'auditor', 'bkhcn'] as const) await t.as(who).get(url('summary')).expect(200);
      await request(t.app.getHttpServer()).get('/api/v1/reports/summary').expect(401);
    });

    it('names every bad query parameter in one 400', async () => {
      const res = await t
        .as('auditor')
        .get('/api/v1/reports/summary?asOf=2025-02-30&knownAt=yesterday&from=2025-09-01&to=2025-08-01')
        .expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: any) => d.field).sort()).toEqual(['asOf', 'from', 'knownAt']);
      const both = await t.as('auditor').get('/api/v1/reports/summary?asOf=2025-09-01&to=2025-09-02').expect(400);
      expect(both.body.error.details[0].field).toBe('asOf');
      const plan = await t.as('auditor').get('/api/v1/reports/monthly-plan?year=abc&agency=BCA&agency=BTC').expect(400);
      expect(plan.body.error.details.map((d: any) => d.field).sort()).toEqual(['agency', 'year']);
      const blockersRes = await t.as('auditor').get('/api/v1/reports/blockers?status=closed').expect(400);
      expect(blockersRes.body.error.details[0]).toMatchObject({ field: 'status' });
      await t.as('auditor').get('/api/v1/reports/agencies/chart.svg?asOf=nope').expect(400);
    });
  });
  describe('current figures follow new events and the passing of time', () => {
    // Runs last: it adds a task and moves the clock.
    it('counts a task as soon as the read models have it, and re-evaluates statuses when a deadline or midnight passes', async () => {
      expect(await summary()).toMatchObject({ total: 11, onTrack: 2, dueSoon: 0, overdue: 2 });
      await post(
        '/tasks',
        taskBody({
          code: 'D1',
          leadAgency: 'BYT',
          coordinatingAgencies: [],
          deadline: '2025-10-03',
          source: { kind: 'plan', ref: '71/NQ-CP' },
        }),
      );
      expect(await summary()).toMatchObject({ total: 12, onTrack: 2, dueSoon: 1, overdue: 2 });
      expect(byCode(await ranking()).BYT).toMatchObject({ total: 1, onTimeRate: null });
      // No event: only the clock moves. D1 falls due at the end of 03/10; C2 (31/10) comes within 7 days on 24/10.
      t.clock.set('2025-10-03T23:59:59.999+07:00');
      expect(await summary()).toMatchObject({ dueSoon: 1, overdue: 2 });
      t.clock.set('2025-10-04T00:00:00.000+07:00');
      expect(await summary()).toMatchObject({ dueSoon: 0, overdue: 3 });
      expect(byCode(await ranking()).BYT).toMatchObject({ overdue: 1, onTimeRate: 0, avgDaysLate: 1 });
      t.clock.set('2025-10-24T08:00:00+07:00');
      expect(await summary()).toMatchObject({ dueSoon: 1, onTrack: 1, overdue: 3 });
      expect(byCode(await ranking()).BYT).toMatchObject({ avgDaysLate: 21 });
      // and back again
      t.clock.set(NOW);
      expect(await summary()).toMatchObject({ total: 12, onTrack: 2, dueSoon: 1, overdue: 2 });
    });
  });
});
