import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

/**
 * Early warning over HTTP (api.md "Early warning"): the task carries its risk level and reasons
 * in the caller's language, the list filters by level, the summary and the monthly plan count
 * `atRisk`, now from SQL and in the past from the replayed events, and the two agree.
 */
describe('risk levels over HTTP (real PostgreSQL)', () => {
  let t: TestApp;
  let last = 0;
  const ids: Record<string, string> = {};

  const post = async (url: string, body: unknown) => {
    const res = await t.as('coordinator').post(`/api/v1${url}`, body).expect(201);
    if (res.body.position) last = res.body.position;
    return res.body;
  };
  const get = async (url: string, lang = 'en') =>
    (
      await t
        .as('coordinator')
        .get(`/api/v1${url}${url.includes('?') ? '&' : '?'}minPosition=${last}`)
        .set('Accept-Language', lang)
        .expect(200)
    ).body;
  const codes = (page: { items: { code: string }[] }) => page.items.map((i) => i.code);

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-05T09:00:00+07:00', env: { SCAN_INTERVAL_MS: '3600000' } });
    await post('/agencies', agencyBody('BCA', 'Bộ Công an'));
    await post('/agencies', agencyBody('BKHCN', 'Bộ Khoa học và Công nghệ'));
    const make = async (code: string, deadline: string, leadAgency: string) =>
      (ids[code] = (await post('/tasks', taskBody({ code, deadline, leadAgency, coordinatingAgencies: [] }))).id);
    await make('RR-1', '2026-01-30', 'BCA');
    await make('RR-2', '2026-06-30', 'BCA');
    await make('RR-3', '2026-06-30', 'BKHCN');
    await make('RR-4', '2026-01-29', 'BKHCN');
    t.clock.set('2026-01-20T10:00:00+07:00');
    await post(`/tasks/${ids['RR-2']}/progress`, { percent: 30, note: 'Đã hoàn thành dự thảo' });
    await post(`/tasks/${ids['RR-3']}/progress`, { percent: 30, note: null });
    await post(`/tasks/${ids['RR-3']}/blockers`, { description: 'Chờ ý kiến thẩm định của Bộ Tư pháp' });
    await post(`/tasks/${ids['RR-4']}/progress`, { percent: 90, note: 'Đang hoàn thiện hồ sơ trình' });
    t.clock.set('2026-01-26T10:00:00+07:00');
  });
  afterAll(() => t?.close());

  it('shows each task its level and reasons, in Vietnamese by default and in English when asked', async () => {
    const vi = await get(`/tasks/${ids['RR-1']}`, 'vi');
    expect(vi.risk).toEqual({
      level: 'high',
      points: 3,
      reasons: [{ code: 'behind_schedule', points: 3, text: 'Đã qua 84% thời gian thực hiện, tiến độ mới đạt 0%' }],
    });
    const en = await get(`/tasks/${ids['RR-1']}`, 'en');
    expect(en.risk.reasons[0].text).toBe('84% of the time has passed, progress is 0%');
    expect((await get(`/tasks/${ids['RR-2']}`)).risk).toEqual({ level: 'low', points: 0, reasons: [] });
    expect((await get(`/tasks/${ids['RR-3']}`)).risk).toMatchObject({ level: 'medium', reasons: [{ code: 'open_blocker', points: 2 }] });
  });

  it('filters the list by level, and the listed risk is the task page’s', async () => {
    expect(codes(await get('/tasks?risk=high'))).toEqual(['RR-1']);
    expect(codes(await get('/tasks?risk=medium'))).toEqual(['RR-3']);
    expect(codes(await get('/tasks?risk=low'))).toEqual(['RR-2', 'RR-4']);
    const listed = (await get('/tasks')).items.find((i: any) => i.code === 'RR-1');
    expect(listed.risk).toEqual((await get(`/tasks/${ids['RR-1']}`)).risk);
    const bad = await t.as('coordinator').get('/api/v1/tasks?risk=severe').set('Accept-Language', 'en').expect(400);
    expect(JSON.stringify(bad.body)).toContain('risk');
  });

  it('counts atRisk in the summary and the monthly plan, now and in the past after the task moved', async () => {
    const now = await get('/reports/summary');
    expect(now).toMatchObject({ atRisk: 1, dueSoon: 2, onTrack: 2 });
    expect(now.byAgency.find((a: any) => a.agency === 'BCA').atRisk).toBe(1);
    const plan = await get('/reports/monthly-plan?year=2026');
    expect(plan.find((r: any) => r.month === '2026-01' && r.agency === 'BCA')).toMatchObject({ due: 1, atRisk: 1 });

    // RR-1 reports 60 %: no longer at high risk now; as of the morning (replayed, since it changed) it was
    await post(`/tasks/${ids['RR-1']}/progress`, { percent: 60, note: 'Đã trình dự thảo lần 1' });
    expect((await get('/reports/summary')).atRisk).toBe(0);
    expect((await get(`/tasks/${ids['RR-1']}`)).risk.level).toBe('low');
    const morning = '2026-01-26T08:00:00%2B07:00';
    expect((await get(`/reports/summary?asOf=${morning}`)).atRisk).toBe(1);
    expect(codes(await get(`/tasks?asOf=${morning}&risk=high`))).toEqual(['RR-1']);
    expect((await get(`/tasks/${ids['RR-1']}?asOf=${morning}`)).risk.level).toBe('high');
    // ten days in, the gap between time and progress is 40 points: low (1 point), not high
    expect((await get('/reports/summary?asOf=2026-01-15')).atRisk).toBe(0);
    expect((await get(`/tasks/${ids['RR-1']}?asOf=2026-01-15T12:00:00%2B07:00`)).risk).toMatchObject({
      level: 'low',
      reasons: [{ code: 'behind_schedule', points: 1 }],
    });
  });
});
