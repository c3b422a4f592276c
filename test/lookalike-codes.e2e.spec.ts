/**
 * Codes people can tell apart (issue 16): agency and task codes that look alike are one code or
 * are refused. Full-width and lower-case forms name the registered agency; invisible characters,
 * bidi controls and letters of other scripts are refused with a 400 naming the field, and nothing
 * is appended.
 */
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';

const API = '/api/v1';

describe('look-alike codes', () => {
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

  it.each([
    ['lower-case', 'bca'],
    ['full-width', 'ＢＣＡ'],
    ['padded', '  BCA '],
  ])('registering the %s form of a registered agency code → 409 duplicate_agency', async (_, code) => {
    const before = await eventCount();
    const res = await t.as('coordinator').post(`${API}/agencies`, agencyBody(code, 'Bộ Công an (lần hai)'));
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 409, code: 'duplicate_agency' });
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ['a zero-width space', 'BCA\u200b', /invisible character \(U\+200B\)/],
    ['a right-to-left override', '\u202eACB', /bidirectional control character \(U\+202E\)/],
    ['Cyrillic look-alike letters', 'ВСА', /'В' \(U\+0412\), a letter of another script/],
    ['one Greek letter among Latin ones', 'BCΑ', /U\+0391/],
  ])('an agency code with %s → 400 naming code, nothing appended', async (_, code, why) => {
    const before = await eventCount();
    const res = await t.as('coordinator').post(`${API}/agencies`, agencyBody(code, 'Giả mạo'));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'code', message: expect.stringMatching(why) }]);
    expect(await eventCount()).toBe(before);
  });

  it('a task names its agencies in any normalised form and stores the canonical codes', async () => {
    const res = await t
      .as('coordinator')
      .post(`${API}/tasks`, taskBody({ code: 'ＬＫ-０１', leadAgency: 'bca', coordinatingAgencies: ['ｂｋｈｃｎ'] }))
      .expect(201);
    expect(res.body).toMatchObject({ code: 'LK-01', leadAgency: 'BCA', coordinatingAgencies: ['BKHCN'] });
    // the agency officer of BCA sees it as the lead; the code finds it in either form
    await t
      .as('bca')
      .get(`${API}/tasks/${encodeURIComponent('ＬＫ-０１')}?minPosition=${res.body.position}`)
      .expect(200);
    const again = await t.as('coordinator').post(`${API}/tasks`, taskBody({ code: ' LK-01 ' }));
    expect({ status: again.status, code: again.body.error?.code }).toEqual({ status: 409, code: 'duplicate_task' });
  });

  it.each([
    ['code', { code: 'LK-02\u200b' }, /invisible/],
    ['code', { code: 'LK-\u202e20' }, /bidirectional/],
    ['code', { code: 'LK-О2' }, /U\+041E/],
    ['leadAgency', { code: 'LK-03', leadAgency: 'ВСА' }, /another script/],
    ['coordinatingAgencies[1]', { code: 'LK-04', coordinatingAgencies: ['BKHCN', 'BKHCN\u2066'] }, /bidirectional/],
  ])('a task whose %s looks like another → 400 naming it, nothing appended', async (field, overrides, why) => {
    const before = await eventCount();
    const res = await t.as('coordinator').post(`${API}/tasks`, taskBody(overrides));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field, message: expect.stringMatching(why) }]);
    expect(await eventCount()).toBe(before);
  });

  it('list and report filters take an agency code in any normalised form', async () => {
    const list = await t.as('auditor').get(`${API}/tasks?agency=bca`).expect(200);
    expect(list.body.items.map((i: { code: string }) => i.code)).toContain('LK-01');
    const wide = await t
      .as('auditor')
      .get(`${API}/tasks?agency=${encodeURIComponent('ＢＣＡ')}`)
      .expect(200);
    expect(wide.body.items).toEqual(list.body.items);
    const summary = await t.as('auditor').get(`${API}/reports/summary?agency=bca`).expect(200);
    const upper = await t.as('auditor').get(`${API}/reports/summary?agency=BCA`).expect(200);
    expect(summary.body).toEqual(upper.body);
    // and the filter is not simply ignored: another agency counts differently
    const other = await t.as('auditor').get(`${API}/reports/summary?agency=BKHCN`).expect(200);
    expect(other.body).not.toEqual(upper.body);
  });

  it('GET /agencies/{code} finds the agency by its lower-case form; a look-alike is not found', async () => {
    expect((await t.as('auditor').get(`${API}/agencies/bca`).expect(200)).body.code).toBe('BCA');
    await t
      .as('auditor')
      .get(`${API}/agencies/${encodeURIComponent('ВСА')}`)
      .expect(404);
  });
});
