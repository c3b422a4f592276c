/**
 * The task list pages on the server in any of its orders (issue 14: a list of thousands is read a
 * page at a time): sort by deadline, status, agency, title, progress or missing "6 rõ", up or
 * down, the keyset cursor continuing that order; `q` finds words in code, title, officer or
 * source; `gaps` keeps the tasks missing some "6 rõ". A past list (asOf) pages the same way.
 */
import { TestApp, agencyBody, startTestApp, taskBody } from './support/test-app';
import { API } from './support/worker-process-helpers';

interface Page {
  items: { code: string; status: string; deadline: { due: string | null } }[];
  nextCursor: string | null;
}

describe('task list: server-side order, search and paging', () => {
  let t: TestApp;
  const TASKS: [string, string, string, string][] = [
    // code, deadline, title, officer
    ['NV-01', '2026-03-31', 'Xây dựng cơ sở dữ liệu khoa học', 'Nguyễn Văn An'],
    ['NV-02', '2025-12-31', 'Sửa đổi Nghị định về đầu tư công', 'Trần Thị Bình'],
    ['NV-03', '2026-01-20', 'Đề án chuyển đổi số quốc gia', 'Lê Văn Cường'],
    ['NV-04', 'Q2/2026', 'Báo cáo tổng kết khoa học công nghệ', 'Phạm Thị Dung'],
    ['NV-05', '2026-01-09', 'Kế hoạch thực hiện Nghị quyết 71', 'Hoàng Văn Em'],
    ['NV-06', 'ongoing', 'Theo dõi thường xuyên tình hình', 'Vũ Thị Hoa'],
    ['NV-07', '2026-02-27', 'Hoàn thiện thể chế khoa học', 'Đỗ Văn Giang'],
  ];
  /** every page of `query`, `limit` at a time */
  async function all(query: string, limit = 3): Promise<string[]> {
    const codes: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res = await t
        .as('coordinator')
        .get(`${API}/tasks?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      const page = res.body as Page;
      expect(page.items.length).toBeLessThanOrEqual(limit);
      codes.push(...page.items.map((x) => x.code));
      cursor = page.nextCursor;
      if (!cursor) return codes;
    }
    throw new Error('more pages than tasks');
  }

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-15T09:00:00+07:00', env: { SCAN_INTERVAL_MS: '3600000' } });
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BCA', 'Bộ Công an')).expect(201);
    await t.as('coordinator').post(`${API}/agencies`, agencyBody('BTC', 'Bộ Tài chính')).expect(201);
    let position = 0;
    for (const [i, [code, deadline, title, officer]] of TASKS.entries()) {
      const res = await t
        .as('coordinator')
        .post(
          `${API}/tasks`,
          taskBody({
            code,
            deadline,
            title,
            leadAgency: i % 2 ? 'BTC' : 'BCA',
            coordinatingAgencies: [],
            assignee: { name: officer, email: `nv${i}@example.org` },
            // NV-03 names no deliverable: one of the "6 rõ" missing
            ...(code === 'NV-03' ? { deliverable: undefined } : {}),
          }),
        )
        .expect(201);
      position = res.body.position;
    }
    // every list below reads the read model with all seven tasks in it
    await t.as('coordinator').get(`${API}/tasks?minPosition=${position}`).expect(200);
  }, 60_000);
  afterAll(() => t?.close());

  it('pages by deadline, soonest first and latest first, without repeating or losing a row', async () => {
    const byDue = ['NV-02', 'NV-05', 'NV-03', 'NV-07', 'NV-01', 'NV-04', 'NV-06'];
    expect(await all('sort=due')).toEqual(byDue);
    expect(await all('sort=due&dir=desc')).toEqual([...byDue].reverse());
    expect(await all('sort=due', 2)).toEqual(byDue);
  });

  it('pages by status (most urgent first), agency, title and code', async () => {
    const byStatus = await all('sort=status');
    const statuses = (await t.as('coordinator').get(`${API}/tasks?limit=50`).expect(200)).body.items as Page['items'];
    const order = ['overdue', 'due_soon', 'on_track', 'ongoing'];
    const rank = (code: string) => order.indexOf(statuses.find((x) => x.code === code)!.status);
    expect(byStatus.map(rank)).toEqual([...byStatus.map(rank)].sort((a, b) => a - b));
    expect(byStatus.slice(0, 2)).toEqual(['NV-02', 'NV-05']); // the two overdue, by code
    expect(await all('sort=agency')).toEqual(['NV-01', 'NV-03', 'NV-05', 'NV-07', 'NV-02', 'NV-04', 'NV-06']);
    expect(await all('sort=code&dir=desc')).toEqual(TASKS.map(([c]) => c).reverse());
    expect(await all('')).toEqual(TASKS.map(([c]) => c));
  });

  it('finds words in the title, the officer or the code, and keeps the tasks missing "6 rõ"', async () => {
    expect(await all('q=khoa%20h%E1%BB%8Dc&sort=due')).toEqual(['NV-07', 'NV-01', 'NV-04']);
    expect(await all('q=Cường')).toEqual(['NV-03']);
    expect(await all('q=nv-06')).toEqual(['NV-06']);
    expect(await all('q=100%25')).toEqual([]); // % is a character here, not a wildcard
    expect(await all('gaps=true')).toContain('NV-03');
  });

  it('pages a past list (asOf) in the same order', async () => {
    expect(await all('sort=due&asOf=2026-01-15T09:00:00%2B07:00')).toEqual(await all('sort=due'));
    expect(await all('sort=due&dir=desc&asOf=2026-01-15T09:00:00%2B07:00', 2)).toEqual(await all('sort=due&dir=desc'));
  });

  it('pages a past list whose tasks changed since (replayed) among ones that did not (read from the read model)', async () => {
    const before = '2026-01-15T09:00:00%2B07:00';
    const statusBefore = Object.fromEntries(
      ((await t.as('coordinator').get(`${API}/tasks?limit=50`).expect(200)).body as Page).items.map((x) => [x.code, x.status]),
    );
    // two tasks change later: one completed, one extended
    t.clock.set('2026-01-20T10:00:00+07:00');
    await t.as('coordinator').post(`${API}/tasks/NV-05/completion`, { deliverableRef: 'BC 1/BC' }).expect(201);
    const ext = await t
      .as('coordinator')
      .post(`${API}/tasks/NV-02/extensions`, { newDeadline: '2026-09-30', reason: 'Điều chỉnh', decisionRef: 'CV 9/VPCP' })
      .expect(201);
    await t.as('coordinator').get(`${API}/tasks?minPosition=${ext.body.position}`).expect(200);

    // now: NV-02 runs to September, NV-05 is done; as of the 15th both were overdue, in deadline order
    expect(await all('sort=due')).not.toEqual(await all(`sort=due&asOf=${before}`));
    expect(await all(`sort=due&asOf=${before}`, 2)).toEqual(['NV-02', 'NV-05', 'NV-03', 'NV-07', 'NV-01', 'NV-04', 'NV-06']);
    const past = (await t.as('coordinator').get(`${API}/tasks?limit=50&asOf=${before}`).expect(200)).body as Page;
    expect(Object.fromEntries(past.items.map((x) => [x.code, x.status]))).toEqual(statusBefore);
    expect(await all(`status=overdue&asOf=${before}`, 1)).toEqual(['NV-02', 'NV-05']);
    // as known before the changes were recorded (at 09:00), the two were still overdue at 10:30; as known now, neither
    const at = encodeURIComponent('2026-01-20T10:30:00+07:00');
    expect(await all(`status=overdue&asOf=${at}&knownAt=${encodeURIComponent('2026-01-20T09:00:00+07:00')}`)).toEqual(['NV-02', 'NV-05']);
    expect(await all(`status=overdue&asOf=${at}`)).toEqual([]);
    t.clock.set('2026-01-15T09:00:00+07:00');
  });

  it('refuses a cursor of another order, and a bad sort, naming the field', async () => {
    const first = (await t.as('coordinator').get(`${API}/tasks?sort=due&limit=2`).expect(200)).body as Page;
    const other = await t.as('coordinator').get(`${API}/tasks?sort=status&limit=2&cursor=${first.nextCursor}`).expect(400);
    expect(other.body.error.details).toEqual([{ field: 'cursor', message: expect.stringContaining('another order') }]);
    const bad = await t.as('coordinator').get(`${API}/tasks?sort=deadline&dir=up`).expect(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['dir', 'sort']);
  });
});
